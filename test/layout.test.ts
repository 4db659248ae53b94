import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
// @ts-expect-error: a plain .mjs script with no declaration file; it runs before anything is built.
import { checkLayout } from '../scripts/check-layout.mjs'

const REPO = path.resolve(import.meta.dirname, '..')
const check = checkLayout as (root: string) => string[]

function manifest(name: string, dependencies: Record<string, string> = {}, exports: string[] = ['.']) {
  return JSON.stringify({
    name: `@suture/${name}`,
    dependencies,
    exports: Object.fromEntries([...exports.map((e) => [e, {}]), ['./package.json', './package.json']]),
  })
}

/** A small workspace laid out like the real one: store, scorer and pm-agent, each with an index. */
function workspace(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'suture-layout-'))
  const base: Record<string, string> = {
    'packages/envelope/package.json': manifest('envelope'),
    'packages/envelope/src/index.ts': 'export const x = 1\n',
    'packages/store/package.json': manifest('store', { '@suture/envelope': 'workspace:*' }, [
      '.',
      './testing',
    ]),
    'packages/store/src/index.ts': "import { x } from '@suture/envelope'\nexport const y = x\n",
    'packages/scorer/package.json': manifest('scorer', { '@suture/store': 'workspace:*' }),
    'packages/scorer/src/index.ts': "import { y } from '@suture/store'\nexport const z = y\n",
    'packages/pm-agent/package.json': manifest('pm-agent', { '@suture/store': 'workspace:*' }),
    'packages/pm-agent/src/index.ts': "import { y } from '@suture/store'\nexport const w = y\n",
    ...files,
  }
  for (const [file, text] of Object.entries(base)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), text)
  }
  return root
}

describe('the layout check', () => {
  const roots: string[] = []
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true })
  })
  const make = (files: Record<string, string>) => {
    const root = workspace(files)
    roots.push(root)
    return root
  }

  it('passes on this repository', () => {
    expect(check(REPO)).toEqual([])
  })

  it('passes on a workspace that follows the rule', () => {
    expect(check(make({}))).toEqual([])
  })

  it('fails when pm-agent imports the scorer (siblings never import each other)', () => {
    const root = make({
      'packages/pm-agent/package.json': manifest('pm-agent', {
        '@suture/store': 'workspace:*',
        '@suture/scorer': 'workspace:*',
      }),
      'packages/pm-agent/src/triage/low-scores.ts':
        "import { z } from '@suture/scorer'\nexport const v = z\n",
    })
    const problems = check(root)
    expect(problems).toContainEqual(expect.stringContaining('packages/pm-agent/src/triage/low-scores.ts:1'))
    expect(problems).toContainEqual(
      expect.stringContaining('package.json: dependencies lists @suture/scorer'),
    )
  })

  it('fails when a package imports one above it', () => {
    const problems = check(
      make({ 'packages/store/src/uses-scorer.ts': "export { z } from '@suture/scorer'\n" }),
    )
    expect(problems).toEqual([
      expect.stringMatching(/store\/src\/uses-scorer\.ts:1: @suture\/store imports @suture\/scorer/),
    ])
  })

  it('fails on a reach into another package’s src/ or an unexported subpath', () => {
    const problems = check(
      make({
        'packages/scorer/src/a.ts': "import { y } from '../../store/src/index.js'\nexport const a = y\n",
        // Specifiers built at run time, so the check does not read this file's own strings as imports.
        'packages/scorer/src/b.ts': `const m = await import('${'@suture/store'}/src/internal.js')\nexport const b = m\n`,
        'test/e2e.test.ts': `import { y } from '${'../packages'}/store/src/index.js'\n`,
      }),
    )
    expect(problems).toHaveLength(3)
    expect(problems[0]).toContain('leaves packages/scorer')
    expect(problems[1]).toContain("not in @suture/store's exports")
    expect(problems[2]).toContain('reaches into packages/')
  })

  it('fails on an import of a package not listed in package.json', () => {
    const problems = check(
      make({ 'packages/scorer/src/c.ts': "import { x } from '@suture/envelope'\nexport const c = x\n" }),
    )
    expect(problems).toEqual([expect.stringContaining('does not list @suture/envelope')])
  })
})
