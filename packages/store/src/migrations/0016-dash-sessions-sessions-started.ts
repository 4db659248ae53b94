import type { Kysely, Migration } from 'kysely'

/**
 * The dashboard's Sessions list pages every session of a project newest (or oldest) first: without an
 * index on the start time each page sorted the whole project's sessions.
 */
export const sessionsStartedMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createIndex('sessions_started_idx')
      .ifNotExists()
      .on('sessions')
      .columns(['project_id', 'started_at'])
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('sessions_started_idx').ifExists().execute()
  },
}
