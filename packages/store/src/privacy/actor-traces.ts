import { type Expression, type Kysely, type SqlBool, sql } from 'kysely'
import type { Database } from '../tables/database.js'
import { candidateHashes, isActorHash } from './actor.js'

export interface ActorQuery {
  /** The app's user id (hashed here as the SDK hashes it) or the SDK's 64-hex actor hash. */
  readonly actor: string
  /** Only this project; default every project. */
  readonly projectId?: string | undefined
  /**
   * Salts the SDK was configured with (`actorSalt`); the app names seen in stored envelopes are always
   * tried too, since the SDK salts with the app name by default.
   */
  readonly salts?: readonly string[] | undefined
}

export interface Keyed {
  readonly projectId: string
  readonly id: string
}

/** Everything that ties stored rows to one actor. */
export interface ActorTraces {
  /** The hashes the actor is stored under (and the raw id, which PostHog imports may carry as distinct id). */
  readonly identifiers: readonly string[]
  readonly sessions: readonly Keyed[]
  readonly envelopes: readonly Keyed[]
  /** Feedback the actor wrote (their words may have been copied into clusters, tickets, digests). */
  readonly feedbackTexts: readonly string[]
}

const pairs = (keys: readonly Keyed[]) => keys.map((k) => sql`(${k.projectId}, ${k.id})`)

/** Rows whose `(project_id, <column>)` is one of `keys`; `alias` qualifies both in a join. */
export function keyedIn(column: string, keys: readonly Keyed[], alias?: string): Expression<SqlBool> {
  if (keys.length === 0) return sql<SqlBool>`false`
  const ref = (name: string) => sql.ref(alias === undefined ? name : `${alias}.${name}`)
  return sql<SqlBool>`(${ref('project_id')}, ${ref(column)}) in (${sql.join(pairs(keys))})`
}

function uniqueKeyed(rows: readonly { project_id: string; id: string | null }[]): Keyed[] {
  const seen = new Map<string, Keyed>()
  for (const row of rows) {
    if (row.id === null) continue
    seen.set(`${row.project_id}\u0000${row.id}`, { projectId: row.project_id, id: row.id })
  }
  return [...seen.values()]
}

/**
 * Finds the actor's sessions and envelopes: by hash on envelopes and sessions, by distinct id on
 * sessions and events (the SDK sends the hash there; PostHog imports may carry the raw id), then every
 * envelope in those sessions, including ones sent before the user signed in.
 */
export async function findActorTraces(db: Kysely<Database>, query: ActorQuery): Promise<ActorTraces> {
  const project = query.projectId
  let salts = [...(query.salts ?? [])]
  if (!isActorHash(query.actor)) {
    const names = await sql<{ name: string }>`
      select distinct body->'app'->>'name' as name from envelopes
      where body->'app'->>'name' is not null ${project === undefined ? sql`` : sql`and project_id = ${project}`}
    `.execute(db)
    salts = [...salts, ...names.rows.map((r) => r.name)]
  }
  const hashes = candidateHashes(query.actor, salts)
  const identifiers = isActorHash(query.actor) ? hashes : [...hashes, query.actor]
  const scope = project === undefined ? sql`true` : sql`project_id = ${project}`
  const ids = sql.join(identifiers)

  const sessionRows = await sql<{ project_id: string; id: string | null }>`
    select project_id, id from sessions where ${scope} and (actor_hash in (${ids}) or distinct_id in (${ids}))
    union select project_id, session_id as id from session_events where ${scope} and distinct_id in (${ids})
    union select project_id, session_id as id from envelopes where ${scope} and actor_hash in (${ids})
  `.execute(db)
  const sessions = uniqueKeyed(sessionRows.rows)
  const envelopeRows = await sql<{ project_id: string; id: string; kind: string; message: string | null }>`
    select project_id, id, kind, message from envelopes
    where ${scope} and (actor_hash in (${ids}) or ${keyedIn('session_id', sessions)})
  `.execute(db)
  const feedbackTexts = [
    ...new Set(
      envelopeRows.rows
        .filter((r) => r.kind === 'feedback' && r.message !== null && r.message.trim() !== '')
        .map((r) => r.message as string),
    ),
  ]
  return { identifiers, sessions, envelopes: uniqueKeyed(envelopeRows.rows), feedbackTexts }
}
