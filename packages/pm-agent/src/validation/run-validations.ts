import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import { LABELS } from '../tickets/file-tickets.js'
import { clientId } from '../trackers/client-id.js'
import type { Tracker } from '../trackers/tracker.js'
import {
  assessFix,
  DEFAULT_VALIDATION_POLICY,
  type FixAssessment,
  type ValidationPolicy,
} from './assess-fix.js'
import { lineageCost } from './human-controls.js'
import { recordOutcome } from './outcome-log.js'
import { DAY_MS, HOUR_MS, memberCoverageEnd, signalSeries } from './signal-series.js'
import { DEFAULT_STOP_POLICY, decideLineage, type LineageAction, type StopPolicy } from './stopping.js'

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

/**
 * The first day after a deploy, before a whole day of data exists: the same andon test on hourly
 * buckets (the running hour counts once 15 minutes of it have passed), so a fix that makes things worse
 * pulls the cord within the hour instead of the next day. Only the andon side runs here; calling a fix
 * good still needs the full daily window (asymmetric on purpose). Anything short of a regression keeps
 * the daily verdict.
 */
async function hourlyAndonCheck(
  db: Kysely<Database>,
  input: Omit<Parameters<typeof signalSeries>[1], 'preDays' | 'postDays'>,
  preDays: number,
  policy: Partial<ValidationPolicy>,
  daily: FixAssessment,
): Promise<FixAssessment> {
  const { before, after } = await signalSeries(db, {
    ...input,
    preDays: preDays * 24,
    postDays: 24,
    bucketMs: HOUR_MS,
    partialAfterMs: 15 * 60_000,
  })
  const andonAlpha = policy.andonAlpha ?? DEFAULT_VALIDATION_POLICY.andonAlpha
  const hourly = assessFix(before, after, {
    // The first day is looked at up to ~28 times (each hour, each deploy checkpoint): a Bonferroni share
    // of the andon's alpha keeps that day's false-alarm rate near one look's, on a quarter hour of data.
    policy: {
      ...policy,
      andonAlpha: andonAlpha / 28,
      andonWindow: 1,
      successWindow: Number.POSITIVE_INFINITY,
    },
    unit: 'hour',
  })
  return hourly.verdict === 'regressed' ? hourly : daily
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
  /**
   * False in shadow mode: verdicts and decisions are computed and returned, nothing is written to the
   * tracker or the database (no comment, no label, no quarantine, no counter). Default true.
   */
  readonly act?: boolean | undefined
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
  const act = options.act ?? true
  const stopPolicy = options.stopPolicy ?? DEFAULT_STOP_POLICY
  const day = now.toISOString().slice(0, 10)
  if (act) await detectFixReleases(db, projectId, tracker, now)
  const coverageEnd = await memberCoverageEnd(db, projectId)
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
    const successWindow = policy.successWindow ?? DEFAULT_VALIDATION_POLICY.successWindow
    const preDays = options.preDays ?? 14
    // A cluster counted on its triaged members knows nothing past the newest triaged week.
    const seenUntil =
      link.fingerprints.length === 0 && coverageEnd !== null && coverageEnd < now ? coverageEnd : now
    const input = {
      projectId,
      fingerprints: link.fingerprints,
      clusterKey: link.cluster_key,
      environments: options.environments,
      deployedAt,
      now: seenUntil,
    }
    const { before, after } = await signalSeries(db, { ...input, preDays, postDays: successWindow })
    let assessment = assessFix(before, after, { policy })
    // By time alone: a window without any traffic after the fix is as undecidable as one without events.
    const windowComplete = seenUntil.getTime() - deployedAt.getTime() >= successWindow * DAY_MS
    const firstDay = seenUntil.getTime() - deployedAt.getTime() < DAY_MS
    if (firstDay && (assessment.verdict === 'pending' || assessment.verdict === 'insufficient-data')) {
      assessment = await hourlyAndonCheck(db, input, preDays, policy, assessment)
    }
    const costUsd = await lineageCost(db, projectId, link.cluster_key)
    const { action, next } = decideLineage(
      { iterations: link.iterations, costUsd, escalated: link.escalated },
      assessment.verdict,
      stopPolicy,
      { windowComplete },
    )
    if (!act) {
      results.push({ clusterKey: link.cluster_key, ticketId: link.ticket_id, release, assessment, action })
      continue
    }
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
    // The fixer stops taking this route until a person clears it: after an andon pull and after an
    // escalation alike (the issue: "on andon, escalation or quarantine ... the fixer stops taking that route").
    const quarantineRoute = async (reason: string) => {
      if (!link.route_template) return
      await db
        .insertInto('route_quarantine')
        .values({
          project_id: projectId,
          route_template: link.route_template,
          cluster_key: link.cluster_key,
          release,
          reason,
          created_at: now,
        })
        .onConflict((oc) =>
          oc.columns(['project_id', 'route_template']).doUpdateSet({
            cluster_key: link.cluster_key,
            release,
            reason,
            created_at: now,
            cleared_at: null,
            cleared_by: null,
          }),
        )
        .execute()
    }
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
            link.route_template
              ? `Route \`${link.route_template}\` is quarantined from auto-fixing until a person clears it (\`suture quarantine clear --project ${projectId} --route ${link.route_template}\` or the dashboard).`
              : 'This ticket left the auto-fixable queue (no route is known to quarantine).',
            'A human owns this ticket now.',
          ])
          await tracker.reopen(ticketId)
        }
        await quarantineRoute(action.reason)
        await outcome('reverted', action.reason)
        validation = 'andon'
        break
      case 'escalate':
        if (ticketId) {
          await tracker.update(ticketId, { addLabels: [LABELS.escalated] })
          await comment('escalated to a human', [
            `Stopping automatic attempts: ${action.reason}.`,
            link.route_template
              ? `Route \`${link.route_template}\` is quarantined from auto-fixing until a person clears it (\`suture quarantine clear --project ${projectId} --route ${link.route_template}\` or the dashboard).`
              : 'This ticket left the auto-fixable queue (no route is known to quarantine).',
          ])
          await tracker.reopen(ticketId)
        }
        await quarantineRoute(action.reason)
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
