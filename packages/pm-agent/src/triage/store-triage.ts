import type { Database } from '@suture/store'
import type { Insertable, Kysely } from 'kysely'
import type { TriageResult } from './triage-result.js'

type ClusterRow = Insertable<Database['clusters']>
type MemberRow = Insertable<Database['cluster_members']>

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

const json = (value: unknown) => JSON.stringify(value)

/**
 * Replaces a week's stored triage result in one transaction: a rerun updates, never duplicates, and a
 * crash leaves the previous result in place.
 */
export async function storeTriage(
  db: Kysely<Database>,
  triage: TriageResult,
  options: { now: Date; settings: Record<string, unknown> },
): Promise<void> {
  const { projectId, week } = triage
  const clusterRows: ClusterRow[] = triage.clusters.map((c) => ({
    project_id: projectId,
    week,
    key: c.key,
    title: c.title,
    kind: c.kind,
    improvement: c.improvement ?? null,
    decision: c.decision,
    decision_reason: c.decisionReason,
    priority: c.priority.linear,
    priority_score: c.priority.score,
    priority_parts: json(
      Object.fromEntries(
        Object.entries(c.priority.parts)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, Math.round((v as number) * 1000) / 1000]),
      ),
    ),
    trend: c.priority.rate.trend,
    rate: json({
      thisWeek: c.priority.rate.thisWeek,
      previousWeeks: c.previousWeeks,
      previousMean: c.priority.rate.previousMean,
      ratio: Number.isFinite(c.priority.rate.ratio) ? c.priority.rate.ratio : null,
      pValue: c.priority.rate.pValue,
    }),
    depth_share: c.priority.depthShare ?? null,
    nps_drop: c.npsDrop ?? null,
    labels: json(c.labels),
    evidence: json(c.evidence),
    department: c.department ?? null,
    auto_fixable: c.autoFixable,
    reasons: json(c.reasons),
    held_reasons: json(c.heldReasons),
    route_template: c.route ?? null,
    routes: json(c.routes),
    error_type: c.errorType ?? null,
    message: c.message ?? null,
    boundary: c.boundary ?? null,
    attempting: c.attempting ?? null,
    fingerprints: json(c.fingerprints),
    releases: json(c.releases),
    signal_count: c.counts.signals,
    user_count: c.counts.users,
    session_count: c.counts.sessions,
    workspace_count: c.counts.workspaces,
    days_active: c.daysActive,
    first_seen: c.firstSeen,
    last_seen: c.lastSeen,
    sample_ids: json(c.sampleIds),
    sample_session_ids: json(c.sampleSessionIds),
    code_pointers: json(c.codePointers),
    updated_at: options.now,
  }))
  const memberRows: MemberRow[] = []
  for (const c of triage.clusters) {
    for (const m of c.members) {
      const at = m.occurredAt ? new Date(m.occurredAt) : undefined
      memberRows.push({
        project_id: projectId,
        week,
        signal_id: m.id,
        cluster_key: c.key,
        kind: m.kind,
        occurred_at: at && !Number.isNaN(at.getTime()) ? at : null,
      })
    }
  }
  await db.transaction().execute(async (trx) => {
    for (const table of ['cluster_members', 'cluster_pairs', 'clusters'] as const) {
      await trx.deleteFrom(table).where('project_id', '=', projectId).where('week', '=', week).execute()
    }
    for (const rows of chunks(clusterRows, 200)) await trx.insertInto('clusters').values(rows).execute()
    for (const rows of chunks(memberRows, 5_000))
      await trx.insertInto('cluster_members').values(rows).execute()
    const pairRows = triage.pairs.map((p) => ({
      project_id: projectId,
      week,
      a: p.a,
      b: p.b,
      cluster_a: p.clusterA,
      cluster_b: p.clusterB,
      signal: p.signal,
      score: p.score,
    }))
    for (const rows of chunks(pairRows, 2_000))
      await trx
        .insertInto('cluster_pairs')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .execute()
    const run = {
      project_id: projectId,
      week,
      status: 'succeeded' as const,
      signals: triage.summary.signals,
      clusters: triage.summary.clusters,
      tickets: triage.summary.tickets,
      observations: triage.summary.observations,
      held: triage.summary.held,
      needs_confirmation: triage.summary.needsConfirmation,
      stats: json(triage.stats),
      settings: json(options.settings),
      started_at: options.now,
      finished_at: new Date(),
    }
    await trx
      .insertInto('triage_runs')
      .values(run)
      .onConflict((oc) =>
        oc.columns(['project_id', 'week']).doUpdateSet({
          status: run.status,
          signals: run.signals,
          clusters: run.clusters,
          tickets: run.tickets,
          observations: run.observations,
          held: run.held,
          needs_confirmation: run.needs_confirmation,
          stats: run.stats,
          settings: run.settings,
          started_at: run.started_at,
          finished_at: run.finished_at,
        }),
      )
      .execute()
  })
}
