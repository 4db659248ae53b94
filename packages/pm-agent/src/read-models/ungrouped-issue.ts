import { type Database, toDate, toNumber } from '@suture/store'
import { type Kysely, sql } from 'kysely'
import { isoWeek, isoWeekRange } from '../triage/week.js'
import { distinctQuotes, type IssueView, sampleOf } from './issue-data.js'

const SAMPLES = 5

/**
 * The key of an error no triage has grouped: its fingerprint, else its own id (an envelope without a
 * fingerprint is an issue by itself). The Issues list groups by it and the issue page looks it up by it.
 * Unqualified: use it where `envelopes` is the only table in scope.
 */
export const ungroupedIssueKey = sql<string>`coalesce(fingerprint, id)`
const SESSIONS_SHOWN = 20

/**
 * An error no triage run has grouped yet, as an issue page: every error of the week with this fingerprint
 * (an envelope without one is its own issue, keyed by its id, as the Issues list groups them), its newest
 * samples, counts and the feedback sent linked to it. A newly connected app's first error can be opened
 * before the weekly triage; priority, decision, pairs and code pointers come with the triage.
 * @example
 * const issue = await readUngroupedIssue(db, projectId, 'a1cdf19c6edf71b8', '2026-W49')
 */
export async function readUngroupedIssue(
  db: Kysely<Database>,
  projectId: string,
  fingerprint: string,
  week?: string,
): Promise<IssueView | undefined> {
  const matching = db
    .selectFrom('envelopes')
    .where('project_id', '=', projectId)
    .where('kind', '=', 'error')
    .where(ungroupedIssueKey, '=', fingerprint)
  const shownWeek =
    week ??
    (await matching
      .select((eb) => eb.fn.max('occurred_at').as('last'))
      .executeTakeFirst()
      .then((r) => {
        const last = r?.last ? toDate(r.last) : undefined
        return last ? isoWeek(last) : undefined
      }))
  if (shownWeek === undefined) return undefined
  const { start, end } = isoWeekRange(shownWeek)
  const inWeek = matching.where('occurred_at', '>=', start).where('occurred_at', '<', end)
  const totals = await inWeek
    .select((eb) => [
      eb.fn.countAll<number>().as('events'),
      eb.fn.count<number>('actor_hash').distinct().as('users'),
      eb.fn.count<number>('session_id').distinct().as('sessions'),
      eb.fn.count<number>('workspace_id').distinct().as('workspaces'),
      eb.fn.min('occurred_at').as('first'),
      eb.fn.max('occurred_at').as('last'),
    ])
    .executeTakeFirst()
  if (!totals || toNumber(totals.events) === 0) return undefined
  const newest = await inWeek
    .select(['id', 'body', 'error_type', 'message', 'route_template', 'release'])
    .orderBy('occurred_at', 'desc')
    .limit(200)
    .execute()
  const latest = newest[0]
  const sessions = await inWeek
    .select('session_id')
    .where('session_id', 'is not', null)
    .groupBy('session_id')
    .orderBy(sql`max(occurred_at)`, 'desc')
    .limit(SESSIONS_SHOWN)
    .execute()
  const ids = newest.map((e) => e.id)
  const feedback =
    ids.length === 0
      ? []
      : await db
          .selectFrom('envelopes')
          .select('body')
          .where('project_id', '=', projectId)
          .where('kind', '=', 'feedback')
          .where(sql<string>`body->'feedback'->>'linkedTo'`, 'in', ids)
          .orderBy('occurred_at', 'desc')
          .limit(25)
          .execute()
  const title = [latest?.error_type, latest?.message].filter(Boolean).join(': ') || fingerprint
  const releases = [...new Set(newest.map((e) => e.release).filter((r): r is string => !!r))]
  return {
    key: fingerprint,
    triaged: false,
    week: shownWeek,
    weeks: [{ week: shownWeek, signals: toNumber(totals.events) }],
    title,
    kind: 'bug',
    decision: 'not triaged yet',
    decisionReason:
      'not triaged yet: the next triage run (suture triage, or the worker’s weekly run) groups it, ranks it and files a ticket if it qualifies',
    priority: 0,
    attempting: undefined,
    errorType: latest?.error_type ?? undefined,
    message: latest?.message ?? undefined,
    route: latest?.route_template ?? undefined,
    department: undefined,
    autoFixable: false,
    heldReasons: [],
    labels: [],
    releases,
    fingerprints: [fingerprint],
    codePointers: [],
    counts: {
      signals: toNumber(totals.events),
      users: toNumber(totals.users),
      sessions: toNumber(totals.sessions),
      workspaces: toNumber(totals.workspaces),
    },
    firstSeen: totals.first ? toDate(totals.first) : undefined,
    lastSeen: totals.last ? toDate(totals.last) : undefined,
    sessionIds: sessions.map((s) => s.session_id).filter((s): s is string => s !== null),
    samples: newest.slice(0, SAMPLES).map((e) => sampleOf(e.id, e.body)),
    feedback: distinctQuotes(feedback.map((f) => f.body)),
    pairs: [],
    ticket: undefined,
    validations: [],
  }
}
