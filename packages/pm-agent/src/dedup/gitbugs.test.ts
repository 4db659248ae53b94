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
  const full = evaluateDedup(load())

  it('never merges on text alone, so no duplicate is wrongly merged', () => {
    expect(full.suture.pairwise.precision).toBe(1)
    expect(full.suture.bcubed.precision).toBe(1)
    expect(full.suture.links).toBeGreaterThan(0)
  })

  it('ranks earlier duplicates above the plain TF-IDF baseline at recall-rate@1 and @5, in the same run', () => {
    expect(full.suture.duplicateQueries).toBe(33)
    expect(full.suture.recallRate[1]).toBeGreaterThan(full.baseline.recallRate[1] as number)
    expect(full.suture.recallRate[5]).toBeGreaterThan(full.baseline.recallRate[5] as number)
  })

  it('ranks an earlier duplicate first at least as often as the plain TF-IDF baseline, on each project', () => {
    for (const source of ['gitbugs/hadoop', 'gitbugs/seamonkey']) {
      const report = evaluateDedup(load(source))
      expect(report.suture.duplicateQueries).toBeGreaterThan(10)
      expect(report.suture.recallRate[1]).toBeGreaterThanOrEqual(report.baseline.recallRate[1] as number)
      expect(report.suture.recallRate[10]).toBeGreaterThan(0.85)
    }
  })

  it('asks a person fewer questions than there are one-signal links, each with a calibrated probability', () => {
    const { allLinks, shipped, crossValidated, folds } = full.queue
    expect(allLinks.duplicatePairs).toBe(41)
    expect(shipped.asked).toBeLessThan(allLinks.asked)
    expect(crossValidated.asked).toBeLessThan(allLinks.asked)
    // Each fold is a real refit on the other folds, not the shipped constants, and every link is held out once.
    expect(folds).toHaveLength(5)
    expect(new Set(folds.map((f) => JSON.stringify(f.calibration.semantics))).size).toBeGreaterThan(1)
    expect(folds.reduce((n, f) => n + f.heldOutLinks, 0)).toBe(allLinks.asked)
    expect(folds.reduce((n, f) => n + f.heldOutTrue, 0)).toBe(allLinks.askedTrue)
  })

  it('reports every figure with a 95 % interval that holds its estimate', () => {
    const { crossValidated } = full.queue
    const { low, high, estimate } = crossValidated.precisionInterval
    expect(low).toBeLessThanOrEqual(estimate)
    expect(high).toBeGreaterThanOrEqual(estimate)
    for (const k of [1, 5] as const) {
      const r = full.suture.recallRateInterval[k]
      expect(r?.estimate).toBe(full.suture.recallRate[k])
      expect(r?.low).toBeLessThan(r?.high as number)
      expect(full.recallMargin[k]?.estimate).toBeCloseTo(
        (full.suture.recallRate[k] as number) - (full.baseline.recallRate[k] as number),
        10,
      )
    }
  })

  it('asks better than every one-signal link on held-out folds, each fold counting a crowded neighbourhood against a link', () => {
    const { allLinks, crossValidated, folds } = full.queue
    // Templated siblings sit in dense text neighbourhoods; every training fold finds that on its own.
    for (const fold of folds) expect(fold.calibration.semantics.densitySlope ?? 0).toBeLessThan(0)
    expect(crossValidated.precisionInterval.low).toBeGreaterThan(allLinks.precision)
  })

  // The goal of issue 17 on held-out folds: ≥ half of the asked pairs true duplicates while surfacing ≥ a
  // quarter of all duplicate pairs. Not met by text, time and neighbourhood density (README, "The queue":
  // 0.31 held out; even in-sample the best 20 links hold 10 of the 41 pairs); `it.fails` turns red the day
  // it is met, so the README gets updated.
  it.fails('meets the queue goal on held-out folds (not yet: about 1 in 3 asked pairs is right)', () => {
    const { crossValidated } = full.queue
    expect(crossValidated.precision).toBeGreaterThanOrEqual(0.5)
    expect(crossValidated.surfacedShare).toBeGreaterThanOrEqual(0.25)
  })

  it('beats the baseline on B-cubed precision when text may merge at 0.95', () => {
    const report = evaluateDedup(load(), { thresholds: { textAlone: 0.95 } })
    expect(report.suture.bcubed.precision).toBeGreaterThan(report.baseline.bcubed.precision)
    expect(report.suture.bcubed.f1).toBeGreaterThan(0.97)
  })
})
