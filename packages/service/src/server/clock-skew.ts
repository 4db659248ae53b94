import type { ItemIssue } from '@suture/store'

/** How far in the future a client's clock may be before its timestamps are refused. */
export const MAX_CLOCK_SKEW_MS = 24 * 3_600_000

/**
 * An issue naming `path` when `iso` lies beyond the clock-skew allowance: a session dated next year would
 * stay open forever and sort above every real one.
 */
export function futureIssue(iso: string | undefined, path: string, now = Date.now()): ItemIssue | undefined {
  if (iso === undefined) return undefined
  const time = Date.parse(iso)
  if (!Number.isFinite(time) || time <= now + MAX_CLOCK_SKEW_MS) return undefined
  return { path, message: 'more than 1 day in the future; check the client clock' }
}
