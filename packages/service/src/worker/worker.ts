import type { JobDefinition, SutureDatabase } from '@suture/store'
import { sql } from 'kysely'
import PgBoss from 'pg-boss'

export interface StartWorkerOptions {
  readonly database: SutureDatabase
  readonly jobs: readonly JobDefinition<object>[]
  /** Postgres schema for pg-boss's tables (default `pgboss`). */
  readonly schema?: string | undefined
  readonly pollingIntervalSeconds?: number | undefined
  /** Register cron schedules and run the clock (default true; false for a worker that only works). */
  readonly schedule?: boolean | undefined
  readonly log?: ((line: string) => void) | undefined
}

export interface Worker {
  readonly boss: PgBoss
  /** Queues a run of `name` now; resolves to the pg-boss job id (null when the queue already holds one). */
  trigger(name: string, data?: object): Promise<string | null>
  /** Waits for runs in progress, then stops polling. The database stays open (it is the caller's). */
  stop(): Promise<void>
}

/**
 * Starts pg-boss on Suture's own database connection (Postgres or the embedded PGlite, through the
 * `executeSql` adapter), registers every job's queue and schedule, and works them. Several workers on
 * one Postgres share the load; each queue runs one job at a time (`stately` policy).
 */
export async function startWorker(options: StartWorkerOptions): Promise<Worker> {
  const log = options.log ?? (() => {})
  const { database } = options
  const boss = new PgBoss({
    db: { executeSql: (text: string, values: unknown[]) => database.executeSql(text, values ?? []) },
    schema: options.schema ?? 'pgboss',
    schedule: options.schedule !== false,
    supervise: true,
  })
  boss.on('error', (error: Error) => log(`pg-boss: ${error.message}`))
  try {
    await serialisedStart(database, async () => {
      await boss.start()
      await setUpQueues(boss, options, log)
    })
  } catch (error: unknown) {
    // Stop pg-boss's timers and pollers, or a worker whose start failed would linger half-started.
    await boss.stop({ graceful: false, wait: true, close: false, timeout: 5_000 }).catch(() => {})
    throw new WorkerStartError(error)
  }
  return {
    boss,
    trigger: (name, data = {}) => boss.send(name, data),
    stop: () => boss.stop({ graceful: true, wait: true, close: false, timeout: 30_000 }),
  }
}

/** pg-boss or its queues could not be set up; nothing is running. */
export class WorkerStartError extends Error {
  override readonly name = 'WorkerStartError'
  constructor(cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    super(`The worker could not start: ${reason}. Check the database, then start the worker again.`, {
      cause,
    })
  }
}

// Any constant works; it only has to be the same in every worker process.
const START_LOCK_KEY = 0x5375_7475 // 'Sutu'

/**
 * Runs `fn` while holding a Postgres advisory lock on one dedicated connection, so workers started at
 * once on a new database create pg-boss's schema, queues and schedules one after another (pg-boss's own
 * schema creation deadlocks when several run it concurrently). PGlite is one process: nothing to race.
 */
async function serialisedStart(database: SutureDatabase, fn: () => Promise<void>): Promise<void> {
  if (database.kind !== 'postgres') return fn()
  await database.db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${START_LOCK_KEY})`.execute(connection)
    try {
      await fn()
    } finally {
      await sql`select pg_advisory_unlock(${START_LOCK_KEY})`.execute(connection)
    }
  })
}

async function setUpQueues(
  boss: PgBoss,
  options: StartWorkerOptions,
  log: (line: string) => void,
): Promise<void> {
  const { database } = options
  for (const job of options.jobs) {
    const existing = await boss.getQueue(job.name)
    const queue = {
      name: job.name,
      policy: 'stately' as const,
      retryLimit: job.retryLimit ?? 2,
      retryDelay: job.retryDelaySeconds ?? 60,
      expireInSeconds: (job.expireInHours ?? 4) * 3600,
    }
    if (existing) await boss.updateQueue(job.name, queue)
    else await boss.createQueue(job.name, queue)
    if (job.cron && options.schedule !== false) {
      await boss.schedule(job.name, job.cron, {}, { tz: job.timeZone ?? 'UTC' })
      log(`scheduled ${job.name} at '${job.cron}' (${job.timeZone ?? 'UTC'})`)
    } else if (options.schedule !== false) {
      await boss.unschedule(job.name)
    }
    await boss.work<object>(
      job.name,
      { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2, batchSize: 1 },
      async ([pgJob]) => {
        if (!pgJob) return
        log(`${job.name}: started (job ${pgJob.id})`)
        try {
          const result = await job.run({ database, data: pgJob.data ?? {}, jobId: pgJob.id, log })
          log(`${job.name}: done`)
          return result
        } catch (error: unknown) {
          log(`${job.name}: failed: ${error instanceof Error ? error.message : String(error)}`)
          throw error
        }
      },
    )
  }
}
