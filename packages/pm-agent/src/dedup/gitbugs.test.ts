import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluateDedup, type LabelledSignal } from './eval-run.js'

const file = path.resolve(import.meta.dirname, '../../../../../shared/data/dedup/gitbugs_dup.jsonl')

interface Row {
  id: string
  group: string
  title: string
  text?: string
  created: string
  source: string
}

function load(source?: string): LabelledSignal[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Row)
    .filter((row) => source === undefined || row.source === source)
    .map((row) => ({
      group: row.group,
      signal: { id: row.id, kind: 'record', title: row.title, text: row.text, createdAt: row.created },
    }))
}

// Floors are what the engine honestly reaches on the development split (README, "Clustering"); they
// guard against regressions, not a target tuned to this split.
describe('dedup on the GitBugs labelled reports (text only)', () => {
  it('never merges on text alone, so no duplicate is wrongly merged', () => {
    const report = evaluateDedup(load())
    expect(report.suture.pairwise.precision).toBe(1)
    expect(report.suture.bcubed.precision).toBe(1)
    expect(report.suture.links).toBeGreaterThan(0)
  })

  it('ranks an earlier duplicate first more often than the plain TF-IDF baseline, on each project', () => {
    for (const source of ['gitbugs/hadoop', 'gitbugs/seamonkey']) {
      const report = evaluateDedup(load(source))
      expect(report.suture.duplicateQueries).toBeGreaterThan(10)
      expect(report.suture.recallRate[1]).toBeGreaterThanOrEqual(report.baseline.recallRate[1] as number)
      expect(report.suture.recallRate[10]).toBeGreaterThan(0.85)
    }
  })

  it('beats the baseline on B-cubed precision when text may merge at 0.95', () => {
    const report = evaluateDedup(load(), { thresholds: { textAlone: 0.95 } })
    expect(report.suture.bcubed.precision).toBeGreaterThan(report.baseline.bcubed.precision)
    expect(report.suture.bcubed.f1).toBeGreaterThan(0.97)
  })
})
