import { type Kysely, sql } from 'kysely'
import type { Database } from '../tables/database.js'

/** What a batch adds to one session. */
export interface SessionTouch {
  id: string
  first: Date
  last: Date
  events: number
  errors: number
  feedback: number
  distinctId: string | null
  actorHash: string | null
  workspaceId: string | null
}

export function addTouch(
  touches: Map<string, SessionTouch>,
  id: string,
  at: Date,
  counts: { events?: number; errors?: number; feedback?: number },
  who: { distinctId?: string | null; actorHash?: string | null; workspaceId?: string | null },
): void {
  let t = touches.get(id)
  if (!t) {
    t = {
      id,
      first: at,
      last: at,
      events: 0,
      errors: 0,
      feedback: 0,
      distinctId: null,
      actorHash: null,
      workspaceId: null,
    }
    touches.set(id, t)
  }
  if (at < t.first) t.first = at
  if (at > t.last) t.last = at
  t.events += counts.events ?? 0
  t.errors += counts.errors ?? 0
  t.feedback += counts.feedback ?? 0
  t.distinctId ??= who.distinctId ?? null
  t.actorHash ??= who.actorHash ?? null
  t.workspaceId ??= who.workspaceId ?? null
}

/**
 * Creates or widens each session row. Rows are written in id order so concurrent batches touching the
 * same sessions take row locks in the same order and cannot deadlock.
 */
export async function applySessionTouches(
  trx: Kysely<Database>,
  projectId: string,
  touches: Map<string, SessionTouch>,
): Promise<void> {
  if (touches.size === 0) return
  const rows = [...touches.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  await trx
    .insertInto('sessions')
    .values(
      rows.map((t) => ({
        project_id: projectId,
        id: t.id,
        started_at: t.first,
        last_event_at: t.last,
        distinct_id: t.distinctId,
        actor_hash: t.actorHash,
        workspace_id: t.workspaceId,
        event_count: t.events,
        error_count: t.errors,
        feedback_count: t.feedback,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['project_id', 'id']).doUpdateSet({
        started_at: sql`least(sessions.started_at, excluded.started_at)`,
        last_event_at: sql`greatest(sessions.last_event_at, excluded.last_event_at)`,
        distinct_id: sql`coalesce(sessions.distinct_id, excluded.distinct_id)`,
        actor_hash: sql`coalesce(sessions.actor_hash, excluded.actor_hash)`,
        workspace_id: sql`coalesce(sessions.workspace_id, excluded.workspace_id)`,
        event_count: sql`sessions.event_count + excluded.event_count`,
        error_count: sql`sessions.error_count + excluded.error_count`,
        feedback_count: sql`sessions.feedback_count + excluded.feedback_count`,
        updated_at: sql`now()`,
      }),
    )
    .execute()
}
