import { type Database, existingTables, toDate } from '@suture/store'
import { type Kysely, sql } from 'kysely'
import { isoWeek } from '../triage/week.js'

/** An issue a session touched: a triaged cluster, or (not triaged yet) an error fingerprint. */
export interface SessionIssue {
  /** The cluster key; undefined while no triage run has grouped the session's error. */
  readonly key: string | undefined
  /** The fingerprint of an ungrouped error (what the Issues list searches for). */
  readonly fingerprint: string | undefined
  readonly title: string
  /** ISO week of the session's first signal in it: where the Issues list shows it. */
  readonly week: string
  /** The session's errors in it (a cluster can hold the session's feedback too, which is not counted). */
  readonly errors: number
}

/** Signals read per call: a page of sessions with runaway error loops still answers quickly. */
const MAX_SIGNALS = 2_000

/**
 * The issues each of `sessionIds` touched: its error (and clustered feedback) envelopes, grouped by the
 * cluster the latest triage put them in, else by fingerprint. Read through the envelopes' session index and
 * cluster membership's signal index, for one page of sessions at a time.
 * @example
 * const bySession = await issuesOfSessions(db, projectId, ['s-1', 's-2'])
 * bySession.get('s-1') // [{ key: 'c-3f9a…', title: 'TypeError on /checkout/:id', … }]
 */
export async function issuesOfSessions(
  db: Kysely<Database>,
  projectId: string,
  sessionIds: readonly string[],
): Promise<Map<string, SessionIssue[]>> {
  const result = new Map<string, SessionIssue[]>()
  if (sessionIds.length === 0) return result
  const tables = await existingTables(db, ['clusters', 'cluster_members'])
  const clustered = tables.has('clusters') && tables.has('cluster_members')
  const signals = await sql<{
    session_id: string
    kind: string
    fingerprint: string | null
    error_type: string | null
    message: string | null
    occurred_at: unknown
    cluster_key: string | null
  }>`
    select e.session_id, e.kind, e.fingerprint, e.error_type, e.message, e.occurred_at,
      ${
        clustered
          ? sql`(select m.cluster_key from cluster_members m
              where m.project_id = e.project_id and m.signal_id = e.id
              order by m.week desc limit 1)`
          : sql`null`
      } as cluster_key
    from envelopes e
    where e.project_id = ${projectId} and e.session_id in (${sql.join([...sessionIds])})
    order by e.occurred_at
    limit ${MAX_SIGNALS}
  `.execute(db)
  const keys = [...new Set(signals.rows.map((r) => r.cluster_key).filter((k): k is string => k !== null))]
  const titles = new Map<string, string>()
  if (keys.length > 0) {
    // The title of each cluster's latest week.
    const rows = await db
      .selectFrom('clusters')
      .select(['key', 'title', 'week'])
      .where('project_id', '=', projectId)
      .where('key', 'in', keys)
      .orderBy('week', 'asc')
      .execute()
    for (const r of rows) titles.set(r.key, r.title)
  }
  const groups = new Map<string, Map<string, SessionIssue>>()
  for (const r of signals.rows) {
    // Feedback nobody clustered has no issue to open; an error without a fingerprint is its own.
    if (r.cluster_key === null && r.kind !== 'error') continue
    const id = r.cluster_key === null ? `fp:${r.fingerprint ?? ''}` : `key:${r.cluster_key}`
    const bySession = groups.get(r.session_id) ?? new Map<string, SessionIssue>()
    groups.set(r.session_id, bySession)
    const prev = bySession.get(id)
    if (prev) {
      bySession.set(id, { ...prev, errors: prev.errors + (r.kind === 'error' ? 1 : 0) })
      continue
    }
    const at = toDate(r.occurred_at) ?? new Date()
    bySession.set(id, {
      key: r.cluster_key ?? undefined,
      fingerprint: r.cluster_key === null ? (r.fingerprint ?? undefined) : undefined,
      title:
        (r.cluster_key === null ? undefined : titles.get(r.cluster_key)) ??
        ([r.error_type, r.message].filter(Boolean).join(': ') || 'Error'),
      week: isoWeek(at),
      errors: r.kind === 'error' ? 1 : 0,
    })
  }
  for (const [session, issues] of groups) result.set(session, [...issues.values()])
  return result
}
