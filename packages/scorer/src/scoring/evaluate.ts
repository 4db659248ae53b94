import {
  aucDifferenceInterval,
  type CalibrationRow,
  calibrationTable,
  quantileEdges,
  rocAuc,
} from './metrics.js'
import type { Scorer } from './scorer.js'
import type { ScoringSession } from './session.js'

export interface LabelledSession {
  readonly session: ScoringSession
  readonly outcome: boolean
}

/** A trivial score to beat: anything that cannot beat it is not reading the session. */
export interface Baseline {
  readonly name: string
  readonly score: (session: ScoringSession) => number
}

export const TRIVIAL_BASELINES: readonly Baseline[] = [
  { name: 'number of events', score: (s) => s.events.length },
  {
    name: 'session length (s)',
    score: (s) => {
      if (s.events.length === 0) return 0
      let min = Number.POSITIVE_INFINITY
      let max = Number.NEGATIVE_INFINITY
      for (const e of s.events) {
        const t = Date.parse(e.ts)
        if (t < min) min = t
        if (t > max) max = t
      }
      return (max - min) / 1000
    },
  },
]

export interface ScoreEvaluation {
  readonly name: string
  readonly auc: number
  readonly calibration: readonly CalibrationRow[]
}

export interface ScoringEvaluationReport {
  readonly sessions: number
  readonly positives: number
  readonly failed: number
  readonly scorer: ScoreEvaluation
  readonly baselines: readonly (ScoreEvaluation & {
    /** Paired bootstrap 95% interval of AUC(scorer) − AUC(baseline). */
    readonly difference: { readonly difference: number; readonly low: number; readonly high: number }
  })[]
  /** AUC of the scorer and of the first baseline on each half (even/odd rows), to show a result holds. */
  readonly halves: readonly { readonly half: string; readonly scorer: number; readonly baseline: number }[]
}

const SCORE_BANDS = [0, 2, 4, 6, 7, 8, 9, 10]

function pick<T>(items: readonly T[], half: number): T[] {
  return items.filter((_, i) => i % 2 === half)
}

/**
 * Scores labelled sessions and compares the scorer with trivial baselines: ROC AUC, a calibration table
 * (score band → outcome rate), a bootstrap interval of the AUC difference, and the AUC on two halves.
 */
export async function evaluateScoring(
  scorer: Scorer,
  labelled: readonly LabelledSession[],
  baselines: readonly Baseline[] = TRIVIAL_BASELINES,
  onProgress?: (done: number, total: number) => void,
): Promise<ScoringEvaluationReport> {
  const scores: number[] = []
  const outcomes: boolean[] = []
  const kept: ScoringSession[] = []
  let failed = 0
  for (const [i, { session, outcome }] of labelled.entries()) {
    const result = await scorer.score(session)
    onProgress?.(i + 1, labelled.length)
    if (!result.ok) {
      failed++
      continue
    }
    scores.push(result.output.score)
    outcomes.push(outcome)
    kept.push(session)
  }
  const evaluations = baselines.map((baseline) => {
    const values = kept.map(baseline.score)
    return {
      name: baseline.name,
      auc: rocAuc(values, outcomes),
      calibration: calibrationTable(values, outcomes, quantileEdges(values, 5), (n) => String(Math.round(n))),
      difference: aucDifferenceInterval(scores, values, outcomes),
      values,
    }
  })
  const first = evaluations[0]
  return {
    sessions: kept.length,
    positives: outcomes.filter(Boolean).length,
    failed,
    scorer: {
      name: `${scorer.name}@${scorer.version}`,
      auc: rocAuc(scores, outcomes),
      calibration: calibrationTable(scores, outcomes, SCORE_BANDS),
    },
    baselines: evaluations.map(({ values: _values, ...rest }) => rest),
    halves: [0, 1].map((half) => ({
      half: half === 0 ? 'even rows' : 'odd rows',
      scorer: rocAuc(pick(scores, half), pick(outcomes, half)),
      baseline: first ? rocAuc(pick(first.values, half), pick(outcomes, half)) : Number.NaN,
    })),
  }
}
