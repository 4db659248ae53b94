import type { Logger } from 'pino'

/** Distinct (reason, origin) pairs remembered at once; beyond this the oldest is forgotten. */
const MAX_KEYS = 1_000

/**
 * Logs refused requests (a wrong key, an origin not on the allow-list, an invalid body) so an operator
 * sees why a browser's errors never arrive, at most once per reason and origin per window: a page stuck
 * on a bad key retries for days and must not flood the log. The first refusal is logged at once; later
 * ones within the window are counted and reported with the next line.
 */
export class RejectLog {
  readonly #last = new Map<string, { at: number; suppressed: number }>()

  constructor(
    private readonly logger: Logger,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  note(reject: {
    status: number
    code: string
    message: string
    origin: string | undefined
    path: string
  }): void {
    const key = `${reject.code}\n${reject.origin ?? ''}`
    const at = this.now()
    const seen = this.#last.get(key)
    if (seen && at - seen.at < this.windowMs) {
      seen.suppressed++
      return
    }
    this.#last.delete(key)
    if (this.#last.size >= MAX_KEYS) {
      const oldest = this.#last.keys().next().value
      if (oldest !== undefined) this.#last.delete(oldest)
    }
    this.#last.set(key, { at, suppressed: 0 })
    this.logger.warn(
      {
        status: reject.status,
        code: reject.code,
        origin: reject.origin,
        path: reject.path,
        // Refusals of the same kind from the same origin not logged in the last window.
        suppressed: seen?.suppressed ?? 0,
      },
      `refused ${reject.path}: ${reject.message}`,
    )
  }
}
