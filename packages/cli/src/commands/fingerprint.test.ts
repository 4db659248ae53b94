import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../testing/run-cli.js'

const dir = mkdtempSync(path.join(tmpdir(), 'suture-fingerprint-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const suture = (args: string[]) => runCli(args, { cwd: dir })

const STACKS = path.resolve(import.meta.dirname, '../../../../../shared/data/stacks/stacks_dev.jsonl')

describe('suture fingerprint', () => {
  it('parses every stack of the shared data set into frames and a fingerprint', async () => {
    const result = await suture(['fingerprint', '--in', STACKS, '--out', 'out.jsonl', '--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const summary = JSON.parse(result.stdout) as {
      lines: number
      written: number
      bad: number
      fingerprints: number
    }
    const inputs = readFileSync(STACKS, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string })
    expect(summary).toMatchObject({ lines: inputs.length, written: inputs.length, bad: 0 })
    const outputs = readFileSync(path.join(dir, 'out.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; fingerprint: string; frames: unknown[] })
    expect(outputs.map((o) => o.id)).toEqual(inputs.map((i) => i.id))
    for (const output of outputs) {
      expect(output.fingerprint).toMatch(/^[0-9a-f]{16}$/)
      expect(Object.keys(output.frames[0] ?? {})).toEqual(['function', 'file', 'line', 'column'])
    }
    // Different tests in the data set are different code paths.
    expect(summary.fingerprints).toBeGreaterThan(inputs.length / 2)
  })

  it('groups the same error across releases and reads name and message from the stack header', async () => {
    const stack = (hash: string, line: number) =>
      `TypeError: Cannot read properties of undefined (reading 'id')\n    at load (https://app.test/assets/main.${hash}.js:${line}:9)`
    writeFileSync(
      path.join(dir, 'two.jsonl'),
      `${JSON.stringify({ id: 'a', stack: stack('3f9a1c', 10) })}\n${JSON.stringify({ id: 'b', stack: stack('77e0b2', 31) })}\n`,
    )
    const result = await suture(['fingerprint', '--in', 'two.jsonl', '--out', 'two-out.jsonl'])
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('2 stacks → 1 distinct fingerprints')
    const [a, b] = readFileSync(path.join(dir, 'two-out.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(a.fingerprint).toBe(b.fingerprint)
    expect(a.frames).toEqual([
      { function: 'load', file: 'https://app.test/assets/main.3f9a1c.js', line: 10, column: 9 },
    ])
  })

  it('reports bad lines with their line number, skips them, and exits 1 at the end', async () => {
    writeFileSync(
      path.join(dir, 'bad.jsonl'),
      [
        JSON.stringify({ id: 1, stack: 'foo@http://x.test/a.js:1:2' }),
        '{not json',
        JSON.stringify({ id: 3 }),
        '',
        JSON.stringify({ id: 4, stack: '', name: 'Error', message: 'User 42 not found' }),
      ].join('\n'),
    )
    const result = await suture(['fingerprint', '--in', 'bad.jsonl', '--out', 'bad-out.jsonl', '--json'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('bad.jsonl:2: not valid JSON')
    expect(result.stderr).toContain('bad.jsonl:3: stack:')
    expect(JSON.parse(result.stdout)).toMatchObject({ lines: 4, written: 2, bad: 2 })
    const ids = readFileSync(path.join(dir, 'bad-out.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).id)
    expect(ids).toEqual([1, 4])
  })

  it('explains a missing flag or file', async () => {
    expect((await suture(['fingerprint', '--out', 'x.jsonl'])).code).toBe(2)
    const missing = await suture(['fingerprint', '--in', 'nope.jsonl', '--out', 'x.jsonl'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('cannot read nope.jsonl')
  })
})
