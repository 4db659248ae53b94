import type { Kysely, Migration } from 'kysely'

/**
 * Logged-out dashboard sessions, shared by every server of a deployment: revocations used to live in one
 * process's memory, so a cookie logged out on one server stayed good on the others, and on the same server
 * after a restart.
 */
export const revokedSessionsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('dashboard_revoked_sessions')
      .ifNotExists()
      .addColumn('nonce', 'text', (c) => c.primaryKey())
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('dashboard_revoked_sessions_expires_idx')
      .ifNotExists()
      .on('dashboard_revoked_sessions')
      .column('expires_at')
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('dashboard_revoked_sessions').ifExists().execute()
  },
}
