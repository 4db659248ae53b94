import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../testing/run-cli.js'

const dir = mkdtempSync(path.join(tmpdir(), 'suture-scrub-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const suture = (args: string[]) => runCli(args, { cwd: dir })

const PII = path.resolve(import.meta.dirname, '../../../../../shared/data/pii/pii_dev.jsonl')

describe('suture scrub', () => {
  it('scrubs the shared PII data set: no labelled value survives, negatives are untouched', async () => {
    const result = await suture(['scrub', '--in', PII, '--out', 'pii-out.jsonl', '--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const inputs = readFileSync(PII, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; text: string; spans: { start: number; end: number }[] })
    const outputs = readFileSync(path.join(dir, 'pii-out.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; text: string; spans: unknown[] })
    expect(outputs).toHaveLength(inputs.length)
    for (const [i, input] of inputs.entries()) {
      const output = outputs[i]
      expect(output?.id).toBe(input.id)
      expect(output?.spans).toEqual(input.spans)
      if (input.spans.length === 0) expect(output?.text).toBe(input.text)
      for (const span of input.spans)
        expect(output?.text).not.toContain(input.text.slice(span.start, span.end))
    }
    const summary = JSON.parse(result.stdout) as {
      written: number
      changed: number
      replaced: Record<string, number>
    }
    expect(summary.written).toBe(inputs.length)
    expect(summary.changed).toBe(inputs.filter((i) => i.spans.length > 0).length)
    expect(summary.replaced.card).toBeGreaterThan(0)
  })

  it('uses the server scrubber unless --browser asks for the SDK one', async () => {
    writeFileSync(
      path.join(dir, 'phones.jsonl'),
      `${JSON.stringify({ id: 'p', text: 'Rufen Sie mich unter 030 1234567 an' })}\n`,
    )
    const server = await suture(['scrub', '--in', 'phones.jsonl', '--out', 'server.jsonl'])
    expect(server.code).toBe(0)
    expect(readFileSync(path.join(dir, 'server.jsonl'), 'utf8')).toContain('Rufen Sie mich unter [phone] an')
    const browser = await suture(['scrub', '--in', 'phones.jsonl', '--out', 'browser.jsonl', '--browser'])
    expect(browser.code).toBe(0)
    expect(readFileSync(path.join(dir, 'browser.jsonl'), 'utf8')).toContain('030 1234567')
  })

  it('skips bad lines with their line number and exits 1', async () => {
    writeFileSync(
      path.join(dir, 'texts.jsonl'),
      [
        JSON.stringify({ id: 'a', text: 'mail ann@acme.test' }),
        '[1,2',
        JSON.stringify({ id: 'c', text: 42 }),
      ].join('\n'),
    )
    const result = await suture(['scrub', '--in', 'texts.jsonl', '--out', 'texts-out.jsonl'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('texts.jsonl:2: not valid JSON')
    expect(result.stderr).toContain('texts.jsonl:3: text:')
    expect(result.stdout).toContain('1 texts scrubbed (1 changed: 1 email)')
    expect(readFileSync(path.join(dir, 'texts-out.jsonl'), 'utf8')).toBe(
      `${JSON.stringify({ id: 'a', text: 'mail [email]' })}\n`,
    )
  })
})
