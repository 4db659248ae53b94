import { type Kysely, type Migration, sql } from 'kysely'

/**
 * The morning review of fixer proposals: what a proposal shows a reviewer (the agent's reasoning, the
 * reproduction evidence, the diff) on `fix_runs`, and one `fix_reviews` row per decision (merged,
 * redirected, closed as wrong-tree) with who and when. Row types in `tables/fixer-tables.ts`.
 */
export const fixerReviewsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .alterTable('fix_runs')
      .addColumn('reasoning', 'text')
      .addColumn('evidence', 'jsonb')
      .addColumn('diff', 'text')
      .execute()
    await db.schema
      .createTable('fix_reviews')
      .addColumn('run_id', 'text', (c) => c.primaryKey().references('fix_runs.run_id').onDelete('cascade'))
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('ticket_id', 'text', (c) => c.notNull())
      .addColumn('cluster_key', 'text', (c) => c.notNull())
      .addColumn('decision', 'text', (c) =>
        c.notNull().check(sql`decision in ('merged', 'redirected', 'closed-wrong-tree')`),
      )
      .addColumn('comment', 'text')
      .addColumn('reviewed_by', 'text', (c) => c.notNull())
      .addColumn('reviewed_at', 'timestamptz', (c) => c.notNull())
      .execute()
    await db.schema
      .createIndex('fix_reviews_ticket_idx')
      .on('fix_reviews')
      .columns(['project_id', 'ticket_id', 'reviewed_at'])
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('fix_reviews').ifExists().execute()
    await db.schema
      .alterTable('fix_runs')
      .dropColumn('reasoning')
      .dropColumn('evidence')
      .dropColumn('diff')
      .execute()
  },
}
