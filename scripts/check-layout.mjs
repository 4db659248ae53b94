#!/usr/bin/env node
// The package layout's dependency rule, checked over imports and package.json dependencies (issue: one
// package per part). Plain Node with no dependencies so it runs in milliseconds before anything is built.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * Which workspace packages each package may depend on. The order is the layout's table:
 * envelope ← store ← scorer, pm-agent, fixer ← service ← cli, and error-boundary needs only envelope.
 * scorer, pm-agent and fixer are siblings: what one needs of another goes through store's tables or an
 * interface the service wires.
 */
export const ALLOWED = {
  envelope: [],
  'error-boundary': ['envelope'],
  store: ['envelope'],
  scorer: ['envelope', 'store'],
  'pm-agent': ['envelope', 'store'],
  fixer: ['envelope', 'store'],
  service: ['envelope', 'store', 'scorer', 'pm-agent', 'fixer'],
  cli: ['envelope', 'store', 'scorer', 'pm-agent', 'fixer', 'service'],
}

const SOURCE = /\.(?:[cm]?[jt]sx?)$/
const SKIP_DIRS = new Set(['node_modules', 'dist', '.git', '.suture', 'coverage'])
const IMPORT =
  /(?:\bimport\s+(?:type\s+)?(?:[\w*{}\s,]+?\s+from\s+)?|\bexport\s+(?:type\s+)?(?:\*|\{[^}]*\})\s+from\s+|\bimport\s*\(\s*)['"]([^'"]+)['"]/g

function* sourceFiles(dir) {
  if (!existsSync(dir)) return
  for (const entry of readdirSync(dir)) {
    if (SKIP_DIRS.has(entry)) continue
    const full = path.join(dir, entry)
    if (statSync(full).isDirectory()) yield* sourceFiles(full)
    else if (SOURCE.test(entry) && !entry.endsWith('.d.ts')) yield full
  }
}

function importsOf(file) {
  const text = readFileSync(file, 'utf8')
  const found = []
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1]
    if (specifier === undefined) continue
    const line = text.slice(0, match.index).split('\n').length
    found.push({ specifier, line })
  }
  return found
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'))
}

/** `@suture/store/testing` → `{ name: 'store', subpath: './testing' }`. */
function parseSuture(specifier) {
  const match = /^@suture\/([^/]+)(\/.*)?$/.exec(specifier)
  if (!match || match[1] === undefined) return undefined
  return { name: match[1], subpath: match[2] ? `.${match[2]}` : '.' }
}

/**
 * Every breach of the layout under `root`, as `file:line: what is wrong` lines (empty when clean).
 * @example
 * const problems = checkLayout(process.cwd())
 * if (problems.length > 0) process.exitCode = 1
 */
export function checkLayout(root) {
  const problems = []
  const packagesDir = path.join(root, 'packages')
  const packages = new Map()
  for (const dir of existsSync(packagesDir) ? readdirSync(packagesDir) : []) {
    const manifest = path.join(packagesDir, dir, 'package.json')
    if (existsSync(manifest)) packages.set(dir, readJson(manifest))
  }
  const rel = (file) => path.relative(root, file)

  for (const [dir, manifest] of packages) {
    const allowed = ALLOWED[dir]
    if (allowed === undefined) {
      problems.push(
        `packages/${dir}: not in the layout; add it to ALLOWED in scripts/check-layout.mjs with its place in the order`,
      )
      continue
    }
    if (manifest.name !== `@suture/${dir}`) {
      problems.push(`packages/${dir}/package.json: name is ${manifest.name}, expected @suture/${dir}`)
    }
    for (const field of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const dep of Object.keys(manifest[field] ?? {})) {
        const target = parseSuture(dep)
        if (target && !allowed.includes(target.name)) {
          problems.push(
            `packages/${dir}/package.json: ${field} lists ${dep}, which @suture/${dir} may not depend on (allowed: ${allowed.join(', ') || 'none'})`,
          )
        }
      }
    }
    const declared = new Set([
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.devDependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ])
    const packageRoot = path.join(packagesDir, dir)
    for (const file of sourceFiles(packageRoot)) {
      for (const { specifier, line } of importsOf(file)) {
        const where = `${rel(file)}:${line}`
        if (specifier.startsWith('.')) {
          const resolved = path.resolve(path.dirname(file), specifier)
          if (resolved.startsWith(packagesDir + path.sep) && !resolved.startsWith(packageRoot + path.sep)) {
            problems.push(
              `${where}: relative import ${specifier} leaves packages/${dir}; import the other package by name and its exports`,
            )
          }
          continue
        }
        const target = parseSuture(specifier)
        if (!target || target.name === dir) continue
        if (!allowed.includes(target.name)) {
          problems.push(
            `${where}: @suture/${dir} imports ${specifier}; it may import only ${allowed.map((a) => `@suture/${a}`).join(', ') || 'no workspace package'}`,
          )
          continue
        }
        if (!declared.has(`@suture/${target.name}`)) {
          problems.push(
            `${where}: imports ${specifier} but packages/${dir}/package.json does not list @suture/${target.name}`,
          )
        }
        problems.push(...subpathProblems(packages, target, specifier, where))
      }
    }
  }

  // End-to-end tests, benchmarks and examples use packages only through their exports, like a user.
  for (const top of ['test', 'bench', 'examples']) {
    for (const file of sourceFiles(path.join(root, top))) {
      for (const { specifier, line } of importsOf(file)) {
        const where = `${rel(file)}:${line}`
        if (specifier.startsWith('.')) {
          const resolved = path.resolve(path.dirname(file), specifier)
          if (resolved.startsWith(packagesDir + path.sep)) {
            problems.push(
              `${where}: relative import ${specifier} reaches into packages/; import the package by name`,
            )
          }
          continue
        }
        const target = parseSuture(specifier)
        if (target) problems.push(...subpathProblems(packages, target, specifier, where))
      }
    }
  }
  return problems
}

function subpathProblems(packages, target, specifier, where) {
  const manifest = packages.get(target.name)
  if (manifest === undefined) return [`${where}: ${specifier} names no package under packages/`]
  const exported = Object.keys(manifest.exports ?? { '.': null })
  if (!exported.includes(target.subpath)) {
    return [
      `${where}: ${specifier} is not in @suture/${target.name}'s exports (${exported.join(', ')}); only the exports map is public`,
    ]
  }
  return []
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'))
  const problems = checkLayout(root)
  if (problems.length > 0) {
    console.error(`Layout check: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}`)
    console.error(
      '\nThe rule and the reasons: ../shared/CONVENTIONS.md (Layout) and the root README (packages).',
    )
    process.exitCode = 1
  } else {
    console.log(`Layout check: ${packages_count(root)} packages follow the dependency rule.`)
  }
}

function packages_count(root) {
  return readdirSync(path.join(root, 'packages')).filter((d) =>
    existsSync(path.join(root, 'packages', d, 'package.json')),
  ).length
}
