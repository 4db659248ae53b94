import { type Envelope, envelopeSchema } from '@suture/envelope'
import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import type { ScoringEvent, ScoringSession } from '../scoring/session.js'

export interface SessionKey {
  readonly projectId: string
  readonly sessionId: string
}

export interface StoredSession extends ScoringSession {
  readonly projectId: string
}

/**
 * Assembles sessions for scoring from their stored events and envelopes (errors, feedback), oldest
 * event first. Sessions without any stored event or envelope come back with empty lists.
 */
export async function loadSessions(
  db: Kysely<Database>,
  keys: readonly SessionKey[],
): Promise<StoredSession[]> {
  if (keys.length === 0) return []
  const byProject = new Map<string, string[]>()
  for (const { projectId, sessionId } of keys) {
    const list = byProject.get(projectId) ?? []
    list.push(sessionId)
    byProject.set(projectId, list)
  }
  const events = new Map<string, ScoringEvent[]>()
  const envelopes = new Map<string, Envelope[]>()
  const distinct = new Map<string, string>()
  const k = (projectId: string, sessionId: string) => `${projectId}\u0000${sessionId}`
  for (const [projectId, ids] of byProject) {
    const rows = await db
      .selectFrom('session_events')
      .select(['session_id', 'ts', 'event', 'properties', 'distinct_id'])
      .where('project_id', '=', projectId)
      .where('session_id', 'in', ids)
      .orderBy('session_id')
      .orderBy('ts')
      .orderBy('id')
      .execute()
    for (const row of rows) {
      const key = k(projectId, row.session_id)
      const list = events.get(key) ?? []
      list.push({ ts: new Date(row.ts).toISOString(), event: row.event, properties: row.properties })
      events.set(key, list)
      if (row.distinct_id && !distinct.has(key)) distinct.set(key, row.distinct_id)
    }
    const stored = await db
      .selectFrom('envelopes')
      .select(['session_id', 'body'])
      .where('project_id', '=', projectId)
      .where('session_id', 'in', ids)
      .orderBy('occurred_at')
      .execute()
    for (const row of stored) {
      if (row.session_id === null) continue
      // Bodies were validated at ingest; parsing again applies defaults and guards against old rows.
      const parsed = envelopeSchema.safeParse(row.body)
      if (!parsed.success) continue
      const key = k(projectId, row.session_id)
      const list = envelopes.get(key) ?? []
      list.push(parsed.data)
      envelopes.set(key, list)
    }
  }
  return keys.map(({ projectId, sessionId }) => ({
    projectId,
    sessionId,
    distinctId: distinct.get(k(projectId, sessionId)),
    events: events.get(k(projectId, sessionId)) ?? [],
    envelopes: envelopes.get(k(projectId, sessionId)) ?? [],
  }))
}
