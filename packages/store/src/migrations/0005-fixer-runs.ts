import { type Kysely, type Migration, sql } from 'kysely'

/** The fixer's outcome rows: one per run. The row type is `FixRunsTable` in `tables/fixer-tables.ts`. */
export const fixerRunsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('fix_runs')
      .addColumn('run_id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('ticket_id', 'text', (c) => c.notNull())
      .addColumn('ticket_identifier', 'text', (c) => c.notNull())
      .addColumn('cluster_key', 'text', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('trigger_source', 'text', (c) =>
        c.notNull().check(sql`trigger_source in ('manual', 'schedule')`),
      )
      .addColumn('agent', 'text', (c) => c.notNull())
      .addColumn('repo', 'text', (c) => c.notNull())
      .addColumn('branch', 'text', (c) => c.notNull())
      .addColumn('base_commit', 'text')
      .addColumn('head_commit', 'text')
      .addColumn('worker', 'integer', (c) => c.notNull())
      .addColumn('started_at', 'timestamptz', (c) => c.notNull())
      .addColumn('finished_at', 'timestamptz', (c) => c.notNull())
      .addColumn('stages', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('outcome', 'text', (c) =>
        c
          .notNull()
          .check(
            sql`outcome in ('proposed', 'cannot-reproduce', 'scope-exceeded', 'failed-tests', 'killed', 'over-budget', 'error')`,
          ),
      )
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('cost_usd', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('tokens', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('proposal_url', 'text')
      .addColumn('review_outcome', 'text')
      .addColumn('regressions_detected_24h', 'boolean')
      .addColumn('completed_at', 'timestamptz')
      .execute()
    await db.schema
      .createIndex('fix_runs_lineage_idx')
      .on('fix_runs')
      .columns(['project_id', 'cluster_key', 'started_at'])
      .execute()
    await db.schema
      .createIndex('fix_runs_ticket_idx')
      .on('fix_runs')
      .columns(['project_id', 'ticket_id'])
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('fix_runs').ifExists().execute()
  },
}
