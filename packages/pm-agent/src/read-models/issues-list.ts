import { type Database, existingTables, toDate, toJson, toNumber } from '@suture/store'
import { type Kysely, sql } from 'kysely'
import { isoWeek, isoWeekRange } from '../triage/week.js'
import { listTickets } from './tickets-data.js'
import { ungroupedIssueKey } from './ungrouped-issue.js'

export const ISSUE_SORTS = ['priority', 'events', 'users', 'last-seen', 'first-seen'] as const
export type IssueSort = (typeof ISSUE_SORTS)[number]

/** `ungrouped`: errors of the period no triage run has clustered yet (grouped by fingerprint). */
export const ISSUE_STATUSES = [
  'ticket',
  'observation',
  'held-for-humans',
  'needs-confirmation',
  'ungrouped',
] as const
export type IssueStatus = (typeof ISSUE_STATUSES)[number]

export interface IssueQuery {
  /** ISO week (`2026-W48`); default the current, partial one. */
  readonly week?: string | undefined
  /** Only errors from this environment (`app.environment`). */
  readonly env?: string | undefined
  /** Case-insensitive text in title, message, route, release, fingerprint, issue key or ticket id. */
  readonly q?: string | undefined
  readonly status?: IssueStatus | undefined
  readonly kind?: 'bug' | 'improvement' | undefined
  readonly department?: string | undefined
  readonly held?: boolean | undefined
  readonly autoFixable?: boolean | undefined
  readonly sort?: IssueSort | undefined
  /** 1-based. */
  readonly page?: number | undefined
  readonly pageSize?: number | undefined
  /** The clock (tests pin it). */
  readonly now?: Date | undefined
}

export interface IssueRow {
  /** The cluster key; undefined for an ungrouped error. */
  readonly key: string | undefined
  readonly title: string
  readonly kind: string
  readonly status: IssueStatus
  readonly priority: number | undefined
  readonly route: string | undefined
  readonly department: string | undefined
  readonly autoFixable: boolean
  readonly held: boolean
  readonly events: number
  readonly users: number
  readonly firstSeen: Date | undefined
  readonly lastSeen: Date | undefined
  /** Events per day of the week, Monday first. */
  readonly daily: readonly number[]
  readonly releases: readonly string[]
  readonly fingerprints: readonly string[]
  readonly ticket:
    | {
        readonly identifier: string | null
        readonly tracker: string
        readonly url: string | null
        readonly state: string
      }
    | undefined
}

export interface IssueList {
  readonly week: string
  /** Whether a triage run has clustered this week yet (else every error is ungrouped). */
  readonly triaged: boolean
  /** Weeks with a triage run, newest first, plus the current one. */
  readonly weeks: readonly string[]
  readonly departments: readonly string[]
  readonly environments: readonly string[]
  readonly rows: readonly IssueRow[]
  readonly total: number
  readonly page: number
  readonly pageSize: number
}

function strings(value: unknown): string[] {
  const parsed = toJson(value)
  return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : []
}

const DAY_MS = 86_400_000

function dayIndex(start: Date, at: unknown): number {
  const d = toDate(at)
  return d === undefined ? -1 : Math.floor((d.getTime() - start.getTime()) / DAY_MS)
}

function compare(sort: IssueSort): (a: IssueRow, b: IssueRow) => number {
  const time = (d: Date | undefined) => d?.getTime() ?? 0
  switch (sort) {
    case 'events':
      return (a, b) => b.events - a.events
    case 'users':
      return (a, b) => b.users - a.users || b.events - a.events
    case 'last-seen':
      return (a, b) => time(b.lastSeen) - time(a.lastSeen)
    case 'first-seen':
      return (a, b) => time(b.firstSeen) - time(a.firstSeen)
    default:
      return (a, b) => (a.priority ?? 9) - (b.priority ?? 9) || b.events - a.events
  }
}

/**
 * Every issue of a week: the clusters triage stored, and the errors no run has clustered yet (grouped by
 * fingerprint, so a newly connected app's first error shows at once), searched, filtered, sorted, paged.
 * @example
 * const list = await listIssues(db, projectId, { q: 'checkout', status: 'ticket', sort: 'users' })
 */
export async function listIssues(
  db: Kysely<Database>,
  projectId: string,
  query: IssueQuery = {},
): Promise<IssueList> {
  const now = query.now ?? new Date()
  const week = query.week ?? isoWeek(now)
  const { start, end } = isoWeekRange(week)
  const pageSize = Math.min(200, Math.max(1, query.pageSize ?? 50))
  const env = query.env
  const tables = await existingTables(db, ['triage_runs', 'clusters', 'cluster_members'])
  const hasTriage = tables.has('triage_runs') && tables.has('clusters') && tables.has('cluster_members')

  const triagedWeeks = hasTriage
    ? (
        await db
          .selectFrom('triage_runs')
          .select('week')
          .where('project_id', '=', projectId)
          .where('status', '=', 'succeeded')
          .orderBy('week', 'desc')
          .limit(52)
          .execute()
      ).map((r) => r.week)
    : []
  const triaged = triagedWeeks.includes(week)
  const clusters = triaged
    ? await db
        .selectFrom('clusters')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('week', '=', week)
        .limit(1000)
        .execute()
    : []

  // Per cluster and day: members in the week, restricted to the environment when one is asked for.
  const memberDays = triaged
    ? await sql<{ cluster_key: string; day: unknown; events: unknown; users: unknown }>`
        select m.cluster_key, date_trunc('day', coalesce(e.occurred_at, m.occurred_at)) as day,
          count(*) as events, count(distinct e.actor_hash) as users
        from cluster_members m
        left join envelopes e on e.project_id = m.project_id and e.id = m.signal_id
        where m.project_id = ${projectId} and m.week = ${week}
          ${env === undefined ? sql`` : sql`and e.environment = ${env}`}
        group by 1, 2
      `.execute(db)
    : { rows: [] }
  const perCluster = new Map<string, { daily: number[]; events: number }>()
  for (const r of memberDays.rows) {
    const entry = perCluster.get(r.cluster_key) ?? { daily: new Array<number>(7).fill(0), events: 0 }
    const i = dayIndex(start, r.day)
    const n = toNumber(r.events)
    if (i >= 0 && i < 7) entry.daily[i] = (entry.daily[i] ?? 0) + n
    entry.events += n
    perCluster.set(r.cluster_key, entry)
  }
  // Users per cluster in the environment (distinct across days, so not summed from the daily rows).
  const envUsers =
    triaged && env !== undefined
      ? new Map(
          (
            await sql<{ cluster_key: string; users: unknown }>`
              select m.cluster_key, count(distinct e.actor_hash) as users
              from cluster_members m
              join envelopes e on e.project_id = m.project_id and e.id = m.signal_id
              where m.project_id = ${projectId} and m.week = ${week} and e.environment = ${env}
              group by 1
            `.execute(db)
          ).rows.map((r) => [r.cluster_key, toNumber(r.users)]),
        )
      : undefined

  const tickets = new Map((await listTickets(db, projectId, 1000)).map((t) => [t.clusterKey, t]))
  const rows: IssueRow[] = []
  for (const c of clusters) {
    const members = perCluster.get(c.key)
    if (env !== undefined && (members === undefined || members.events === 0)) continue
    const ticket = tickets.get(c.key)
    rows.push({
      key: c.key,
      title: c.title,
      kind: c.kind,
      status: c.decision as IssueStatus,
      priority: toNumber(c.priority),
      route: c.route_template ?? undefined,
      department: c.department ?? undefined,
      autoFixable: c.auto_fixable === true,
      held: c.decision === 'held-for-humans',
      events: env === undefined ? toNumber(c.signal_count) : (members?.events ?? 0),
      users: envUsers?.get(c.key) ?? (env === undefined ? toNumber(c.user_count) : 0),
      firstSeen: toDate(c.first_seen),
      lastSeen: toDate(c.last_seen),
      daily: members?.daily ?? new Array<number>(7).fill(0),
      releases: strings(c.releases),
      fingerprints: strings(c.fingerprints),
      ticket: ticket && {
        identifier: ticket.identifier,
        tracker: ticket.tracker,
        url: ticket.url,
        state: ticket.state,
      },
    })
  }

  // Errors of the week no triage run has put in a cluster, one row per fingerprint.
  const ungrouped = await sql<{
    fingerprint: string
    day: unknown
    events: unknown
    users: unknown
    first_seen: unknown
    last_seen: unknown
    title: string | null
    route: string | null
    releases: unknown
  }>`
    select ${ungroupedIssueKey} as fingerprint, date_trunc('day', e.occurred_at) as day,
      count(*) as events, count(distinct e.actor_hash) as users,
      min(e.occurred_at) as first_seen, max(e.occurred_at) as last_seen,
      max(concat_ws(': ', e.error_type, e.message)) as title, max(e.route_template) as route,
      json_agg(distinct e.release) as releases
    from envelopes e
    where e.project_id = ${projectId} and e.kind = 'error'
      and e.occurred_at >= ${start.toISOString()} and e.occurred_at < ${end.toISOString()}
      ${env === undefined ? sql`` : sql`and e.environment = ${env}`}
      ${
        hasTriage
          ? sql`and not exists (select 1 from cluster_members m
              where m.project_id = e.project_id and m.week = ${week} and m.signal_id = e.id)`
          : sql``
      }
    group by 1, 2
  `.execute(db)
  const byFingerprint = new Map<string, IssueRow & { daily: number[]; userSet: number }>()
  for (const r of ungrouped.rows) {
    const prev = byFingerprint.get(r.fingerprint)
    const i = dayIndex(start, r.day)
    const daily = prev?.daily ?? new Array<number>(7).fill(0)
    const n = toNumber(r.events)
    if (i >= 0 && i < 7) daily[i] = (daily[i] ?? 0) + n
    const first = toDate(r.first_seen)
    const last = toDate(r.last_seen)
    byFingerprint.set(r.fingerprint, {
      key: undefined,
      title: prev?.title ?? (r.title || 'Error'),
      kind: 'bug',
      status: 'ungrouped',
      priority: undefined,
      route: prev?.route ?? r.route ?? undefined,
      department: undefined,
      autoFixable: false,
      held: false,
      events: (prev?.events ?? 0) + n,
      // Distinct per day; across days an upper bound until triage counts them exactly.
      users: Math.max(prev?.users ?? 0, toNumber(r.users)),
      userSet: 0,
      firstSeen: prev?.firstSeen && first && prev.firstSeen < first ? prev.firstSeen : first,
      lastSeen: prev?.lastSeen && last && prev.lastSeen > last ? prev.lastSeen : last,
      daily,
      releases: [...new Set([...(prev?.releases ?? []), ...strings(r.releases)])],
      fingerprints: [r.fingerprint],
      ticket: undefined,
    })
  }
  for (const { userSet: _unused, ...row } of byFingerprint.values()) rows.push(row)

  const q = query.q?.trim().toLowerCase()
  const filtered = rows.filter((r) => {
    if (query.status !== undefined && r.status !== query.status) return false
    if (query.kind !== undefined && r.kind !== query.kind) return false
    if (query.department !== undefined && r.department !== query.department) return false
    if (query.held !== undefined && r.held !== query.held) return false
    if (query.autoFixable !== undefined && r.autoFixable !== query.autoFixable) return false
    if (q) {
      const haystack = [r.title, r.route, r.key, r.ticket?.identifier, ...r.releases, ...r.fingerprints]
        .filter((s): s is string => typeof s === 'string')
        .join('\n')
        .toLowerCase()
      if (!haystack.includes(q)) return false
    }
    return true
  })
  filtered.sort(compare(query.sort ?? 'priority'))
  const pages = Math.max(1, Math.ceil(filtered.length / pageSize))
  const page = Math.min(pages, Math.max(1, Math.floor(query.page ?? 1)))

  const envRows = (await existingTables(db, ['envelopes'])).has('envelopes')
    ? await sql<{ environment: string }>`
          select distinct environment from envelopes
          where project_id = ${projectId} and environment is not null order by 1 limit 20
        `.execute(db)
    : { rows: [] }
  return {
    week,
    triaged,
    weeks: [...new Set([isoWeek(now), ...triagedWeeks])].sort().reverse(),
    departments: [
      ...new Set(rows.map((r) => r.department).filter((d): d is string => d !== undefined)),
    ].sort(),
    environments: envRows.rows.map((r) => r.environment),
    rows: filtered.slice((page - 1) * pageSize, page * pageSize),
    total: filtered.length,
    page,
    pageSize,
  }
}
