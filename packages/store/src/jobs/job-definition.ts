import type { SutureDatabase } from '../database/open-database.js'

export interface JobContext<T extends object> {
  readonly database: SutureDatabase
  readonly data: T
  readonly jobId: string
  readonly log: (line: string) => void
}

/**
 * A job the worker runs: on a cron schedule, on demand (`worker.trigger`), or both. pg-boss retries a
 * failed run `retryLimit` times; runs should be idempotent so a retry after a crash is safe.
 * @example
 * const digest: JobDefinition = { name: 'weekly-digest', cron: '0 8 * * 1', run: async ({ database }) => {…} }
 */
export interface JobDefinition<T extends object = Record<string, unknown>> {
  readonly name: string
  readonly cron?: string | undefined
  /** IANA time zone the cron expression is read in (default UTC). */
  readonly timeZone?: string | undefined
  readonly retryLimit?: number | undefined
  readonly retryDelaySeconds?: number | undefined
  /** A run taking longer than this is considered dead and retried (default 4 hours). */
  readonly expireInHours?: number | undefined
  run(context: JobContext<T>): Promise<unknown>
}
