import { type Database, existingTables, toDate, toJson, toNumber } from '@suture/store'
import { type Kysely, sql } from 'kysely'
import { DEFAULT_ENVIRONMENTS } from '../environments/environments.js'
import { isoWeekRange } from '../triage/week.js'
import type { ClusterSummary, ClustersView, PairSide, PairSummary } from './clusters-data.js'
import { loadPairAnswers, type StoredPairAnswer } from './pair-answers.js'
import type { TicketSummary } from './tickets-data.js'

export interface PairAnswer {
  readonly a: string
  readonly b: string
  readonly answer: 'same' | 'different'
  readonly decidedBy: string
}

const TRIAGE_TABLES = ['triage_runs', 'clusters', 'cluster_pairs', 'pair_decisions'] as const

function strings(value: unknown): string[] {
  const parsed = toJson(value)
  return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : []
}

function record(value: unknown): Record<string, unknown> {
  const parsed = toJson(value)
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : {}
}

function optionalNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined
}

/**
 * The latest week's triage result (migration 0003, written by `@suture/pm-agent`'s triage): clusters
 * most urgent first with a sample envelope and their ticket, and the needs-confirmation pairs with any
 * answer already given, unanswered first.
 */
export async function readTriage(
  db: Kysely<Database>,
  projectId: string,
  tickets: readonly TicketSummary[],
): Promise<ClustersView> {
  const tables = await existingTables(db, TRIAGE_TABLES)
  const decisionsWritable = tables.has('pair_decisions') && tables.has('cluster_pairs')
  const none: ClustersView = { available: false, week: undefined, clusters: [], pairs: [], decisionsWritable }
  if (!tables.has('triage_runs') || !tables.has('clusters')) return none
  const run = await db
    .selectFrom('triage_runs')
    .select(['week', 'started_at', 'settings'])
    .where('project_id', '=', projectId)
    .where('status', '=', 'succeeded')
    .orderBy('week', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!run) return none
  const week = run.week
  // The current week is triaged as it goes (every 15 minutes by the worker, or `suture triage`).
  const counted = toDate(run.started_at)
  const partialUntil =
    counted !== undefined && counted.getTime() < isoWeekRange(week).end.getTime() ? counted : undefined

  const rows = await db
    .selectFrom('clusters')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('week', '=', week)
    .orderBy('priority', 'asc')
    .orderBy('priority_score', 'desc')
    .orderBy('key')
    .limit(200)
    .execute()

  const sampleIds = rows.map((r) => strings(r.sample_ids)[0]).filter((id): id is string => id !== undefined)
  const pairs = tables.has('cluster_pairs')
    ? await db
        .selectFrom('cluster_pairs')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('week', '=', week)
        .orderBy('score', 'desc')
        .limit(200)
        .execute()
    : []
  const memberIds = [...new Set([...sampleIds, ...pairs.flatMap((p) => [p.a, p.b])])]
  const envelopes =
    memberIds.length === 0
      ? []
      : await db
          .selectFrom('envelopes')
          .select(['id', 'body', 'message', 'error_type', 'route_template'])
          .where('project_id', '=', projectId)
          .where('id', 'in', memberIds)
          .execute()
  const envelopeById = new Map(envelopes.map((e) => [e.id, e]))
  const ticketByKey = new Map(tickets.map((t) => [t.clusterKey, t]))

  const clusters: ClusterSummary[] = rows.map((r) => {
    const rate = record(r.rate)
    const sampleId = strings(r.sample_ids)[0]
    const sample = sampleId === undefined ? undefined : envelopeById.get(sampleId)
    const evidence = record(r.evidence)
    return {
      key: r.key,
      title: r.title,
      kind: r.kind,
      decision: r.decision,
      priority: toNumber(r.priority),
      labels: strings(r.labels),
      route: r.route_template ?? undefined,
      users: toNumber(r.user_count),
      workspaces: toNumber(r.workspace_count),
      sessions: toNumber(r.session_count),
      signals: toNumber(r.signal_count),
      depth: r.depth_share ?? undefined,
      trend: { label: r.trend, ratio: optionalNumber(rate.ratio), pValue: optionalNumber(rate.pValue) },
      fingerprints: strings(r.fingerprints),
      evidence: Object.entries(evidence).map(([k, v]) => `${k} ×${toNumber(v)}`),
      sample: sample === undefined ? undefined : toJson(sample.body),
      firstSeen: toDate(r.first_seen),
      lastSeen: toDate(r.last_seen),
      ticket: ticketByKey.get(r.key),
    }
  })

  const titleOfCluster = new Map(rows.map((r) => [r.key, r.title]))
  const answers =
    tables.has('pair_decisions') && pairs.length > 0
      ? await loadPairAnswers(db, projectId)
      : new Map<string, StoredPairAnswer>()
  const describe = (id: string, clusterKey: string): string | undefined => {
    const e = envelopeById.get(id)
    const text = e ? [e.error_type, e.message].filter(Boolean).join(': ') : ''
    return text !== '' ? text : titleOfCluster.get(clusterKey)
  }
  const side = (id: string, clusterKey: string): PairSide => {
    const e = envelopeById.get(id)
    const body = record(e?.body)
    const error = record(body.error)
    const feedback = record(body.feedback)
    const frames = (Array.isArray(error.frames) ? error.frames : [])
      .map((f) => record(f))
      .filter((f) => f.inApp !== false)
      .slice(0, 3)
      .map((f) => {
        const where = [f.file, f.line].filter((v) => typeof v === 'string' || typeof v === 'number').join(':')
        return `${typeof f.function === 'string' ? f.function : '(anonymous)'} ${where}`.trim()
      })
    const sample = typeof feedback.text === 'string' ? feedback.text : e?.message
    return { clusterKey, route: e?.route_template ?? undefined, frames, sample: sample ?? undefined }
  }
  const pairSummaries: PairSummary[] = pairs.map((p) => {
    return {
      sideA: side(p.a, p.cluster_a),
      sideB: side(p.b, p.cluster_b),
      a: p.a,
      b: p.b,
      titleA: describe(p.a, p.cluster_a),
      titleB: describe(p.b, p.cluster_b),
      signal: p.signal,
      score: toNumber(p.score),
      answer: answers.get(`${p.a}\u0000${p.b}`)?.answer,
      answeredBy: answers.get(`${p.a}\u0000${p.b}`)?.decidedBy,
    }
  })
  pairSummaries.sort((p, q) => Number(p.answer !== undefined) - Number(q.answer !== undefined))
  const triaged = strings(record(run.settings).environments)
  const environments = triaged.length > 0 ? triaged : [...DEFAULT_ENVIRONMENTS]
  return {
    available: true,
    week,
    partialUntil,
    environments,
    clusters,
    pairs: pairSummaries,
    decisionsWritable,
  }
}

export class DecisionsUnavailableError extends Error {
  constructor() {
    super(
      'Pair answers cannot be stored: the triage tables (migration 0003-clusters) are missing; run the migrations.',
    )
    this.name = 'DecisionsUnavailableError'
  }
}

export class PairNotFoundError extends Error {
  constructor(
    readonly a: string,
    readonly b: string,
  ) {
    super(
      `No needs-confirmation pair ${a} / ${b} in this project; reload the Clusters page and answer from there.`,
    )
    this.name = 'PairNotFoundError'
  }
}

/**
 * Stores a human answer on a needs-confirmation pair, in the order the table keeps (`a < b`), with the two
 * cluster keys so later weeks apply it too. Answering again replaces the answer; the same answer twice is a
 * no-op. The next triage run reads `pair_decisions` and merges ("same") or keeps apart ("different").
 */
export async function storePairAnswer(
  db: Kysely<Database>,
  projectId: string,
  answer: PairAnswer,
): Promise<void> {
  const tables = await existingTables(db, ['pair_decisions', 'cluster_pairs'])
  if (!tables.has('pair_decisions') || !tables.has('cluster_pairs')) throw new DecisionsUnavailableError()
  const pair = await db
    .selectFrom('cluster_pairs')
    .select(['a', 'b', 'cluster_a', 'cluster_b'])
    .where('project_id', '=', projectId)
    .where((eb) =>
      eb.or([
        eb.and([eb('a', '=', answer.a), eb('b', '=', answer.b)]),
        eb.and([eb('a', '=', answer.b), eb('b', '=', answer.a)]),
      ]),
    )
    .orderBy('week', 'desc')
    .limit(1)
    .executeTakeFirst()
  if (!pair) throw new PairNotFoundError(answer.a, answer.b)
  // The table keeps `a < b` by the database's collation, so the database orders the pair.
  await sql`
    insert into pair_decisions (project_id, a, b, cluster_a, cluster_b, answer, decided_by)
    select ${projectId}, least(x.a, x.b), greatest(x.a, x.b),
      case when x.a < x.b then x.ca else x.cb end, case when x.a < x.b then x.cb else x.ca end,
      ${answer.answer}, ${answer.decidedBy}
    from (select ${pair.a}::text as a, ${pair.b}::text as b, ${pair.cluster_a}::text as ca, ${pair.cluster_b}::text as cb) x
    on conflict (project_id, a, b) do update set
      answer = excluded.answer, cluster_a = excluded.cluster_a, cluster_b = excluded.cluster_b,
      decided_by = excluded.decided_by, decided_at = now()
  `.execute(db)
}
