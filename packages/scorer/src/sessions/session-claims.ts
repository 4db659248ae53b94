import type { Database } from '@suture/store'
import { type Kysely, sql } from 'kysely'
import type { SessionKey } from './load-sessions.js'

/** Which sessions this run may score; the others another run holds right now. */
export interface SessionClaims {
  /** Claims what no other run holds and returns it (in the order given). */
  claim(keys: readonly SessionKey[]): Promise<SessionKey[]>
  release(keys: readonly SessionKey[]): Promise<void>
}

const UNCLAIMED: SessionClaims = {
  claim: async (keys) => [...keys],
  release: async () => {},
}

const keyText = (key: SessionKey) => `${key.projectId}/${key.sessionId}`

/**
 * Runs `fn` with session claims held as Postgres advisory locks on one dedicated connection, keyed by the
 * scorer version and the session: two runs at once split the sessions instead of scoring (and paying for)
 * each twice, and a run that dies releases its claims with its connection. Off (`enabled` false) for the
 * embedded PGlite, which is one process: its data-dir lock already refuses a second run.
 */
export async function withSessionClaims<T>(
  db: Kysely<Database>,
  scope: string,
  enabled: boolean,
  fn: (claims: SessionClaims) => Promise<T>,
): Promise<T> {
  if (!enabled) return fn(UNCLAIMED)
  return db.connection().execute(async (connection) => {
    const held = new Set<string>()
    const claims: SessionClaims = {
      async claim(keys) {
        if (keys.length === 0) return []
        const ids = keys.map(keyText)
        // A hash collision between two sessions only defers one of them to the next run.
        const { rows } = await sql<{ id: string }>`
          select k.id from unnest(${ids}::text[]) as k(id)
          where pg_try_advisory_lock(hashtext(${scope}), hashtext(k.id))
        `.execute(connection)
        const got = new Set(rows.map((r) => r.id))
        for (const id of got) held.add(id)
        return keys.filter((k) => got.has(keyText(k)))
      },
      async release(keys) {
        const ids = keys.map(keyText).filter((id) => held.has(id))
        if (ids.length === 0) return
        await sql`
          select pg_advisory_unlock(hashtext(${scope}), hashtext(k.id)) from unnest(${ids}::text[]) as k(id)
        `.execute(connection)
        for (const id of ids) held.delete(id)
      },
    }
    try {
      return await fn(claims)
    } finally {
      if (held.size > 0) await sql`select pg_advisory_unlock_all()`.execute(connection).catch(() => {})
    }
  })
}

/** The keys among `keys` that already have a score of this scorer version (another run got there first). */
export async function alreadyScored(
  db: Kysely<Database>,
  scorer: { name: string; version: string },
  keys: readonly SessionKey[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set()
  const rows = await db
    .selectFrom('scores')
    .select(['project_id', 'session_id'])
    .where('scorer', '=', scorer.name)
    .where('version', '=', scorer.version)
    .where(
      'session_id',
      'in',
      keys.map((k) => k.sessionId),
    )
    .execute()
  return new Set(rows.map((r) => `${r.project_id}/${r.session_id}`))
}
