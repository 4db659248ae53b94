import { SUITES } from './suites/index.js'

const wanted = process.argv.slice(2)
const suites = wanted.length > 0 ? SUITES.filter((s) => wanted.includes(s.name)) : SUITES
const unknown = wanted.filter((w) => !SUITES.some((s) => s.name === w))
if (unknown.length > 0) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; known: ${SUITES.map((s) => s.name).join(', ')}`)
  process.exit(2)
}
console.log(`node ${process.version}, ${(await import('node:os')).cpus().length} cores`)
for (const suite of suites) {
  console.log(`\n== ${suite.name}`)
  await suite.run((line) => console.log(`  ${line}`))
}
