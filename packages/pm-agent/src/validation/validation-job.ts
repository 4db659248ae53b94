import { claimLeasedJobRun, type Database, finishJobRun, type JobDefinition } from '@suture/store'
import type { Kysely } from 'kysely'
import { isShadow } from '../shadow/go-live.js'
import type { Tracker } from '../trackers/tracker.js'
import type { ValidationPolicy } from './assess-fix.js'
import { type RunValidationsOptions, runValidations, type ValidationRunResult } from './run-validations.js'
import { actOnStoppedLineages, type RevertProposer, type StopActionResult } from './stop-actions.js'
import type { StopPolicy } from './stopping.js'

export const VALIDATION_JOB = 'pm-agent.validation'

const HOUR_MS = 3_600_000
/** Minutes after a deploy marker at which its project is validated again (beside the hourly runs). */
export const DEPLOY_CHECKPOINTS_MINUTES: readonly number[] = [0, 15, 30, 60]
/** A claim older than this was left by a dead process and is taken over. */
const LEASE_MS = 30 * 60_000

export interface ValidationSlot {
  /** The moment this run stands for: the top of the hour, or a deploy checkpoint. */
  readonly at: Date
  readonly cause: 'hourly' | 'deploy'
  readonly release?: string | undefined
}

/**
 * The latest moment a validation is due at `now`: the top of the current hour, or a checkpoint after a
 * recent deploy (on arrival, +15, +30, +60 minutes), whichever is later. One run per slot: a slot that
 * is done is not run again, and an earlier missed slot is covered by the later one (validation always
 * looks at all data up to now).
 */
export function dueSlot(
  now: Date,
  deploys: readonly { readonly release: string; readonly deployedAt: Date }[],
): ValidationSlot {
  let slot: ValidationSlot = { at: new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS), cause: 'hourly' }
  for (const deploy of deploys) {
    for (const minutes of DEPLOY_CHECKPOINTS_MINUTES) {
      const at = new Date(deploy.deployedAt.getTime() + minutes * 60_000)
      if (at <= now && at > slot.at) slot = { at, cause: 'deploy', release: deploy.release }
    }
  }
  return slot
}

export interface ProjectValidation {
  readonly validations: readonly ValidationRunResult[]
  readonly actions: readonly StopActionResult[]
}

export interface ValidateProjectOptions extends Omit<RunValidationsOptions, 'act'> {
  /** Shadow mode computes and reports the verdicts but files, labels, reverts and calls nothing. */
  readonly shadow: boolean
  readonly webhookUrl?: string | undefined
  readonly fetch?: typeof fetch | undefined
  readonly revertProposer?: RevertProposer | undefined
  readonly clusterUrl?: ((clusterKey: string) => string) | undefined
}

/** One project's validation and its consequences: what the hourly job, a deploy and the Monday run do. */
export async function validateProject(options: ValidateProjectOptions): Promise<ProjectValidation> {
  const validations = await runValidations({ ...options, act: !options.shadow })
  if (options.shadow) return { validations, actions: [] }
  const actions = await actOnStoppedLineages({
    db: options.db,
    projectId: options.projectId,
    tracker: options.tracker,
    now: options.now,
    webhookUrl: options.webhookUrl,
    fetch: options.fetch,
    revertProposer: options.revertProposer,
    clusterUrl: options.clusterUrl,
  })
  return { validations, actions }
}

export interface ValidationJobConfig {
  readonly createTracker: (db: Kysely<Database>, projectId: string) => Tracker
  readonly clusterUrl?: ((projectId: string, clusterKey: string) => string) | undefined
  /** `'auto'` (default): shadow until a person takes the project live. */
  readonly shadow?: boolean | 'auto' | undefined
  readonly policy?: Partial<ValidationPolicy> | undefined
  readonly stopPolicy?: StopPolicy | undefined
  readonly outcomeLog?: string | undefined
  readonly webhookUrl?: string | undefined
  readonly fetch?: typeof fetch | undefined
  readonly revertProposer?: RevertProposer | undefined
  /** The environments a fix is validated in (default production). */
  readonly environments?: readonly string[] | undefined
  readonly now?: (() => Date) | undefined
}

export interface ValidationTickRun {
  readonly projectId: string
  readonly slot: ValidationSlot
  readonly status: 'ran' | 'failed' | 'already-done' | 'in-progress'
  readonly shadow: boolean
  readonly result?: ProjectValidation | undefined
  readonly error?: string | undefined
}

/**
 * Validates each project once per due slot (see `dueSlot`). `job_runs` keys the slot, and the claim
 * has a lease, so the worker's tick, a second worker and the server's deploy trigger never run one slot
 * twice at once; a failed slot is retried on the next tick.
 */
export async function runValidationTick(
  db: Kysely<Database>,
  config: ValidationJobConfig,
  now: Date,
  projectIds?: readonly string[] | undefined,
): Promise<ValidationTickRun[]> {
  const ids =
    projectIds ?? (await db.selectFrom('projects').select('id').orderBy('id').execute()).map((p) => p.id)
  const runs: ValidationTickRun[] = []
  for (const projectId of ids) {
    const recent = await db
      .selectFrom('deploys')
      .select(['release', 'deployed_at'])
      .where('project_id', '=', projectId)
      .where('deployed_at', '>', new Date(now.getTime() - 2 * HOUR_MS))
      .where('deployed_at', '<=', now)
      .execute()
    const slot = dueSlot(
      now,
      recent.map((d) => ({ release: d.release, deployedAt: new Date(d.deployed_at) })),
    )
    const shadow =
      config.shadow === undefined || config.shadow === 'auto' ? await isShadow(db, projectId) : config.shadow
    const key = `${projectId}:${slot.at.toISOString()}`
    const claim = await claimLeasedJobRun(db, VALIDATION_JOB, key, {
      leaseMs: LEASE_MS,
      now,
      details: { slot: slot.cause, shadow },
    })
    if (claim.kind === 'already-succeeded' || claim.kind === 'in-progress') {
      runs.push({
        projectId,
        slot,
        shadow,
        status: claim.kind === 'in-progress' ? 'in-progress' : 'already-done',
      })
      continue
    }
    await db.updateTable('job_runs').set({ project_id: projectId }).where('id', '=', claim.runId).execute()
    try {
      const result = await validateProject({
        db,
        projectId,
        tracker: config.createTracker(db, projectId),
        now,
        shadow,
        policy: config.policy,
        stopPolicy: config.stopPolicy,
        outcomeLog: config.outcomeLog,
        webhookUrl: config.webhookUrl,
        fetch: config.fetch,
        revertProposer: config.revertProposer,
        clusterUrl: config.clusterUrl ? (key) => config.clusterUrl?.(projectId, key) ?? key : undefined,
        environments: config.environments,
      })
      await finishJobRun(db, claim.runId, {
        status: 'succeeded',
        details: {
          shadow,
          slot: slot.cause,
          ...(slot.release ? { release: slot.release } : {}),
          // Shadow mode's report: what would have happened, per lineage.
          validations: result.validations.map((v) => ({
            cluster: v.clusterKey,
            release: v.release,
            verdict: v.assessment.verdict,
            action: v.action.kind,
          })),
          actions: result.actions.filter((a) => a.status !== 'already-done').length,
          failedActions: result.actions.filter((a) => a.status === 'failed').length,
        },
      })
      runs.push({ projectId, slot, shadow, status: 'ran', result })
    } catch (error: unknown) {
      const message = error instanceof Error ? error.message : String(error)
      await finishJobRun(db, claim.runId, { status: 'failed', error: message })
      runs.push({ projectId, slot, shadow, status: 'failed', error: message })
    }
  }
  return runs
}

function describe(run: ValidationTickRun): string[] {
  const lines: string[] = []
  const mode = run.shadow ? ' (shadow: nothing acted on)' : ''
  if (run.status === 'failed') return [`${VALIDATION_JOB}: ${run.projectId} failed: ${run.error}`]
  for (const v of run.result?.validations ?? []) {
    if (v.action.kind === 'wait') continue
    lines.push(
      `${VALIDATION_JOB}: ${run.projectId} ${v.clusterKey} release ${v.release}: ${v.assessment.verdict} → ${v.action.kind}${mode}`,
    )
  }
  for (const a of run.result?.actions ?? []) {
    if (a.status === 'already-done') continue
    lines.push(`${VALIDATION_JOB}: ${run.projectId} ${a.clusterKey} ${a.action} ${a.status}: ${a.detail}`)
  }
  return lines
}

/**
 * Post-merge validation and the andon cord for the scorer's `startWorker`. It ticks every minute and
 * works only when a slot is due: each hour, and 0/15/30/60 minutes after a deploy marker arrives
 * (`POST /v1/deploys`), so a regression pulls the cord within the hour, not on Monday.
 */
export function validationJob(config: ValidationJobConfig): JobDefinition {
  return {
    name: VALIDATION_JOB,
    cron: '* * * * *',
    // The next tick is the retry; a run never needs long.
    retryLimit: 0,
    expireInHours: 1,
    async run({ database, log }) {
      const runs = await runValidationTick(database.db, config, config.now?.() ?? new Date())
      for (const run of runs) for (const line of describe(run)) log(line)
      return { ran: runs.filter((r) => r.status === 'ran').length }
    },
  }
}
