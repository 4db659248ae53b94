import type { Database } from '@suture/store'
import { type Kysely, sql } from 'kysely'

/** Without events for this long a session is over (PostHog and GA use the same 30 minutes). */
export const DEFAULT_SESSION_IDLE_MINUTES = 30

/**
 * Marks sessions with no event for `idleMinutes` as ended (at their last event), and reopens an ended
 * session that received later events (an offline client flushing late). Only ended sessions are scored.
 * Resolves to the number of sessions it closed.
 */
export async function closeIdleSessions(
  db: Kysely<Database>,
  options: { now?: Date; idleMinutes?: number } = {},
): Promise<number> {
  const now = options.now ?? new Date()
  const idle = options.idleMinutes ?? DEFAULT_SESSION_IDLE_MINUTES
  const cutoff = new Date(now.getTime() - idle * 60_000)
  await db
    .updateTable('sessions')
    .set({ ended_at: sql`last_event_at` })
    .where('ended_at', 'is not', null)
    .whereRef('last_event_at', '>', 'ended_at')
    .where('last_event_at', '<', cutoff)
    .execute()
  const closed = await db
    .updateTable('sessions')
    .set({ ended_at: sql`last_event_at`, updated_at: sql`now()` })
    .where('ended_at', 'is', null)
    .where('last_event_at', '<', cutoff)
    .executeTakeFirst()
  return Number(closed.numUpdatedRows)
}
