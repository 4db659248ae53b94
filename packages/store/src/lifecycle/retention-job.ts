import type { JobDefinition } from '../jobs/job-definition.js'
import { claimJobRun, finishJobRun } from '../jobs/job-run.js'
import { ensureWeeklyPartitions, PARTITIONED_TABLES, type PartitionedTable } from './partitions.js'
import { applyRetention, type RetentionResult } from './retention.js'
import type { RetentionPolicy } from './retention-policy.js'

const WEEK_MS = 7 * 86_400_000
/** Weeks of partitions created ahead, so a worker that is down for a while does not send rows to the default. */
const WEEKS_AHEAD = 5

export interface RetentionJobOptions {
  readonly policy: RetentionPolicy
  /** Default: daily at 02:30, before the nightly scoring. */
  readonly cron?: string | undefined
  readonly timeZone?: string | undefined
  readonly batchSize?: number | undefined
  /** The clock (tests). */
  readonly now?: (() => Date) | undefined
}

/**
 * The daily retention run: creates the coming weeks' partitions (Postgres), then drops what is older than
 * each project's windows. Keyed by UTC day in the job ledger, so it runs once a day; a run that died is
 * taken over and finishes what the first one started.
 * @example
 * worker.register(retentionJob({ policy: retentionPolicy() }))
 */
export function retentionJob(options: RetentionJobOptions): JobDefinition {
  return {
    name: 'retention',
    cron: options.cron ?? '30 2 * * *',
    timeZone: options.timeZone,
    retryLimit: 3,
    retryDelaySeconds: 300,
    async run({ database, log }) {
      const now = options.now?.() ?? new Date()
      const day = now.toISOString().slice(0, 10)
      const claim = await claimJobRun(database.db, 'retention', day)
      if (claim.kind === 'already-succeeded') {
        log(`retention: ${day} already ran`)
        return { day, skipped: true }
      }
      try {
        for (const table of Object.keys(PARTITIONED_TABLES) as PartitionedTable[]) {
          const created = await ensureWeeklyPartitions(
            database.db,
            table,
            new Date(now.getTime() - WEEK_MS),
            new Date(now.getTime() + WEEKS_AHEAD * WEEK_MS),
          )
          if (created.length > 0) log(`retention: created partitions ${created.join(', ')}`)
        }
        const result = await applyRetention(database.db, {
          policy: options.policy,
          now,
          batchSize: options.batchSize,
        })
        for (const line of describeDrops(result)) log(`retention: ${line}`)
        await finishJobRun(database.db, claim.runId, {
          status: 'succeeded',
          details: { day, drops: result.drops.map((d) => ({ ...d, cutoff: d.cutoff.toISOString() })) },
        })
        return result
      } catch (error: unknown) {
        await finishJobRun(database.db, claim.runId, {
          status: 'failed',
          error: error instanceof Error ? error.message : String(error),
        })
        throw error
      }
    },
  }
}

const NOUNS: Record<string, string> = {
  envelopes: 'envelopes',
  sessionEvents: 'session events',
  sessions: 'sessions',
  scores: 'scores',
  jobRuns: 'job runs',
}

/** "dropped 120 envelopes older than 90 days (project web)": the digest and the log say it the same way. */
export function describeDrop(drop: { kind: string; dropped: number; windowDays: number }): string {
  return `dropped ${drop.dropped} ${NOUNS[drop.kind] ?? drop.kind} older than ${drop.windowDays} days`
}

function describeDrops(result: RetentionResult): string[] {
  if (result.drops.length === 0) return ['nothing older than its window']
  return result.drops.map(
    (d) => `${describeDrop(d)} (${d.scope === '*' ? 'no project' : `project ${d.scope}`})`,
  )
}
