import {
  type Database,
  type NpsBucketCounts,
  netPromoterScore,
  toDate,
  toJson,
  toNumber,
} from '@suture/store'
import { type Kysely, sql } from 'kysely'

export type { NpsBucketCounts }
// One NPS rule for the dashboard and the digest: it lives in @suture/store (`npsBucket`, `impliedNps`).
export { netPromoterScore }

export interface NpsDay extends NpsBucketCounts {
  /** YYYY-MM-DD (UTC). */
  readonly day: string
}

export interface NpsDepartment extends NpsBucketCounts {
  readonly department: string
}

export interface LowSession {
  readonly sessionId: string
  readonly score: number
  readonly intent: string | null
  readonly success: string | null
  readonly improvement: string | null
  readonly department: string | null
  readonly startedAt: Date | undefined
  readonly eventCount: number
  readonly errorCount: number
  readonly scorer: string
}

export interface SessionsOverview {
  /** Days in the window, oldest first, including days without scores (total 0). */
  readonly days: readonly NpsDay[]
  readonly departments: readonly NpsDepartment[]
  /** Sessions per rounded score 0…10 in the window. */
  readonly histogram: readonly number[]
  readonly lowest: readonly LowSession[]
  readonly window: { readonly from: string; readonly to: string } | undefined
  readonly totals: NpsBucketCounts
  /** Scored sessions in the whole project (0 → show the "run scoring" empty state). */
  readonly scoredSessions: number
}

const DAY_MS = 86_400_000

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10)
}

// The latest successful score of each session (a session re-scored by a newer scorer version shows the new one).
function latestScores(projectId: string) {
  return sql`
    select distinct on (session_id) session_id, score, department, intent, success, improvement, scorer
    from scores
    where project_id = ${projectId} and status = 'scored' and score is not null
    order by session_id, scored_at desc
  `
}

function buckets(row: Record<string, unknown>): NpsBucketCounts {
  return {
    detractors: toNumber(row.detractors),
    passives: toNumber(row.passives),
    promoters: toNumber(row.promoters),
    total: toNumber(row.total),
    averageScore: toNumber(row.average_score),
  }
}

const BUCKET_COLUMNS = sql`
  count(*) filter (where round(l.score) <= 6)::int as detractors,
  count(*) filter (where round(l.score) between 7 and 8)::int as passives,
  count(*) filter (where round(l.score) >= 9)::int as promoters,
  count(*)::int as total,
  coalesce(avg(l.score), 0)::float8 as average_score
`

/**
 * What the Sessions page shows: the implied-NPS mix per day and per department over a window of `days`
 * ending on the day of the latest scored session (so imported history is not an empty chart), and the
 * lowest-scored sessions of that window.
 */
export async function sessionsOverview(
  db: Kysely<Database>,
  projectId: string,
  options: { days: number; lowest: number },
): Promise<SessionsOverview> {
  const latest = latestScores(projectId)
  const bounds = await sql<Record<string, unknown>>`
    with l as (${latest})
    select count(*)::int as scored, max(s.started_at) as last_start
    from l join sessions s on s.project_id = ${projectId} and s.id = l.session_id
  `.execute(db)
  const scoredSessions = toNumber(bounds.rows[0]?.scored)
  const lastStart = toDate(bounds.rows[0]?.last_start)
  const empty: NpsBucketCounts = { detractors: 0, passives: 0, promoters: 0, total: 0, averageScore: 0 }
  if (scoredSessions === 0 || lastStart === undefined) {
    return {
      days: [],
      departments: [],
      histogram: new Array(11).fill(0),
      lowest: [],
      window: undefined,
      totals: empty,
      scoredSessions,
    }
  }
  const toDay = Date.parse(`${isoDay(lastStart)}T00:00:00Z`)
  const from = new Date(toDay - (options.days - 1) * DAY_MS)
  const to = new Date(toDay + DAY_MS)

  const [daily, departments, histogram, lowest, totals] = await Promise.all([
    sql<Record<string, unknown>>`
      with l as (${latest})
      select to_char(s.started_at at time zone 'UTC', 'YYYY-MM-DD') as day, ${BUCKET_COLUMNS}
      from l join sessions s on s.project_id = ${projectId} and s.id = l.session_id
      where s.started_at >= ${from} and s.started_at < ${to}
      group by 1 order by 1
    `.execute(db),
    sql<Record<string, unknown>>`
      with l as (${latest})
      select coalesce(nullif(l.department, ''), 'Unassigned') as department, ${BUCKET_COLUMNS}
      from l join sessions s on s.project_id = ${projectId} and s.id = l.session_id
      where s.started_at >= ${from} and s.started_at < ${to}
      group by 1 order by total desc, department
    `.execute(db),
    sql<Record<string, unknown>>`
      with l as (${latest})
      select least(10, greatest(0, round(l.score)))::int as bucket, count(*)::int as n
      from l join sessions s on s.project_id = ${projectId} and s.id = l.session_id
      where s.started_at >= ${from} and s.started_at < ${to}
      group by 1
    `.execute(db),
    sql<Record<string, unknown>>`
      with l as (${latest})
      select l.*, s.started_at, s.event_count, s.error_count
      from l join sessions s on s.project_id = ${projectId} and s.id = l.session_id
      where s.started_at >= ${from} and s.started_at < ${to}
      order by l.score asc, s.started_at desc, l.session_id
      limit ${options.lowest}
    `.execute(db),
    sql<Record<string, unknown>>`
      with l as (${latest})
      select ${BUCKET_COLUMNS}
      from l join sessions s on s.project_id = ${projectId} and s.id = l.session_id
      where s.started_at >= ${from} and s.started_at < ${to}
    `.execute(db),
  ])

  const byDay = new Map(daily.rows.map((r) => [String(r.day), buckets(r)]))
  const days: NpsDay[] = []
  for (let t = from.getTime(); t < to.getTime(); t += DAY_MS) {
    const day = isoDay(new Date(t))
    days.push({ day, ...(byDay.get(day) ?? empty) })
  }
  const hist: number[] = new Array(11).fill(0)
  for (const r of histogram.rows) hist[toNumber(r.bucket)] = toNumber(r.n)

  return {
    days,
    departments: departments.rows.map((r) => ({ department: String(r.department), ...buckets(r) })),
    histogram: hist,
    lowest: lowest.rows.map((r) => ({
      sessionId: String(r.session_id),
      score: toNumber(r.score),
      intent: (r.intent as string | null) ?? null,
      success: (r.success as string | null) ?? null,
      improvement: (r.improvement as string | null) ?? null,
      department: (r.department as string | null) ?? null,
      startedAt: toDate(r.started_at),
      eventCount: toNumber(r.event_count),
      errorCount: toNumber(r.error_count),
      scorer: String(r.scorer),
    })),
    window: { from: isoDay(from), to: isoDay(new Date(toDay)) },
    totals: totals.rows[0] ? buckets(totals.rows[0]) : empty,
    scoredSessions,
  }
}

export interface TimelineEntry {
  readonly at: Date
  readonly kind: 'event' | 'error' | 'feedback'
  /** `$pageview`, `$rageclick`, … for events; the error type for errors. */
  readonly name: string
  readonly route: string | undefined
  readonly detail: string | undefined
}

export interface SessionDetail {
  readonly sessionId: string
  readonly startedAt: Date | undefined
  readonly lastEventAt: Date | undefined
  readonly score: LowSession | undefined
  readonly timeline: readonly TimelineEntry[]
  /** True when the timeline was cut at `limit` entries. */
  readonly truncated: boolean
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

function eventRoute(props: Record<string, unknown>): string | undefined {
  const url = text(props.$current_url)
  return (
    text(props.$pathname) ?? text(props.route) ?? (url ? url.replace(/^[a-z]+:\/\/[^/]+/i, '') : undefined)
  )
}

function eventDetail(props: Record<string, unknown>): string | undefined {
  return (
    text(props.label) ??
    text(props.$el_text) ??
    text(props.text) ??
    text(props.name) ??
    text(props.$exception_message) ??
    text(props.message)
  )
}

/** A session's score and its timeline: events and envelopes (already scrubbed at ingest), oldest first. */
export async function sessionDetail(
  db: Kysely<Database>,
  projectId: string,
  sessionId: string,
  limit = 500,
): Promise<SessionDetail | undefined> {
  const session = await db
    .selectFrom('sessions')
    .select(['id', 'started_at', 'last_event_at', 'event_count', 'error_count'])
    .where('project_id', '=', projectId)
    .where('id', '=', sessionId)
    .executeTakeFirst()
  if (!session) return undefined
  const [score, events, envelopes] = await Promise.all([
    db
      .selectFrom('scores')
      .select(['session_id', 'score', 'intent', 'success', 'improvement', 'department', 'scorer'])
      .where('project_id', '=', projectId)
      .where('session_id', '=', sessionId)
      .where('status', '=', 'scored')
      .orderBy('scored_at', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db
      .selectFrom('session_events')
      .select(['ts', 'event', 'properties'])
      .where('project_id', '=', projectId)
      .where('session_id', '=', sessionId)
      .orderBy('ts')
      .orderBy('id')
      .limit(limit + 1)
      .execute(),
    db
      .selectFrom('envelopes')
      .select(['id', 'occurred_at', 'kind', 'error_type', 'message', 'route_template', 'rating'])
      .where('project_id', '=', projectId)
      .where('session_id', '=', sessionId)
      .orderBy('occurred_at')
      .limit(limit + 1)
      .execute(),
  ])
  const timeline: TimelineEntry[] = []
  const errorEnvelopes = envelopes.filter((v) => v.kind === 'error')
  const envelopeIds = new Set(errorEnvelopes.map((v) => v.id))
  // The SDK reports each error twice, as an envelope and as the session's `$exception` event (which names
  // the envelope); an import has only the event. The envelope's entry is the richer one, so a `$exception`
  // that is one of the session's envelopes is left out: by its envelope id, else by type within 5 s (the
  // rule the scorer's features use to count an error once).
  const sameAsEnvelope = (props: Record<string, unknown>, at: Date): boolean => {
    const id = text(props.suture_envelope_id)
    if (id !== undefined) return envelopeIds.has(id)
    const type = text(props.$exception_type) ?? 'Error'
    return errorEnvelopes.some(
      (v) =>
        (v.error_type ?? 'Error') === type &&
        Math.abs((toDate(v.occurred_at)?.getTime() ?? 0) - at.getTime()) < 5_000,
    )
  }
  for (const e of events.slice(0, limit)) {
    const props = (toJson(e.properties) ?? {}) as Record<string, unknown>
    const at = toDate(e.ts) ?? new Date(0)
    if (e.event === '$exception' && sameAsEnvelope(props, at)) continue
    timeline.push({
      at,
      kind: 'event',
      name: e.event,
      route: eventRoute(props),
      detail: eventDetail(props),
    })
  }
  for (const v of envelopes.slice(0, limit)) {
    timeline.push({
      at: toDate(v.occurred_at) ?? new Date(0),
      kind: v.kind,
      name:
        v.kind === 'error'
          ? (v.error_type ?? 'Error')
          : v.rating === null
            ? 'feedback'
            : `feedback ${v.rating}/10`,
      route: v.route_template,
      detail: v.message ?? undefined,
    })
  }
  timeline.sort((a, b) => a.at.getTime() - b.at.getTime())
  return {
    sessionId: session.id,
    startedAt: toDate(session.started_at),
    lastEventAt: toDate(session.last_event_at),
    score:
      score && score.score !== null
        ? {
            sessionId: score.session_id,
            score: score.score,
            intent: score.intent,
            success: score.success,
            improvement: score.improvement,
            department: score.department,
            startedAt: toDate(session.started_at),
            eventCount: toNumber(session.event_count),
            errorCount: toNumber(session.error_count),
            scorer: score.scorer,
          }
        : undefined,
    timeline: timeline.slice(0, limit),
    truncated: events.length > limit || envelopes.length > limit || timeline.length > limit,
  }
}
