import { type Database, toDate, toNumber } from '@suture/store'
import { type Kysely, type RawBuilder, sql } from 'kysely'

/** `score`: lowest implied NPS first (unscored last); `newest` / `oldest`: by start time. */
export const SESSION_SORTS = ['score', 'score-desc', 'newest', 'oldest'] as const
export type SessionSort = (typeof SESSION_SORTS)[number]

export interface SessionQuery {
  /** Case-insensitive text in the session id or its score's intent, success or improvement. */
  readonly q?: string | undefined
  /** Lowest implied NPS (0–10) to include; with a bound, unscored sessions are left out. */
  readonly minScore?: number | undefined
  readonly maxScore?: number | undefined
  /** The department its latest score names (exact). */
  readonly department?: string | undefined
  /**
   * A route template (`/checkout/:id`) or path: sessions with an error or feedback on it, or an event on a
   * path it matches (`:param` segments match any value).
   */
  readonly route?: string | undefined
  /** Only sessions with (true) or without (false) an error. */
  readonly hasError?: boolean | undefined
  readonly sort?: SessionSort | undefined
  /** 1-based. */
  readonly page?: number | undefined
  /** Default 50, at most 200. */
  readonly pageSize?: number | undefined
}

export interface SessionRow {
  readonly sessionId: string
  readonly startedAt: Date | undefined
  readonly lastEventAt: Date | undefined
  readonly eventCount: number
  readonly errorCount: number
  readonly feedbackCount: number
  /** The latest successful score; undefined while the session is not scored. */
  readonly score: number | undefined
  readonly department: string | null
  readonly intent: string | null
  readonly success: string | null
  readonly improvement: string | null
}

export interface SessionList {
  readonly rows: readonly SessionRow[]
  /** Sessions matching the query, over every page. */
  readonly total: number
  readonly page: number
  readonly pageSize: number
  /** Departments the project's scores name, for the filter (at most 100). */
  readonly departments: readonly string[]
}

/** `%` and `_` are data in a search, not wildcards. */
function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}

/** `/checkout/:id` → `/checkout/%`: a template's parameters match any one value of a path. */
function routePattern(route: string): string {
  return likeEscape(route).replace(/:[A-Za-z_][A-Za-z0-9_]*/g, '%')
}

const ORDER: Record<SessionSort, RawBuilder<unknown>> = {
  score: sql`sc.score asc nulls last, s.started_at desc, s.id`,
  'score-desc': sql`sc.score desc nulls last, s.started_at desc, s.id`,
  newest: sql`s.started_at desc, s.id`,
  oldest: sql`s.started_at asc, s.id`,
}

/**
 * Every session of a project — scored or not — searched, filtered and sorted in the database and read one
 * page at a time (`LIMIT`/`OFFSET`; the latest score of each row comes through the scores primary key, and
 * a session's errors and events through their per-session indexes).
 * @example
 * const list = await listSessions(db, projectId, { maxScore: 6, hasError: true, sort: 'newest', page: 2 })
 */
export async function listSessions(
  db: Kysely<Database>,
  projectId: string,
  query: SessionQuery = {},
): Promise<SessionList> {
  const pageSize = Math.min(200, Math.max(1, Math.floor(query.pageSize ?? 50)))
  const page = Math.min(10_000, Math.max(1, Math.floor(query.page ?? 1)))
  const where: RawBuilder<unknown>[] = [sql`s.project_id = ${projectId}`]
  const q = query.q?.trim()
  if (q) {
    const like = `%${likeEscape(q)}%`
    where.push(
      sql`(s.id ilike ${like} or sc.intent ilike ${like} or sc.success ilike ${like} or sc.improvement ilike ${like})`,
    )
  }
  if (query.minScore !== undefined) where.push(sql`sc.score >= ${query.minScore}`)
  if (query.maxScore !== undefined) where.push(sql`sc.score <= ${query.maxScore}`)
  if (query.department !== undefined) where.push(sql`sc.department = ${query.department}`)
  if (query.hasError === true) where.push(sql`s.error_count > 0`)
  if (query.hasError === false) where.push(sql`s.error_count = 0`)
  if (query.route !== undefined) {
    const pattern = routePattern(query.route)
    where.push(sql`(
      exists (select 1 from envelopes e
        where e.project_id = s.project_id and e.session_id = s.id and e.route_template = ${query.route})
      or exists (select 1 from session_events ev
        where ev.project_id = s.project_id and ev.session_id = s.id
          and split_part(coalesce(
            nullif(ev.properties->>'$pathname', ''),
            regexp_replace(ev.properties->>'$current_url', '^[a-zA-Z][a-zA-Z0-9+.-]*://[^/?#]*', ''),
            ev.properties->>'route'
          ), '?', 1) like ${pattern})
    )`)
  }
  // The latest score of each session through the scores primary key (project, session, …).
  const matching = sql`
    from sessions s
    left join lateral (
      select score, department, intent, success, improvement from scores
      where project_id = s.project_id and session_id = s.id and status = 'scored' and score is not null
      order by scored_at desc
      limit 1
    ) sc on true
    where ${sql.join(where, sql` and `)}
  `
  const rows = await sql<Record<string, unknown>>`
    select s.id, s.started_at, s.last_event_at, s.event_count, s.error_count, s.feedback_count,
      sc.score, sc.department, sc.intent, sc.success, sc.improvement,
      count(*) over () as total
    ${matching}
    order by ${ORDER[query.sort ?? 'score']}
    limit ${pageSize} offset ${(page - 1) * pageSize}
  `.execute(db)
  // A page past the end still says how many there are, so the pager can lead back.
  const total =
    rows.rows.length > 0 || page === 1
      ? toNumber(rows.rows[0]?.total)
      : toNumber((await sql<{ n: unknown }>`select count(*) as n ${matching}`.execute(db)).rows[0]?.n)
  const departments = await sql<{ department: string }>`
    select distinct department from scores
    where project_id = ${projectId} and status = 'scored' and department is not null and department <> ''
    order by 1 limit 100
  `.execute(db)
  return {
    rows: rows.rows.map((r) => ({
      sessionId: String(r.id),
      startedAt: toDate(r.started_at),
      lastEventAt: toDate(r.last_event_at),
      eventCount: toNumber(r.event_count),
      errorCount: toNumber(r.error_count),
      feedbackCount: toNumber(r.feedback_count),
      score: r.score === null || r.score === undefined ? undefined : toNumber(r.score),
      department: (r.department as string | null) ?? null,
      intent: (r.intent as string | null) ?? null,
      success: (r.success as string | null) ?? null,
      improvement: (r.improvement as string | null) ?? null,
    })),
    total,
    page,
    pageSize,
    departments: departments.rows.map((r) => r.department),
  }
}
