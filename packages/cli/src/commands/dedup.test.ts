import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { run } from '../run.js'

function capture() {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8')
  })
  return { stream, text: () => text }
}

const readLines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>)

const stack = [
  { function: 'renderInvite', file: 'src/members/invite.tsx', line: 12 },
  { function: 'MembersTable', file: 'src/members/table.tsx', line: 40 },
]
const envelope = {
  id: 'env_0001abcd',
  schemaVersion: 1,
  kind: 'error',
  occurredAt: '2026-11-23T10:00:00.000Z',
  app: { name: 'acme-web' },
  route: { template: '/settings/members' },
  boundary: 'MembersPage',
  error: {
    type: 'TypeError',
    message: "Cannot read properties of undefined (reading 'email')",
    frames: stack.map((f) => ({ ...f, column: 1 })),
    handled: true,
    mechanism: 'boundary',
  },
}
const records = [
  envelope,
  {
    id: 'r1',
    title: "TypeError: Cannot read properties of undefined (reading 'email')",
    text: "Cannot read properties of undefined (reading 'email')",
    stack,
    route: '/admin/members',
    errorType: 'TypeError',
    createdAt: '2026-11-24T10:00:00Z',
  },
  {
    id: 'r2',
    title: 'Export to CSV times out for large workspaces',
    route: '/reports',
    createdAt: '2026-11-25T10:00:00Z',
  },
  {
    id: 'r3',
    title: 'CSV export times out on big workspaces',
    createdAt: '2026-11-26T10:00:00Z',
  },
]

describe('suture dedup (file form)', () => {
  it('clusters envelopes and minimal records, writes links and related reports', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'suture-dedup-'))
    writeFileSync(path.join(dir, 'signals.jsonl'), `${records.map((r) => JSON.stringify(r)).join('\n')}\n`)
    const out = capture()
    const code = await run(
      [
        'dedup',
        '--in',
        'signals.jsonl',
        '--out',
        'clusters.jsonl',
        '--pairs',
        'pairs.jsonl',
        '--similar',
        '2',
        'similar.jsonl',
      ],
      { cwd: dir, stdout: out.stream },
    )
    expect(code).toBe(0)
    expect(out.text()).toContain('4 signals → 3 clusters')
    const clusters = readLines(path.join(dir, 'clusters.jsonl'))
    // Same stack + same message on two routes: two signals agree, so one cluster named by the earliest.
    expect(clusters.slice(0, 2)).toEqual([
      { id: 'env_0001abcd', cluster: 'env_0001abcd' },
      { id: 'r1', cluster: 'env_0001abcd' },
    ])
    // Text is the only signal the two CSV reports share: a link for a human, not a merge.
    expect(clusters[2]?.cluster).not.toBe(clusters[3]?.cluster)
    expect(readLines(path.join(dir, 'pairs.jsonl'))).toEqual([
      expect.objectContaining({ a: 'r2', b: 'r3', signal: 'semantics' }),
    ])
    const similar = readLines(path.join(dir, 'similar.jsonl'))
    expect(similar[0]).toEqual({ id: 'env_0001abcd', similar: [] })
    expect((similar[3]?.similar as { id: string }[] | undefined)?.[0]?.id).toBe('r2')
  })

  it('respects a human "same" answer on the next run', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'suture-dedup-'))
    writeFileSync(path.join(dir, 'signals.jsonl'), records.map((r) => JSON.stringify(r)).join('\n'))
    writeFileSync(path.join(dir, 'answers.jsonl'), JSON.stringify({ a: 'r2', b: 'r3', answer: 'same' }))
    const code = await run(
      ['dedup', '--in', 'signals.jsonl', '--out', 'clusters.jsonl', '--decisions', 'answers.jsonl'],
      { cwd: dir, stdout: capture().stream },
    )
    expect(code).toBe(0)
    const clusters = readLines(path.join(dir, 'clusters.jsonl'))
    expect(clusters[3]?.cluster).toBe('r2')
  })

  it('names the line and the field of a bad record', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'suture-dedup-'))
    writeFileSync(path.join(dir, 'signals.jsonl'), `{"id":"a","title":"x"}\n{"id":"b","stack":"oops"}\n`)
    const err = capture()
    const code = await run(['dedup', '--in', 'signals.jsonl', '--out', 'c.jsonl'], {
      cwd: dir,
      stderr: err.stream,
    })
    expect(code).toBe(1)
    expect(err.text()).toContain('signals.jsonl:2: stack')
  })

  it('requires --in and --out', async () => {
    const err = capture()
    expect(await run(['dedup', '--out', 'x.jsonl'], { stderr: err.stream })).toBe(2)
    expect(err.text()).toContain('--in is required')
  })
})

describe('suture eval dedup', () => {
  it('prints pairwise, B-cubed and recall-rate beside the TF-IDF baseline on the real GitBugs split', async () => {
    const file = path.resolve(import.meta.dirname, '../../../../../shared/data/dedup/gitbugs_dup.jsonl')
    const out = capture()
    const code = await run(['eval', 'dedup', '--in', file], { stdout: out.stream })
    expect(code).toBe(0)
    expect(out.text()).toContain('1067 records')
    expect(out.text()).toMatch(/suture\s+1\.000 /)
    expect(out.text()).toMatch(/tf-idf\s+0\.\d{3} /)
    expect(out.text()).toContain('human-confirmation queue (policy: ≤ 5 per week')
    expect(out.text()).toMatch(
      /every one-signal link \(no calibration, no cap\)\s+\d+\s+\d+\s+0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]\s+\d+ \/ 41 = /,
    )
    expect(out.text()).toMatch(/policy, 5-fold cross-validated \(held out\)\s+\d+\s+\d+/)
    // Each fold counts a crowded text neighbourhood (templated siblings) against a link.
    expect(out.text()).toMatch(/neighbourhood density\): (\d\.\d{2} -?\d\.\d{2} -\d+\.\d{2}( \/ )?){5}/)
    expect(out.text()).toMatch(/goal \(issue 17\): held-out precision ≥ 0\.5 .* — (met|not met)/)
  })
})
