import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { evaluateScoring, type LabelledSession } from './evaluate.js'
import { createHeuristicScorer } from './heuristic-scorer.js'
import { sessionFromLine, sessionLineSchema } from './session.js'

// Real sessions (UCI Online Shoppers, dev split) with the real purchase outcome; see its README.
const DATA = path.resolve(
  import.meta.dirname,
  '../../../../../shared/data/scoring/online_shoppers_dev_sessions.jsonl',
)

function load(): LabelledSession[] {
  return readFileSync(DATA, 'utf8')
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => {
      const line = sessionLineSchema.parse(JSON.parse(l))
      return { session: sessionFromLine(line), outcome: line.label?.converted === true }
    })
}

describe('heuristic scorer on real sessions', async () => {
  const labelled = load()
  const report = await evaluateScoring(createHeuristicScorer(), labelled)

  it('ranks purchases above non-purchases better than the trivial baselines, on both halves', () => {
    expect(labelled).toHaveLength(3698)
    expect(report.positives).toBe(581)
    const [events, length] = report.baselines
    expect(report.scorer.auc).toBeGreaterThan(0.66)
    expect(report.scorer.auc).toBeGreaterThan(events?.auc ?? 1)
    expect(report.scorer.auc).toBeGreaterThan(length?.auc ?? 1)
    // Beyond resampling noise against the event count, not only on average.
    expect(events?.difference.low).toBeGreaterThan(0)
    for (const half of report.halves) expect(half.scorer).toBeGreaterThan(half.baseline)
    // Higher score bands convert more often: the score means something at both ends.
    const bands = report.scorer.calibration.filter((row) => row.count >= 50)
    expect(bands.at(-1)?.rate ?? 0).toBeGreaterThan(bands[0]?.rate ?? 1)
  })

  it('ranks at least as well as a logistic regression cross-validated on the features it reads', () => {
    const [behaviour] = report.logistic
    expect(behaviour?.folds).toBe(10)
    // Out-of-fold: each session scored by a model that never saw it, so the bar is not inflated.
    expect(report.scorer.auc).toBeGreaterThanOrEqual(behaviour?.auc.auc ?? 1)
    // And it is not a lucky split: the scorer is not worse on most held-out folds.
    const wins = behaviour?.foldAucs.filter((f) => f.scorer >= f.logistic).length ?? 0
    expect(wins).toBeGreaterThanOrEqual(5)
    expect(report.scorer.interval.low).toBeLessThan(report.scorer.auc)
    expect(report.scorer.interval.high).toBeGreaterThan(report.scorer.auc)
  })
})
