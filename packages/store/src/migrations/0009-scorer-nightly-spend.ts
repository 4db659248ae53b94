import { type Kysely, type Migration, sql } from 'kysely'

/**
 * What Claude scoring has spent (or reserved) per project and night. The budget is per night and project,
 * not per process: every scoring run — the worker's, a second worker's, `suture score` — reserves from the
 * same row before it calls the API, so two runs at once cannot each spend the whole budget.
 */
export const nightlySpendMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('scoring_spend')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      /** The night's calendar date in the schedule's time zone (`YYYY-MM-DD`), as the job's run key. */
      .addColumn('night', 'text', (c) => c.notNull())
      .addColumn('spent_usd', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('scoring_spend_pk', ['project_id', 'night'])
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('scoring_spend').execute()
  },
}
