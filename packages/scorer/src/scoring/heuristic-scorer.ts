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

/** One feature's push on the score, in points on the 0–10 scale (`base` is where every session starts). */
export interface ScoreFactor {
  readonly feature: string
  readonly points: number
}

/**
 * What moved the behavioural score, feature by feature: the score is exactly their sum, so a session's
 * score can always say why it is what it is (then clamped, and blended with an explicit rating).
 * @example
 * scoreFactors(extractFeatures(session)) // [{ feature: 'base', points: 4 }, { feature: 'engaged time', points: 1.6 }, …]
 */
export function scoreFactors(f: SessionFeatures): ScoreFactor[] {
  const factors: ScoreFactor[] = [{ feature: 'base', points: W.base }]
  const add = (feature: string, points: number): void => {
    if (points !== 0) factors.push({ feature, points })
  }
  if (f.goal) add('goal reached', W.goal)
  add('engaged time', Math.min(W.engagedMax, W.engagedPerDoubling * Math.log2(1 + f.engagedSeconds / 60)))
  add('distinct pages', Math.min(W.depthMax, W.depthPerDoubling * Math.log2(1 + f.distinctPaths)))
  add('areas used', Math.min(W.breadthMax, W.breadthPerArea * Math.max(0, f.areas - 1)))
  if (f.pageviews > 0) {
    const pace = f.engagedSeconds / f.pageviews
    if (pace >= W.focusedPaceSeconds[0] && pace <= W.focusedPaceSeconds[1]) add('reading pace', W.focusedPace)
  }
  if (isBounce(f)) add('bounce', W.bounce)
  let unrecovered = 0
  let recovered = 0
  for (const error of f.errors) {
    if (error.recovered) recovered++
    else unrecovered++
  }
  add('unrecovered errors', W.unrecoveredError * Math.min(W.errorsCounted, unrecovered))
  add('recovered errors', W.recoveredError * Math.min(W.errorsCounted, recovered))
  if (f.leftAfterError) add('left after an error', W.leftAfterError)
  add('rage clicks', Math.max(W.rageClickMax, W.rageClick * f.rageClicks))
  add('dead clicks', Math.max(W.deadClickMax, W.deadClick * f.deadClicks))
  return factors
}

/** The behavioural score before clamping and before any explicit rating is blended in. */
export function behaviourScore(f: SessionFeatures): number {
  let score = 0
  for (const factor of scoreFactors(f)) score += factor.points
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
  /** The features that moved this session's behavioural score, largest push first after `base`. */
  explain(session: ScoringSession): ScoreFactor[]
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
    explain: (session: ScoringSession): ScoreFactor[] => {
      const [base, ...rest] = scoreFactors(extractFeatures(session, goals))
      return [base as ScoreFactor, ...rest.sort((a, b) => Math.abs(b.points) - Math.abs(a.points))]
    },
    score: async (session: ScoringSession): Promise<ScoreResult> => ({
      ok: true,
      output: scoreSync(session),
      costUsd: 0,
    }),
  }
}
