import { extractFeatures } from './features.js'
import { DEFAULT_GOALS, type GoalDefinition } from './goals.js'
import { crossValidateLogistic } from './logistic-regression.js'
import {
  type AucDifference,
  type AucInterval,
  aucDifferenceInterval,
  type CalibrationRow,
  calibrationTable,
  delongAuc,
  delongDifference,
  quantileEdges,
  rocAuc,
} from './metrics.js'
import {
  areaEngagementFeatures,
  contextFeatures,
  OBSERVABLE_FEATURE_NAMES,
  observableFeatureRow,
} from './observable-features.js'
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

/**
 * A logistic regression fitted on observable features and scored out of fold (k-fold, stratified): the
 * bar a hand-set heuristic has to reach on the same sessions.
 */
export interface LogisticBaseline {
  /**
   * Which inputs: `behaviour` (what the heuristic reads), `behaviour+areas` (plus where the time went),
   * `behaviour+context` (plus calendar and first-event properties), `score+context` (the scorer's own
   * score plus context: what a hybrid of the heuristic and fitted context offsets would reach).
   */
  readonly key: 'behaviour' | 'behaviour+areas' | 'behaviour+context' | 'score+context'
  readonly name: string
  readonly features: number
  readonly folds: number
  /** Out-of-fold AUC with DeLong's 95% interval (the first split of the folds). */
  readonly auc: AucInterval
  /** Out-of-fold AUC over `repeats` different random splits into folds: how much the split moves it. */
  readonly splits: {
    readonly repeats: number
    readonly mean: number
    readonly min: number
    readonly max: number
  }
  /** Scorer − logistic, DeLong's paired test on the same sessions. */
  readonly difference: AucDifference
  /** AUC of the scorer and of the logistic model on each held-out fold. */
  readonly foldAucs: readonly { readonly scorer: number; readonly logistic: number }[]
  /** The standardised coefficients of the model fitted on every session, largest first. */
  readonly coefficients: readonly { readonly name: string; readonly weight: number }[]
}

export interface EvaluateScoringOptions {
  /** Folds of the logistic baselines' cross-validation. */
  readonly folds?: number
  /** Cross-validations with differently seeded folds per logistic baseline (default 5). */
  readonly repeats?: number
  /** Goals the observable features are read with (the heuristic scorer's, by default). */
  readonly goals?: GoalDefinition
  readonly onProgress?: (done: number, total: number) => void
}

export interface ScoringEvaluationReport {
  readonly sessions: number
  readonly positives: number
  readonly failed: number
  readonly scorer: ScoreEvaluation & { readonly interval: AucInterval }
  /**
   * Logistic regressions cross-validated in the same run: on the behaviour features the heuristic reads,
   * and on those plus the session's context (calendar, first-event properties).
   */
  readonly logistic: readonly LogisticBaseline[]
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
 * Scores labelled sessions and compares the scorer with trivial baselines and with logistic regressions
 * cross-validated on the same sessions: ROC AUC with DeLong intervals, a calibration table (score band →
 * outcome rate), a bootstrap interval of the difference to each trivial baseline, the AUC on two halves
 * and on each cross-validation fold.
 */
export async function evaluateScoring(
  scorer: Scorer,
  labelled: readonly LabelledSession[],
  baselines: readonly Baseline[] = TRIVIAL_BASELINES,
  options: EvaluateScoringOptions = {},
): Promise<ScoringEvaluationReport> {
  const { onProgress } = options
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
  const goals = options.goals ?? DEFAULT_GOALS
  const features = kept.map((session) => extractFeatures(session, goals))
  const behaviour = features.map(observableFeatureRow)
  const areas = areaEngagementFeatures(features)
  const context = contextFeatures(kept)
  const join = (left: readonly (readonly number[])[], right: readonly (readonly number[])[]) =>
    left.map((row, i) => [...row, ...(right[i] as readonly number[])])
  const logistic = [
    logisticBaseline(
      'behaviour',
      'behaviour (the features the heuristic reads)',
      OBSERVABLE_FEATURE_NAMES,
      behaviour,
    ),
    logisticBaseline(
      'behaviour+areas',
      'behaviour + engagement per area (log pages and engaged minutes in each common area)',
      [...OBSERVABLE_FEATURE_NAMES, ...areas.names],
      join(behaviour, areas.rows),
    ),
    logisticBaseline(
      'behaviour+context',
      'behaviour + context (calendar, first-event properties)',
      [...OBSERVABLE_FEATURE_NAMES, ...context.names],
      join(behaviour, context.rows),
    ),
    // Context offsets fitted on top of the scorer's own score, refit in every fold like the others: the
    // honest figure for a hybrid scorer, and how much of the gap above is context rather than behaviour.
    logisticBaseline(
      'score+context',
      "the scorer's score + context (a hybrid: fitted context offsets on top of the score)",
      ['score', ...context.names],
      join(
        scores.map((s) => [s]),
        context.rows,
      ),
    ),
  ]
  function logisticBaseline(
    key: LogisticBaseline['key'],
    name: string,
    names: readonly string[],
    rows: readonly (readonly number[])[],
  ): LogisticBaseline {
    const folds = options.folds ?? 10
    const repeats = Math.max(1, options.repeats ?? 5)
    const cv = crossValidateLogistic(names, rows, outcomes, { folds, l2: 1, seed: 1 })
    const splitAucs = [rocAuc(cv.scores, outcomes)]
    for (let seed = 2; seed <= repeats; seed++) {
      const again = crossValidateLogistic(names, rows, outcomes, { folds, l2: 1, seed })
      splitAucs.push(rocAuc(again.scores, outcomes))
    }
    const foldAucs = Array.from({ length: folds }, (_, f) => {
      const pickFold = <T>(items: readonly T[]) => items.filter((_, i) => cv.folds[i] === f)
      return {
        scorer: rocAuc(pickFold(scores), pickFold(outcomes)),
        logistic: rocAuc(pickFold(cv.scores), pickFold(outcomes)),
      }
    })
    return {
      key,
      name,
      features: names.length,
      folds,
      auc: delongAuc(cv.scores, outcomes),
      splits: {
        repeats,
        mean: splitAucs.reduce((a, b) => a + b, 0) / repeats,
        min: Math.min(...splitAucs),
        max: Math.max(...splitAucs),
      },
      difference: delongDifference(scores, cv.scores, outcomes),
      foldAucs,
      coefficients: cv.model.names
        .map((n, j) => ({ name: n, weight: cv.model.weights[j] as number }))
        .filter((c) => c.weight !== 0)
        .sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)),
    }
  }
  return {
    sessions: kept.length,
    positives: outcomes.filter(Boolean).length,
    failed,
    scorer: {
      name: `${scorer.name}@${scorer.version}`,
      auc: rocAuc(scores, outcomes),
      calibration: calibrationTable(scores, outcomes, SCORE_BANDS),
      interval: delongAuc(scores, outcomes),
    },
    logistic,
    baselines: evaluations.map(({ values: _values, ...rest }) => rest),
    halves: [0, 1].map((half) => ({
      half: half === 0 ? 'even rows' : 'odd rows',
      scorer: rocAuc(pick(scores, half), pick(outcomes, half)),
      baseline: first ? rocAuc(pick(first.values, half), pick(outcomes, half)) : Number.NaN,
    })),
  }
}
