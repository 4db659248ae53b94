import { type RateChange, rateChange } from './rate-test.js'

/** The evidence about one cluster that priority is computed from. */
export interface PriorityInput {
  readonly distinctUsers: number
  readonly distinctWorkspaces: number
  /** Distinct sessions that hit the problem this week. */
  readonly sessions: number
  /** All sessions on the cluster's route(s) this week, when known (the denominator of depth). */
  readonly routeSessions?: number | undefined
  readonly firstSeen: string
  readonly lastSeen: string
  /** Distinct days with at least one occurrence. */
  readonly daysActive: number
  /** Occurrences this week. */
  readonly thisWeek: number
  /** Occurrences in each previous week, oldest first (empty when there is no history). */
  readonly previousWeeks: readonly number[]
  /** Average implied-NPS drop (0–10 points) of affected sessions versus all sessions, when scored. */
  readonly npsDrop?: number | undefined
}

export interface PriorityParts {
  readonly breadth: number
  readonly depth?: number | undefined
  readonly duration: number
  readonly rate: number
  readonly nps?: number | undefined
}

/** Linear's scale: 1 urgent, 2 high, 3 medium, 4 low. */
export type LinearPriority = 1 | 2 | 3 | 4

export interface Priority {
  /** 0–1, the weighted mean of the parts present. */
  readonly score: number
  readonly linear: LinearPriority
  readonly parts: PriorityParts
  readonly rate: RateChange
  readonly depthShare?: number | undefined
}

/** How much each part counts; parts without data drop out and the rest are renormalised. */
export const PRIORITY_WEIGHTS = { breadth: 0.35, depth: 0.2, nps: 0.2, rate: 0.15, duration: 0.1 } as const

/** Score cut-offs for Linear 1, 2 and 3; below the last is 4. */
export const PRIORITY_CUTOFFS = [0.75, 0.5, 0.3] as const

const TREND_SCORE = { rising: 1, new: 0.6, steady: 0.5, falling: 0.1 } as const

function logScale(value: number, saturation: number): number {
  return Math.min(1, Math.log1p(Math.max(0, value)) / Math.log1p(saturation))
}

/**
 * Priority of a cluster from breadth (users saturate at 50, workspaces at 10), depth (share of the route's
 * sessions that hit it, saturating at 20%), duration (days active out of 7), rate of change (exact test,
 * see `rateChange`) and the implied-NPS drop (saturating at 4 points), combined with PRIORITY_WEIGHTS.
 * @example
 * computePriority({ distinctUsers: 30, distinctWorkspaces: 8, sessions: 60, firstSeen, lastSeen,
 *   daysActive: 5, thisWeek: 80, previousWeeks: [10, 12, 9] }).linear // 2
 */
export function computePriority(input: PriorityInput): Priority {
  const rate = rateChange(input.thisWeek, input.previousWeeks)
  const breadth = 0.7 * logScale(input.distinctUsers, 50) + 0.3 * logScale(input.distinctWorkspaces, 10)
  const depthShare =
    input.routeSessions && input.routeSessions > 0
      ? Math.min(1, input.sessions / input.routeSessions)
      : undefined
  const depth = depthShare === undefined ? undefined : Math.min(1, depthShare / 0.2)
  const duration = Math.min(1, input.daysActive / 7)
  const nps = input.npsDrop === undefined ? undefined : Math.min(1, Math.max(0, input.npsDrop) / 4)
  const parts: PriorityParts = { breadth, depth, duration, rate: TREND_SCORE[rate.trend], nps }
  let sum = 0
  let weight = 0
  for (const [name, w] of Object.entries(PRIORITY_WEIGHTS) as [keyof PriorityParts, number][]) {
    const value = parts[name]
    if (value === undefined) continue
    sum += value * w
    weight += w
  }
  const score = weight === 0 ? 0 : sum / weight
  const linear: LinearPriority =
    score >= PRIORITY_CUTOFFS[0] ? 1 : score >= PRIORITY_CUTOFFS[1] ? 2 : score >= PRIORITY_CUTOFFS[2] ? 3 : 4
  return { score: Math.round(score * 1000) / 1000, linear, parts, rate, depthShare }
}
