import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import type { LinearPriority, PriorityParts } from '../priority/priority.js'
import type { Trend } from '../priority/rate-test.js'
import type { SafetyReason } from '../safety/check.js'
import type { CodePointer } from '../tickets/ticketable-cluster.js'
import type { TriagedCluster, TriageMember, TriagePair, TriageResult } from './triage-result.js'

function parse<T>(value: unknown, fallback: T): T {
  if (value === null || value === undefined) return fallback
  if (typeof value !== 'string') return value as T
  try {
    return JSON.parse(value) as T
  } catch {
    return fallback
  }
}

const optional = <T>(value: T | null): T | undefined => (value === null ? undefined : value)

export interface StoredTriagePair extends TriagePair {
  /** The human answer already stored for this pair, if any. */
  readonly answer?: 'same' | 'different' | undefined
}

export interface StoredTriage extends TriageResult {
  readonly pairs: readonly StoredTriagePair[]
  readonly finishedAt?: string | undefined
}

export interface LoadTriageOptions {
  readonly db: Kysely<Database>
  readonly projectId: string
  /** ISO week; the newest triaged week when absent. */
  readonly week?: string | undefined
}

/**
 * The stored triage result of a week (what the tickets, digest and dashboard read), or `undefined` when
 * that week was never triaged.
 * @example
 * const triage = await loadTriage({ db, projectId, week: '2026-W48' })
 */
export async function loadTriage(options: LoadTriageOptions): Promise<StoredTriage | undefined> {
  const { db, projectId } = options
  let runQuery = db
    .selectFrom('triage_runs')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('status', '=', 'succeeded')
  if (options.week) runQuery = runQuery.where('week', '=', options.week)
  const run = await runQuery.orderBy('week', 'desc').executeTakeFirst()
  if (!run) return undefined
  const week = run.week
  const rows = await db
    .selectFrom('clusters')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('week', '=', week)
    .orderBy('priority')
    .orderBy('priority_score', 'desc')
    .orderBy('signal_count', 'desc')
    .orderBy('key')
    .execute()
  const memberRows = await db
    .selectFrom('cluster_members')
    .select(['signal_id', 'cluster_key', 'kind', 'occurred_at'])
    .where('project_id', '=', projectId)
    .where('week', '=', week)
    .orderBy('occurred_at')
    .orderBy('signal_id')
    .execute()
  const members = new Map<string, TriageMember[]>()
  for (const m of memberRows) {
    let list = members.get(m.cluster_key)
    if (!list) {
      list = []
      members.set(m.cluster_key, list)
    }
    list.push({
      id: m.signal_id,
      kind: m.kind,
      occurredAt: m.occurred_at ? new Date(m.occurred_at).toISOString() : undefined,
    })
  }
  const pairRows = await db
    .selectFrom('cluster_pairs as p')
    .leftJoin('pair_decisions as d', (join) =>
      join.onRef('d.project_id', '=', 'p.project_id').onRef('d.a', '=', 'p.a').onRef('d.b', '=', 'p.b'),
    )
    .select(['p.a', 'p.b', 'p.cluster_a', 'p.cluster_b', 'p.signal', 'p.score', 'd.answer'])
    .where('p.project_id', '=', projectId)
    .where('p.week', '=', week)
    .orderBy('p.score', 'desc')
    .orderBy('p.a')
    .execute()

  const clusters: TriagedCluster[] = rows.map((r) => {
    const rate = parse<Record<string, number | number[] | null>>(r.rate, {})
    const parts = parse<PriorityParts>(r.priority_parts, { breadth: 0, duration: 0, rate: 0 })
    const previousWeeks = Array.isArray(rate.previousWeeks) ? rate.previousWeeks : []
    return {
      key: r.key,
      title: r.title,
      kind: r.kind,
      improvement: (optional(r.improvement) as TriagedCluster['improvement']) ?? undefined,
      decision: r.decision,
      decisionReason: r.decision_reason,
      priority: {
        score: r.priority_score,
        linear: r.priority as LinearPriority,
        parts,
        rate: {
          trend: r.trend as Trend,
          thisWeek: Number(rate.thisWeek ?? 0),
          previousMean: Number(rate.previousMean ?? 0),
          ratio:
            rate.ratio === null || rate.ratio === undefined ? Number.POSITIVE_INFINITY : Number(rate.ratio),
          pValue: Number(rate.pValue ?? 1),
        },
        depthShare: optional(r.depth_share),
      },
      previousWeeks,
      npsDrop: optional(r.nps_drop),
      labels: parse<string[]>(r.labels, []),
      evidence: parse<Record<string, number>>(r.evidence, {}),
      department: optional(r.department),
      autoFixable: r.auto_fixable,
      reasons: parse<string[]>(r.reasons, []),
      heldReasons: parse<SafetyReason[]>(r.held_reasons, []),
      route: optional(r.route_template),
      routes: parse<string[]>(r.routes, []),
      errorType: optional(r.error_type),
      message: optional(r.message),
      boundary: optional(r.boundary),
      attempting: optional(r.attempting),
      fingerprints: parse<string[]>(r.fingerprints, []),
      releases: parse<string[]>(r.releases, []),
      counts: {
        signals: r.signal_count,
        users: r.user_count,
        sessions: r.session_count,
        workspaces: r.workspace_count,
      },
      daysActive: r.days_active,
      firstSeen: new Date(r.first_seen).toISOString(),
      lastSeen: new Date(r.last_seen).toISOString(),
      members: members.get(r.key) ?? [],
      sampleIds: parse<string[]>(r.sample_ids, []),
      sampleSessionIds: parse<string[]>(r.sample_session_ids, []),
      codePointers: parse<CodePointer[]>(r.code_pointers, []),
    }
  })
  return {
    projectId,
    week,
    clusters,
    pairs: pairRows.map((p) => ({
      a: p.a,
      b: p.b,
      clusterA: p.cluster_a,
      clusterB: p.cluster_b,
      signal: p.signal,
      score: p.score,
      answer: p.answer ?? undefined,
    })),
    summary: {
      signals: run.signals,
      clusters: run.clusters,
      tickets: run.tickets,
      observations: run.observations,
      held: run.held,
      needsConfirmation: run.needs_confirmation,
    },
    stats: parse<Record<string, unknown>>(run.stats, {}),
    thresholds: {
      minUsers: Number(
        parse<Record<string, Record<string, number>>>(run.settings, {}).thresholds?.minUsers ?? 0,
      ),
      minSessions: Number(
        parse<Record<string, Record<string, number>>>(run.settings, {}).thresholds?.minSessions ?? 0,
      ),
    },
    finishedAt: run.finished_at ? new Date(run.finished_at).toISOString() : undefined,
  }
}
