import type { Database } from '@suture/store'
import { type Kysely, sql } from 'kysely'
import type { SessionKey } from './load-sessions.js'

export interface PendingQuery {
  readonly scorer: string
  readonly version: string
  /** Only sessions that ended at or after this time. */
  readonly since?: Date | undefined
  /** Only sessions that ended before this time (the run's cut-off). */
  readonly until?: Date | undefined
  /** Re-score sessions that already have a score of this version. */
  readonly force?: boolean | undefined
  readonly projectId?: string | undefined
  readonly limit?: number | undefined
}

export interface PendingSession extends SessionKey {
  readonly endedAt: Date
}

/**
 * Ended sessions without a score of this scorer version, oldest first. Everything not yet scored is
 * pending, whatever night it ended: a missed night is caught up by the next run.
 */
export async function pendingSessions(db: Kysely<Database>, query: PendingQuery): Promise<PendingSession[]> {
  let q = db
    .selectFrom('sessions as s')
    .select(['s.project_id', 's.id', 's.ended_at'])
    .where('s.ended_at', 'is not', null)
  if (query.projectId) q = q.where('s.project_id', '=', query.projectId)
  if (query.since) q = q.where('s.ended_at', '>=', query.since)
  if (query.until) q = q.where('s.ended_at', '<', query.until)
  if (!query.force) {
    q = q.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('scores as sc')
            .select(sql`1`.as('one'))
            .whereRef('sc.project_id', '=', 's.project_id')
            .whereRef('sc.session_id', '=', 's.id')
            .where('sc.scorer', '=', query.scorer)
            .where('sc.version', '=', query.version),
        ),
      ),
    )
  }
  const rows = await q
    .orderBy('s.ended_at')
    .orderBy('s.project_id')
    .orderBy('s.id')
    .limit(query.limit ?? 1_000_000)
    .execute()
  return rows.map((row) => ({
    projectId: row.project_id,
    sessionId: row.id,
    endedAt: new Date(row.ended_at as Date),
  }))
}
