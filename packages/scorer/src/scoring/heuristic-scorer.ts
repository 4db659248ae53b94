import { extractFeatures, isBounce, type SessionFeatures } from './features.js'
import { DEFAULT_GOALS, type GoalDefinition } from './goals.js'
import { HEURISTIC_WEIGHTS as W } from './heuristic-weights.js'
import { describeSession } from './narrative.js'
import type { ScoreOutput } from './score-output.js'
import type { ScoreResult, Scorer } from './scorer.js'
import type { ScoringSession } from './session.js'

export const HEURISTIC_SCORER_NAME = 'heuristic'
/** Bump whenever a weight, feature or text template changes: stored scores of older versions are redone. */
export const HEURISTIC_SCORER_VERSION = '1.0.0'

/** The behavioural score before clamping and before any explicit rating is blended in. */
export function behaviourScore(f: SessionFeatures): number {
  let score = W.base
  if (f.goal) score += W.goal
  score += Math.min(W.engagedMax, W.engagedPerDoubling * Math.log2(1 + f.engagedSeconds / 60))
  score += Math.min(W.depthMax, W.depthPerDoubling * Math.log2(1 + f.distinctPaths))
  score += Math.min(W.breadthMax, W.breadthPerArea * Math.max(0, f.areas - 1))
  if (f.pageviews > 0) {
    const pace = f.engagedSeconds / f.pageviews
    if (pace >= W.focusedPaceSeconds[0] && pace <= W.focusedPaceSeconds[1]) score += W.focusedPace
  }
  if (isBounce(f)) score += W.bounce
  let unrecovered = 0
  let recovered = 0
  for (const error of f.errors) {
    if (error.recovered) recovered++
    else unrecovered++
  }
  score += W.unrecoveredError * Math.min(W.errorsCounted, unrecovered)
  score += W.recoveredError * Math.min(W.errorsCounted, recovered)
  if (f.leftAfterError) score += W.leftAfterError
  score += Math.max(W.rageClickMax, W.rageClick * f.rageClicks)
  score += Math.max(W.deadClickMax, W.deadClick * f.deadClicks)
  return score
}

function finalScore(f: SessionFeatures): number {
  let score = behaviourScore(f)
  if (f.ratings.length > 0) {
    const rating = f.ratings.reduce((a, b) => a + b, 0) / f.ratings.length
    score = W.ratingShare * rating + (1 - W.ratingShare) * score
  }
  const clamped = Math.min(10, Math.max(0, score))
  return Math.round(clamped * 10) / 10
}

export interface HeuristicScorerOptions {
  readonly goals?: GoalDefinition
}

export interface HeuristicScorer extends Scorer {
  /** The same answer as `score`, synchronously: the heuristic needs no I/O. */
  scoreSync(session: ScoringSession): ScoreOutput
}

/**
 * The deterministic, key-free scorer: features a product person would defend, weighted in
 * `HEURISTIC_WEIGHTS`, with template texts for intent/success/improvement/department.
 * @example
 * const scorer = createHeuristicScorer()
 * scorer.scoreSync({ sessionId: 's1', events }).score // 0–10
 */
export function createHeuristicScorer(options: HeuristicScorerOptions = {}): HeuristicScorer {
  const goals = options.goals ?? DEFAULT_GOALS
  const scoreSync = (session: ScoringSession): ScoreOutput => {
    const features = extractFeatures(session, goals)
    return { score: finalScore(features), ...describeSession(features) }
  }
  return {
    name: HEURISTIC_SCORER_NAME,
    version: HEURISTIC_SCORER_VERSION,
    model: undefined,
    scoreSync,
    score: async (session: ScoringSession): Promise<ScoreResult> => ({
      ok: true,
      output: scoreSync(session),
      costUsd: 0,
    }),
  }
}
