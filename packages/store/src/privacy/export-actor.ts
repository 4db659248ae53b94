import { type Kysely, sql } from 'kysely'
import type { Database } from '../tables/database.js'
import { isActorHash } from './actor.js'
import { type ActorQuery, findActorTraces, keyedIn } from './actor-traces.js'

/** Everything Suture holds about one actor, as plain JSON. */
export interface ActorExport {
  readonly exportedAt: string
  readonly projectId: string | null
  /** The hashes the actor is stored under (the raw id is never stored, so it is not repeated here). */
  readonly actorHashes: readonly string[]
  readonly envelopes: readonly Record<string, unknown>[]
  readonly sessions: readonly Record<string, unknown>[]
  readonly sessionEvents: readonly Record<string, unknown>[]
  readonly scores: readonly Record<string, unknown>[]
  /** Clusters the actor's signals were grouped into (the problem, not the person). */
  readonly clusters: readonly { projectId: string; week: string; key: string; title: string }[]
}

export interface ExportActorOptions extends ActorQuery {
  readonly requestedBy: string
}

/**
 * Collects every stored row tied to one actor (their envelopes with bodies, sessions, events and
 * scores, and the clusters their signals fell into), and records that an export happened, without the
 * actor. Nothing is changed.
 * @example
 * const data = await exportActor(database.db, { actor: 'user-42', requestedBy: 'ops@acme' })
 */
export async function exportActor(db: Kysely<Database>, options: ExportActorOptions): Promise<ActorExport> {
  const traces = await findActorTraces(db, options)
  const rows = async (query: ReturnType<typeof sql<Record<string, unknown>>>) =>
    (await query.execute(db)).rows
  const signals = [
    ...traces.envelopes.map((e) => ({ projectId: e.projectId, id: e.id })),
    ...traces.sessions.map((s) => ({ projectId: s.projectId, id: `session:${s.id}` })),
  ]
  const clusters = await sql<{ project_id: string; week: string; key: string; title: string }>`
    select distinct c.project_id, c.week, c.key, c.title from clusters c
    join cluster_members m on m.project_id = c.project_id and m.week = c.week and m.cluster_key = c.key
    where ${keyedIn('signal_id', signals, 'm')} order by c.week, c.key
  `.execute(db)
  const result: ActorExport = {
    exportedAt: new Date().toISOString(),
    projectId: options.projectId ?? null,
    actorHashes: traces.identifiers.filter(isActorHash),
    envelopes: await rows(
      sql`select * from envelopes where ${keyedIn('id', traces.envelopes)} order by occurred_at`,
    ),
    sessions: await rows(
      sql`select * from sessions where ${keyedIn('id', traces.sessions)} order by started_at`,
    ),
    sessionEvents: await rows(
      sql`select * from session_events where ${keyedIn('session_id', traces.sessions)} order by ts`,
    ),
    scores: await rows(
      sql`select * from scores where ${keyedIn('session_id', traces.sessions)} order by scored_at`,
    ),
    clusters: clusters.rows.map((c) => ({
      projectId: c.project_id,
      week: c.week,
      key: c.key,
      title: c.title,
    })),
  }
  await db
    .insertInto('privacy_requests')
    .values({
      kind: 'export',
      project_id: options.projectId ?? null,
      requested_by: options.requestedBy,
      counts: JSON.stringify({
        envelopes: result.envelopes.length,
        sessions: result.sessions.length,
        session_events: result.sessionEvents.length,
        scores: result.scores.length,
      }),
    })
    .execute()
  return result
}
