import type { Database } from '@suture/store'
import { type Kysely, sql } from 'kysely'
import { inEnvironments } from '../environments/environments.js'
import { LABELS } from '../tickets/file-tickets.js'
import { clientId } from '../trackers/client-id.js'
import type { Tracker } from '../trackers/tracker.js'
import { assessFix, type FixAssessment, type ValidationPolicy } from './assess-fix.js'
import { recordOutcome } from './outcome-log.js'
import { DEFAULT_STOP_POLICY, decideLineage, type LineageAction, type StopPolicy } from './stopping.js'
import type { SeriesPoint } from './trend.js'

const DAY_MS = 86_400_000

/**
 * Marks a cluster's ticket as fixed by `release` (the fixer or a person calls this when the fix ships)
 * and records what the attempt cost. The validation window starts at the release's deploy time when
 * ingest knows it, else at `at`.
 */
export async function markFixed(
  db: Kysely<Database>,
  input: { projectId: string; clusterKey: string; release: string; costUsd?: number; at?: Date },
): Promise<void> {
  const deploy = await db
    .selectFrom('deploys')
    .select((eb) => eb.fn.min('deployed_at').as('at'))
    .where('project_id', '=', input.projectId)
    .where('release', '=', input.release)
    .executeTakeFirst()
  const deployedAt = deploy?.at ? new Date(deploy.at) : (input.at ?? new Date())
  await db
    .insertInto('fix_attempts')
    .values({
      project_id: input.projectId,
      cluster_key: input.clusterKey,
      release: input.release,
      cost_usd: input.costUsd ?? 0,
    })
    .onConflict((oc) =>
      oc.columns(['project_id', 'cluster_key', 'release']).doUpdateSet({ cost_usd: input.costUsd ?? 0 }),
    )
    .execute()
  const result = await db
    .updateTable('ticket_links')
    .set({ fix_release: input.release, fixed_at: deployedAt, validation: 'pending', updated_at: new Date() })
    .where('project_id', '=', input.projectId)
    .where('cluster_key', '=', input.clusterKey)
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) === 0) {
    throw new Error(
      `No ticket for cluster '${input.clusterKey}' in project ${input.projectId}; file it first.`,
    )
  }
}

/** Lets auto-fixing touch a route again after the andon cord took it away. */
export async function clearQuarantine(
  db: Kysely<Database>,
  input: { projectId: string; route: string; by: string; at?: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('route_quarantine')
    .set({ cleared_at: input.at ?? new Date(), cleared_by: input.by })
    .where('project_id', '=', input.projectId)
    .where('route_template', '=', input.route)
    .where('cleared_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/**
 * Daily buckets (24 h from the deploy, so no time-zone edge) of a cluster's error count and of session
 * traffic, `preDays` before the deploy and whole days after it up to `now`. Without session data the
 * exposure is one per day (a plain rate per day).
 */
export async function signalSeries(
  db: Kysely<Database>,
  input: {
    projectId: string
    fingerprints: readonly string[]
    /**
     * Clusters without a fingerprint (feedback, improvement, low-score) are counted on their own signals:
     * the members the weekly triage stored under this key.
     */
    clusterKey?: string | undefined
    /** Envelopes of these environments only (default production). */
    environments?: readonly string[] | undefined
    deployedAt: Date
    now: Date
    preDays: number
    postDays: number
  },
): Promise<{ before: SeriesPoint[]; after: SeriesPoint[] }> {
  const from = new Date(input.deployedAt.getTime() - input.preDays * DAY_MS)
  const completeDays = Math.min(
    input.postDays,
    Math.floor((input.now.getTime() - input.deployedAt.getTime()) / DAY_MS),
  )
  const to = new Date(input.deployedAt.getTime() + Math.max(0, completeDays) * DAY_MS)
  const deploy = input.deployedAt.toISOString()
  const bucket = (column: string) =>
    sql<number>`floor(extract(epoch from (${sql.ref(column)} - ${deploy}::timestamptz)) / 86400)::int`
  const counts =
    input.fingerprints.length === 0
      ? input.clusterKey === undefined
        ? []
        : await db
            .selectFrom('cluster_members')
            .select([bucket('occurred_at').as('t'), (eb) => eb.fn.countAll<string>().as('n')])
            .where('project_id', '=', input.projectId)
            .where('cluster_key', '=', input.clusterKey)
            .where('occurred_at', '>=', from)
            .where('occurred_at', '<', to)
            .groupBy(sql`1`)
            .execute()
      : await db
          .selectFrom('envelopes')
          .select([bucket('occurred_at').as('t'), (eb) => eb.fn.countAll<string>().as('n')])
          .where('project_id', '=', input.projectId)
          .where('kind', '=', 'error')
          .where('fingerprint', 'in', [...input.fingerprints])
          .where(inEnvironments(input.environments))
          .where('occurred_at', '>=', from)
          .where('occurred_at', '<', to)
          .groupBy(sql`1`)
          .execute()
  const traffic = await db
    .selectFrom('sessions')
    .select([bucket('started_at').as('t'), (eb) => eb.fn.countAll<string>().as('n')])
    .where('project_id', '=', input.projectId)
    .where('started_at', '>=', from)
    .where('started_at', '<', to)
    .groupBy(sql`1`)
    .execute()
  const countBy = new Map(counts.map((r) => [Number(r.t), Number(r.n)]))
  const trafficBy = new Map(traffic.map((r) => [Number(r.t), Number(r.n)]))
  const useTraffic = traffic.length > 0
  const points: SeriesPoint[] = []
  for (let t = -input.preDays; t < completeDays; t++) {
    const exposure = useTraffic ? (trafficBy.get(t) ?? 0) : 1
    // A day without sessions carries no information about the rate (and usually no events).
    if (exposure > 0) points.push({ t, count: countBy.get(t) ?? 0, exposure })
  }
  return { before: points.filter((p) => p.t < 0), after: points.filter((p) => p.t >= 0) }
}

/**
 * Tickets closed in the tracker without `markFixed`: the fix release is the first deploy after the ticket
 * was closed, or else the last deploy in the day before (deploy, then close, is the usual order).
 */
async function detectFixReleases(
  db: Kysely<Database>,
  projectId: string,
  tracker: Tracker,
  now: Date,
): Promise<void> {
  const candidates = await db
    .selectFrom('ticket_links')
    .select(['cluster_key', 'ticket_id'])
    .where('project_id', '=', projectId)
    .where('fix_release', 'is', null)
    .where('validation', 'is', null)
    .where('ticket_id', 'is not', null)
    .where('state', 'not in', ['cancelled', 'duplicate'])
    .execute()
  for (const link of candidates) {
    const snapshot = await tracker.get(link.ticket_id ?? '')
    if (snapshot?.state !== 'done' || snapshot.closedAt === null) continue
    const closedAt = new Date(snapshot.closedAt)
    const after = await db
      .selectFrom('deploys')
      .select('release')
      .where('project_id', '=', projectId)
      .where('deployed_at', '>=', closedAt)
      .where('deployed_at', '<=', now)
      .orderBy('deployed_at')
      .executeTakeFirst()
    const before = after
      ? undefined
      : await db
          .selectFrom('deploys')
          .select('release')
          .where('project_id', '=', projectId)
          .where('deployed_at', '<', closedAt)
          .where('deployed_at', '>=', new Date(closedAt.getTime() - DAY_MS))
          .orderBy('deployed_at', 'desc')
          .executeTakeFirst()
    const release = (after ?? before)?.release
    if (release) await markFixed(db, { projectId, clusterKey: link.cluster_key, release })
  }
}

export interface ValidationRunResult {
  readonly clusterKey: string
  readonly ticketId: string | null
  readonly release: string
  readonly assessment: FixAssessment
  readonly action: LineageAction
}

export interface RunValidationsOptions {
  readonly db: Kysely<Database>
  readonly projectId: string
  readonly tracker: Tracker
  readonly now: Date
  readonly policy?: Partial<ValidationPolicy> | undefined
  readonly stopPolicy?: StopPolicy | undefined
  /** The JSONL outcome log; outcomes are always stored in the table too. */
  readonly outcomeLog?: string | undefined
  readonly preDays?: number | undefined
  /** The environments a fix is validated in (default production): a staging error says nothing of it. */
  readonly environments?: readonly string[] | undefined
}

function evidenceComment(title: string, result: FixAssessment, extra: readonly string[]): string {
  return [
    `**Suture validation: ${title}**`,
    '',
    result.evidence,
    ...(extra.length > 0 ? ['', ...extra] : []),
  ].join('\n')
}

/**
 * Validates every fix awaiting validation in a project and acts on the verdict: close with the evidence,
 * reopen for another iteration, pull the andon cord (label, escalate, propose the revert, quarantine the
 * route), or escalate when the lineage's iteration cap or cost budget is reached. Safe to rerun: one
 * validation row per cluster, release and day, and comments keyed by that day.
 */
export async function runValidations(options: RunValidationsOptions): Promise<ValidationRunResult[]> {
  const { db, projectId, tracker, now } = options
  const stopPolicy = options.stopPolicy ?? DEFAULT_STOP_POLICY
  const day = now.toISOString().slice(0, 10)
  await detectFixReleases(db, projectId, tracker, now)
  const links = await db
    .selectFrom('ticket_links')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('validation', '=', 'pending')
    .where('fix_release', 'is not', null)
    .execute()
  const results: ValidationRunResult[] = []
  for (const link of links) {
    const release = link.fix_release ?? ''
    const deployedAt = link.fixed_at ?? now
    const policy = options.policy ?? {}
    const { before, after } = await signalSeries(db, {
      projectId,
      fingerprints: link.fingerprints,
      clusterKey: link.cluster_key,
      environments: options.environments,
      deployedAt,
      now,
      preDays: options.preDays ?? 14,
      postDays: policy.successWindow ?? 7,
    })
    const assessment = assessFix(before, after, { policy })
    const cost = await db
      .selectFrom('fix_attempts')
      .select((eb) => eb.fn.sum<number>('cost_usd').as('total'))
      .where('project_id', '=', projectId)
      .where('cluster_key', '=', link.cluster_key)
      .executeTakeFirst()
    const costUsd = Number(cost?.total ?? 0)
    const { action, next } = decideLineage(
      { iterations: link.iterations, costUsd, escalated: link.escalated },
      assessment.verdict,
      stopPolicy,
    )
    const ticketId = link.ticket_id
    const comment = async (title: string, extra: readonly string[] = []) => {
      if (!ticketId) return
      await tracker.comment(ticketId, {
        clientId: clientId(projectId, link.cluster_key, 'validation', release, action.kind, day),
        body: evidenceComment(title, assessment, extra),
      })
    }
    const outcome = async (kind: 'fixed-clean' | 'fixed-messy' | 'reverted' | 'escalated', reason: string) =>
      recordOutcome(
        db,
        {
          projectId,
          clusterKey: link.cluster_key,
          ticketId,
          outcome: kind,
          release,
          iterations: next.iterations,
          costUsd,
          reason,
          recordedAt: now.toISOString(),
        },
        options.outcomeLog,
      )
    let validation: string | null = 'pending'
    let fixRelease: string | null = release
    switch (action.kind) {
      case 'close':
        await comment(`fixed (${action.outcome === 'fixed-clean' ? 'first attempt' : 'after iterations'})`, [
          `Release ${release} brought the signal back to baseline. Closing.`,
        ])
        if (ticketId) await tracker.close(ticketId)
        await outcome(action.outcome, action.reason)
        validation = 'verified'
        break
      case 'iterate':
        await comment('not fixed yet', [`${action.reason}. Reopened for another attempt.`])
        if (ticketId) await tracker.reopen(ticketId)
        validation = null
        fixRelease = null
        break
      case 'andon':
        if (ticketId) {
          await tracker.update(ticketId, { addLabels: [LABELS.andon, LABELS.escalated], priority: 1 })
          await comment('andon cord pulled', [
            `**Proposed action: revert release ${release}.** The failure rate rose significantly after it shipped.`,
            `Route ${link.route_template ? `\`${link.route_template}\`` : '(unknown)'} is quarantined from auto-fixing until a person clears it (\`clearQuarantine\`).`,
            'A human owns this ticket now.',
          ])
          await tracker.reopen(ticketId)
        }
        if (link.route_template) {
          await db
            .insertInto('route_quarantine')
            .values({
              project_id: projectId,
              route_template: link.route_template,
              cluster_key: link.cluster_key,
              release,
              reason: action.reason,
              created_at: now,
            })
            .onConflict((oc) =>
              oc.columns(['project_id', 'route_template']).doUpdateSet({
                cluster_key: link.cluster_key,
                release,
                reason: action.reason,
                created_at: now,
                cleared_at: null,
                cleared_by: null,
              }),
            )
            .execute()
        }
        await outcome('reverted', action.reason)
        validation = 'andon'
        break
      case 'escalate':
        if (ticketId) {
          await tracker.update(ticketId, { addLabels: [LABELS.escalated] })
          await comment('escalated to a human', [`Stopping automatic attempts: ${action.reason}.`])
          await tracker.reopen(ticketId)
        }
        await outcome('escalated', action.reason)
        validation = 'escalated'
        break
      case 'wait':
        break
    }
    await db
      .insertInto('ticket_validations')
      .values({
        project_id: projectId,
        cluster_key: link.cluster_key,
        release,
        evaluated_on: day,
        ticket_id: ticketId,
        verdict: assessment.verdict,
        action: action.kind,
        p_lower: assessment.pLower,
        p_higher: assessment.pHigher,
        rate_ratio: Number.isFinite(assessment.rateRatio) ? assessment.rateRatio : 1e300,
        before_count: assessment.before.count,
        after_count: assessment.after.count,
        evidence: assessment.evidence,
      })
      .onConflict((oc) =>
        oc.columns(['project_id', 'cluster_key', 'release', 'evaluated_on']).doUpdateSet((eb) => ({
          verdict: eb.ref('excluded.verdict'),
          action: eb.ref('excluded.action'),
          p_lower: eb.ref('excluded.p_lower'),
          p_higher: eb.ref('excluded.p_higher'),
          rate_ratio: eb.ref('excluded.rate_ratio'),
          before_count: eb.ref('excluded.before_count'),
          after_count: eb.ref('excluded.after_count'),
          evidence: eb.ref('excluded.evidence'),
        })),
      )
      .execute()
    await db
      .updateTable('ticket_links')
      .set({
        iterations: next.iterations,
        escalated: next.escalated,
        validation,
        fix_release: fixRelease,
        state: action.kind === 'close' ? 'done' : action.kind === 'wait' ? link.state : 'open',
        updated_at: now,
      })
      .where('project_id', '=', projectId)
      .where('cluster_key', '=', link.cluster_key)
      .execute()
    results.push({ clusterKey: link.cluster_key, ticketId, release, assessment, action })
  }
  return results
}
