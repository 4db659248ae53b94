export interface BackoffOptions {
  readonly baseMs: number
  readonly maxMs: number
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1_000, maxMs: 5 * 60_000 }

/**
 * Exponential backoff with "equal jitter": between half and all of `base * 2^attempt` (capped), so
 * many clients that failed together do not retry together, yet each waits at least half the step.
 * `attempt` counts failures in a row from 0 (the transport's own counter, never negative).
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = DEFAULT_BACKOFF,
  random = Math.random,
): number {
  const step = Math.min(options.maxMs, options.baseMs * 2 ** attempt)
  return Math.round((step / 2) * (1 + random()))
}

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date; undefined when absent/garbled. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  const trimmed = header?.trim() ?? ''
  if (/^\d+$/.test(trimmed)) return +trimmed * 1_000
  const date = Date.parse(trimmed)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
