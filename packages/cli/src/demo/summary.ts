import { loadTriage, seenLine } from '@suture/pm-agent'
import { HEURISTIC_SCORER_NAME } from '@suture/scorer'
import { impliedNps, type SutureDatabase } from '@suture/store'

export interface TicketLine {
  readonly identifier: string
  /** The ticket's page (the local tracker's on the dashboard, or Linear's). */
  readonly url: string | undefined
  readonly title: string
  readonly priority: number
  readonly labels: readonly string[]
  readonly state: string
  readonly users: number
  readonly sessions: number
  /** `high` / `medium` / `low`: how sure Suture is that this is one real problem. */
  readonly confidence: string | undefined
  /** `seen 12 times since 2 Dec; 12 this week`. */
  readonly seen: string | undefined
}

export interface ClusterLine {
  readonly title: string
  readonly decision: string
  readonly priority: number
  readonly route: string | undefined
  readonly users: number
  readonly sessions: number
  readonly reason: string
}

export interface DemoResults {
  readonly week: string
  readonly sessions: {
    readonly total: number
    readonly scored: number
    readonly mean: number | undefined
    /** The implied NPS, by the same rule as the dashboard and the digest. */
    readonly nps: number | undefined
    /** Sessions per score 0–10. */
    readonly histogram: readonly number[]
  }
  readonly signals: number
  readonly clusters: readonly ClusterLine[]
  readonly tickets: readonly TicketLine[]
  readonly observations: readonly ClusterLine[]
  readonly held: readonly ClusterLine[]
  readonly needsConfirmation: number
}

/** What the demo prints, read back from storage: a rerun prints the same thing without redoing work. */
export async function readResults(
  database: SutureDatabase,
  projectId: string,
  week: string,
): Promise<DemoResults> {
  const { db } = database
  const sessions = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirst()
  const scores = await db
    .selectFrom('scores')
    .select(['score'])
    .where('project_id', '=', projectId)
    .where('scorer', '=', HEURISTIC_SCORER_NAME)
    .where('status', '=', 'scored')
    .execute()
  const histogram = new Array<number>(11).fill(0)
  let sum = 0
  const values: number[] = []
  for (const { score } of scores) {
    if (score === null) continue
    values.push(score)
    const bucket = Math.max(0, Math.min(10, Math.round(score)))
    histogram[bucket] = (histogram[bucket] ?? 0) + 1
    sum += score
  }
  const triage = await loadTriage({ db, projectId, week })
  const line = (c: NonNullable<typeof triage>['clusters'][number]): ClusterLine => ({
    title: c.title,
    decision: c.decision,
    priority: c.priority.linear,
    route: c.route,
    users: c.counts.users,
    sessions: c.counts.sessions,
    reason: c.decisionReason,
  })
  const clusters = (triage?.clusters ?? []).map(line)
  const ticketDb = db
  const links = await ticketDb
    .selectFrom('ticket_links as l')
    .leftJoin('local_tickets as t', 't.id', 'l.ticket_id')
    .select([
      'l.identifier',
      'l.url',
      'l.title',
      'l.priority',
      'l.state',
      'l.counts',
      'l.confidence',
      'l.seen_total',
      'l.seen_since',
      't.labels',
    ])
    .where('l.project_id', '=', projectId)
    .where('l.ticket_id', 'is not', null)
    .orderBy('l.priority')
    .orderBy('l.identifier')
    .execute()
  return {
    week,
    sessions: {
      total: Number(sessions?.n ?? 0),
      scored: scores.length,
      mean: scores.length > 0 ? sum / scores.length : undefined,
      nps: impliedNps(values),
      histogram,
    },
    signals: triage?.summary.signals ?? 0,
    clusters,
    tickets: links.map((l) => ({
      identifier: l.identifier ?? '?',
      url: l.url ?? undefined,
      title: l.title,
      priority: l.priority,
      labels: l.labels ?? [],
      state: l.state,
      users: l.counts.users ?? 0,
      sessions: l.counts.sessions ?? 0,
      confidence: l.confidence ?? undefined,
      seen:
        l.seen_total !== null && l.seen_since !== null
          ? seenLine(
              { total: l.seen_total, since: new Date(l.seen_since).toISOString() },
              l.counts.signals ?? 0,
              undefined,
              week,
            )
          : undefined,
    })),
    observations: clusters.filter((c) => c.decision === 'observation'),
    held: clusters.filter((c) => c.decision === 'held-for-humans'),
    needsConfirmation: triage?.pairs.length ?? 0,
  }
}
