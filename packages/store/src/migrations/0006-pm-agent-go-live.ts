import { type Kysely, type Migration, sql } from 'kysely'

/**
 * Going live is a human decision: a project files and comments nothing (shadow mode) until a person
 * records it here, with who and when (`project_go_live`). Ticket links also keep what an update says:
 * the running total since first seen and the confidence rating.
 */
export const goLiveMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('project_go_live')
      .addColumn('project_id', 'text', (c) => c.primaryKey().references('projects.id').onDelete('cascade'))
      .addColumn('went_live_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('went_live_by', 'text', (c) => c.notNull())
      .execute()
    await db.schema
      .alterTable('ticket_links')
      .addColumn('seen_total', 'integer')
      .addColumn('seen_since', 'timestamptz')
      .addColumn('confidence', 'text', (c) => c.check(sql`confidence in ('high', 'medium', 'low')`))
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('ticket_links')
      .dropColumn('seen_total')
      .dropColumn('seen_since')
      .dropColumn('confidence')
      .execute()
    await db.schema.dropTable('project_go_live').ifExists().execute()
  },
}
