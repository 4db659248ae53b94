import { claimJobRun, type Database, finishJobRun, type JobDefinition } from '@suture/store'
import type { Kysely } from 'kysely'
import { isShadow } from '../shadow/go-live.js'
import { type FilingResult, fileTickets } from '../tickets/file-tickets.js'
import type { TicketableCluster } from '../tickets/ticketable-cluster.js'
import type { Tracker } from '../trackers/tracker.js'
import type { RevertProposer } from '../validation/stop-actions.js'
import type { StopPolicy } from '../validation/stopping.js'
import { validateProject } from '../validation/validation-job.js'
import type { NeedsConfirmationPair } from './collect-digest.js'
import { produceDigest } from './produce-digest.js'
import type { DigestReviewSource } from './review-source.js'
import { DEFAULT_WEEKLY_SCHEDULE, scheduledRuns, type WeeklySchedule } from './schedule.js'

export const WEEKLY_JOB = 'pm-agent.weekly'

export interface WeekRunContext {
  readonly db: Kysely<Database>
  readonly projectId: string
  readonly week: string
  readonly shadow: boolean
  readonly now: Date
}

export interface WeeklyJobOptions {
  readonly db: Kysely<Database>
  readonly now: Date
  /** Projects to run for; all projects when absent. */
  readonly projectIds?: readonly string[] | undefined
  readonly schedule?: WeeklySchedule | undefined
  /** `'auto'` (default): shadow until a person takes the project live (`goLive`). */
  readonly shadow?: boolean | 'auto' | undefined
  /** Weeks a worker that was down catches up at most. */
  readonly maxCatchUp?: number | undefined
  readonly runWeek: (context: WeekRunContext) => Promise<Record<string, unknown>>
}

export interface WeeklyJobRun {
  readonly projectId: string
  readonly week: string
  readonly status: 'ran' | 'failed'
  readonly shadow: boolean
  readonly error?: string | undefined
}

const runKey = (projectId: string, week: string) => `${projectId}:${week}`

/**
 * Runs the weekly pipeline for every due (project, ISO week) not yet done: the latest scheduled Monday,
 * plus any missed since the project's last successful week (a worker that was down catches up, oldest
 * first). `job_runs` makes each week run once; a failed or crashed week is retried on the next tick.
 */
export async function runWeeklyJob(options: WeeklyJobOptions): Promise<WeeklyJobRun[]> {
  const { db, now } = options
  const due = scheduledRuns(now, options.schedule ?? DEFAULT_WEEKLY_SCHEDULE, options.maxCatchUp ?? 4)
  const projectIds =
    options.projectIds ??
    (await db.selectFrom('projects').select('id').orderBy('id').execute()).map((p) => p.id)
  const results: WeeklyJobRun[] = []
  for (const projectId of projectIds) {
    const done = await db
      .selectFrom('job_runs')
      .select(['key'])
      .where('name', '=', WEEKLY_JOB)
      .where('project_id', '=', projectId)
      .where('status', '=', 'succeeded')
      .execute()
    const doneWeeks = new Set(done.map((d) => d.key.slice(projectId.length + 1)))
    const newestDone = [...doneWeeks].sort().at(-1)
    // Never run before: only the latest week (a fresh install does not backfill a month of digests).
    const candidates = newestDone === undefined ? due.slice(0, 1) : due.filter((r) => r.week > newestDone)
    for (const run of [...candidates].reverse()) {
      if (doneWeeks.has(run.week)) continue
      // Going live is a human decision (`goLive`), never a side effect of time passing.
      const shadow =
        options.shadow === undefined || options.shadow === 'auto'
          ? await isShadow(db, projectId)
          : options.shadow
      const claim = await claimJobRun(db, WEEKLY_JOB, runKey(projectId, run.week), { shadow })
      if (claim.kind === 'already-succeeded') continue
      // job_runs.project_id is not part of the claim; set it so "done weeks of a project" can be read back.
      await db.updateTable('job_runs').set({ project_id: projectId }).where('id', '=', claim.runId).execute()
      try {
        const details = await options.runWeek({ db, projectId, week: run.week, shadow, now })
        await finishJobRun(db, claim.runId, { status: 'succeeded', details: { ...details, shadow } })
        doneWeeks.add(run.week)
        results.push({ projectId, week: run.week, status: 'ran', shadow })
      } catch (error: unknown) {
        const message = error instanceof Error ? error.message : String(error)
        await finishJobRun(db, claim.runId, { status: 'failed', error: message })
        results.push({ projectId, week: run.week, status: 'failed', shadow, error: message })
        break
      }
    }
  }
  return results
}

export interface WeeklyPipelineConfig {
  /** The tracker for a project (Linear or the local one). */
  readonly createTracker: (db: Kysely<Database>, projectId: string) => Tracker
  /** This week's triaged clusters (from triage's stored result). */
  readonly loadTriage?:
    | ((
        db: Kysely<Database>,
        projectId: string,
        week: string,
      ) => Promise<{
        clusters: readonly TicketableCluster[]
        needsConfirmation: readonly NeedsConfirmationPair[]
      }>)
    | undefined
  readonly clusterUrl: (projectId: string, clusterKey: string) => string
  /** Where digests are written (`<outDir>/<projectId>/<week>.md`); stored in the database either way. */
  readonly outDir?: string | undefined
  readonly outcomeLog?: string | undefined
  readonly stopPolicy?: StopPolicy | undefined
  /** The morning queue and loop numbers in the digest (wired from `@suture/fixer`). */
  readonly review?: DigestReviewSource | undefined
  /** The andon cord's consequences (see `actOnStoppedLineages`). */
  readonly webhookUrl?: string | undefined
  readonly revertProposer?: RevertProposer | undefined
  /** The environments validated and counted (default production); triage's own come with `loadTriage`. */
  readonly environments?: readonly string[] | undefined
}

/** The weekly pipeline: file tickets (or plan them, in shadow mode), validate fixes, write the digest. */
export function weeklyPipeline(config: WeeklyPipelineConfig): WeeklyJobOptions['runWeek'] {
  return async ({ db, projectId, week, shadow, now }) => {
    const ticketDb = db
    const tracker = config.createTracker(db, projectId)
    const triage = config.loadTriage ? await config.loadTriage(db, projectId, week) : undefined
    let filing: FilingResult | undefined
    if (triage) {
      filing = await fileTickets({
        db: ticketDb,
        projectId,
        tracker,
        clusters: triage.clusters,
        runKey: week,
        shadow,
        clusterUrl: (key) => config.clusterUrl(projectId, key),
        now,
        environments: config.environments,
      })
    }
    // The hourly validation job does this too; the Monday run keeps it so the digest is current.
    const { validations } = await validateProject({
      db: ticketDb,
      projectId,
      tracker,
      now,
      shadow,
      outcomeLog: config.outcomeLog,
      stopPolicy: config.stopPolicy,
      webhookUrl: config.webhookUrl,
      revertProposer: config.revertProposer,
      clusterUrl: (key) => config.clusterUrl(projectId, key),
      environments: config.environments,
    })
    const digest = await produceDigest({
      db: ticketDb,
      projectId,
      week,
      shadow,
      clusters: triage?.clusters,
      needsConfirmation: triage?.needsConfirmation,
      filing,
      review: config.review,
      now,
      environments: config.environments,
      outDir: config.outDir ? `${config.outDir}/${projectId}` : undefined,
    })
    return {
      filed: filing?.entries.filter((e) => e.action === 'created').length ?? 0,
      validations: shadow ? 0 : validations.length,
      digest: digest.files?.markdown ?? null,
    }
  }
}

/**
 * The weekly job for the scorer's `startWorker`. It ticks every five minutes and does nothing unless a
 * scheduled week (Monday 08:00 in the configured zone by default) is due and not done, which is also how
 * a missed Monday gets caught up.
 */
export function weeklyJob(
  config: WeeklyPipelineConfig & {
    readonly schedule?: WeeklySchedule | undefined
    readonly shadow?: boolean | 'auto' | undefined
    readonly now?: (() => Date) | undefined
  },
): JobDefinition {
  return {
    name: WEEKLY_JOB,
    cron: '*/5 * * * *',
    async run({ database, log }) {
      const results = await runWeeklyJob({
        db: database.db,
        now: config.now?.() ?? new Date(),
        schedule: config.schedule,
        shadow: config.shadow,
        runWeek: weeklyPipeline(config),
      })
      for (const r of results) {
        log(
          `${WEEKLY_JOB}: ${r.projectId} ${r.week} ${r.status}${r.shadow ? ' (shadow)' : ''}${r.error ? `: ${r.error}` : ''}`,
        )
      }
      return results
    },
  }
}
