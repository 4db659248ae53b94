import { type Envelope, parameterizeRouteCached } from '@suture/envelope'
import type { Database } from '@suture/store'
import { type Kysely, sql } from 'kysely'
import { type Signal, signalFromEnvelope, signalFromSession } from '../dedup/signal.js'
import { inEnvironments } from '../environments/environments.js'
import { earliestScoreOf } from './week.js'

/** What triage reads for one project and week. */
export interface WeekData {
  readonly signals: readonly Signal[]
  /** Envelope ids → the stored (scrubbed) envelope, for samples. */
  readonly envelopes: ReadonlyMap<string, Envelope>
  /** Latest implied-NPS score (0–10) of every scored session of the week. */
  readonly sessionScores: ReadonlyMap<string, number>
  /** Route template → sessions of the week with a `$pageview` on it (the denominator of depth). */
  readonly routeSessions: ReadonlyMap<string, ReadonlySet<string>>
}

export interface LoadWeekOptions {
  readonly db: Kysely<Database>
  readonly projectId: string
  readonly start: Date
  readonly end: Date
  /** Sessions scored at or below this become signals (their improvement text). */
  readonly lowScore: number
  /** Only envelopes of these environments (default production). */
  readonly environments?: readonly string[] | undefined
}

/** `$pathname`, else the path of `$current_url`, else a `route` property; without query or fragment. */
function pageviewPath(pathname: string | null, url: string | null, route: string | null): string | undefined {
  const raw =
    pathname || (url ? (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?/i.exec(url)?.[1] ?? url) : '') || route
  if (!raw) return undefined
  return parameterizeRouteCached(raw.replace(/[?#].*$/, '') || '/')
}

/**
 * Reads the week's error and feedback envelopes, the scores of its sessions (low scores with an improvement
 * note become signals, routed to the session's last page) and which sessions viewed which route.
 */
export async function loadWeek(options: LoadWeekOptions): Promise<WeekData> {
  const { db, projectId, start, end } = options
  const envelopeRows = await db
    .selectFrom('envelopes')
    .select(['id', 'body'])
    .where('project_id', '=', projectId)
    .where('occurred_at', '>=', start)
    .where('occurred_at', '<', end)
    .where(inEnvironments(options.environments))
    .orderBy('occurred_at')
    .orderBy('id')
    .execute()
  const signals: Signal[] = []
  const envelopes = new Map<string, Envelope>()
  for (const row of envelopeRows) {
    const body = (typeof row.body === 'string' ? JSON.parse(row.body) : row.body) as Envelope
    envelopes.set(row.id, body)
    signals.push(signalFromEnvelope(body))
  }

  const pageviews = await db
    .selectFrom('session_events')
    .select([
      'session_id',
      sql<string | null>`properties->>'$pathname'`.as('pathname'),
      sql<string | null>`properties->>'$current_url'`.as('url'),
      sql<string | null>`properties->>'route'`.as('route'),
    ])
    .where('project_id', '=', projectId)
    .where('event', '=', '$pageview')
    .where('ts', '>=', start)
    .where('ts', '<', end)
    .orderBy('session_id')
    .orderBy('ts')
    .execute()
  const routeSessions = new Map<string, Set<string>>()
  const lastRoute = new Map<string, string>()
  for (const view of pageviews) {
    const route = pageviewPath(view.pathname, view.url, view.route)
    if (route === undefined) continue
    let set = routeSessions.get(route)
    if (!set) {
      set = new Set()
      routeSessions.set(route, set)
    }
    set.add(view.session_id)
    lastRoute.set(view.session_id, route)
  }

  const scored = await db
    .selectFrom('scores as sc')
    .innerJoin('sessions as s', (join) =>
      join.onRef('s.project_id', '=', 'sc.project_id').onRef('s.id', '=', 'sc.session_id'),
    )
    .distinctOn('sc.session_id')
    .select([
      'sc.session_id',
      'sc.score',
      'sc.improvement',
      'sc.department',
      's.started_at',
      's.actor_hash',
      's.distinct_id',
      's.workspace_id',
    ])
    .where('sc.project_id', '=', projectId)
    .where('sc.scored_at', '>=', earliestScoreOf(start))
    .where('sc.status', '=', 'scored')
    .where('s.started_at', '>=', start)
    .where('s.started_at', '<', end)
    .orderBy('sc.session_id')
    .orderBy('sc.scored_at', 'desc')
    .execute()
  const sessionScores = new Map<string, number>()
  for (const row of scored) {
    if (row.score === null) continue
    const score = Number(row.score)
    sessionScores.set(row.session_id, score)
    const improvement = row.improvement?.trim()
    if (score > options.lowScore || !improvement) continue
    const signal = signalFromSession({
      sessionId: row.session_id,
      improvement,
      score,
      route: lastRoute.get(row.session_id),
      userId: row.actor_hash ?? row.distinct_id ?? undefined,
      workspaceId: row.workspace_id ?? undefined,
      createdAt: new Date(row.started_at).toISOString(),
    })
    signals.push(row.department ? { ...signal, department: row.department } : signal)
  }
  return { signals, envelopes, sessionScores, routeSessions }
}
