import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { renderJsonSchemaFiles } from '../src/json-schema/envelope-json-schema.js'

// Writes packages/envelope/schema/*.schema.json from the zod schemas. A test fails when they drift.
const dir = path.resolve(import.meta.dirname, '../schema')
mkdirSync(dir, { recursive: true })
for (const [name, text] of Object.entries(renderJsonSchemaFiles())) {
  writeFileSync(path.join(dir, name), text)
  console.log(`wrote ${path.relative(process.cwd(), path.join(dir, name))}`)
}
