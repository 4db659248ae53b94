import type { Kysely } from 'kysely'
import type { Database } from '../tables/database.js'

/**
 * Records that the dashboard session with this nonce is over, until `expiresAt` (when its cookie would have
 * expired anyway). Idempotent: revoking twice keeps the later expiry. Rows past their expiry are deleted on
 * the way, so the table holds only cookies that could still be presented.
 * @example
 * await revokeDashboardSession(db, session.nonce, new Date(session.expiresAt * 1000))
 */
export async function revokeDashboardSession(
  db: Kysely<Database>,
  nonce: string,
  expiresAt: Date,
  now: Date = new Date(),
): Promise<void> {
  await db.deleteFrom('dashboard_revoked_sessions').where('expires_at', '<=', now).execute()
  if (expiresAt <= now) return
  await db
    .insertInto('dashboard_revoked_sessions')
    .values({ nonce, expires_at: expiresAt })
    .onConflict((oc) =>
      oc.column('nonce').doUpdateSet((eb) => ({
        expires_at: eb.fn('greatest', [
          'dashboard_revoked_sessions.expires_at',
          eb.ref('excluded.expires_at'),
        ]),
      })),
    )
    .execute()
}

/** Whether the dashboard session with this nonce was revoked on any server. */
export async function isDashboardSessionRevoked(db: Kysely<Database>, nonce: string): Promise<boolean> {
  const row = await db
    .selectFrom('dashboard_revoked_sessions')
    .select('nonce')
    .where('nonce', '=', nonce)
    .executeTakeFirst()
  return row !== undefined
}
