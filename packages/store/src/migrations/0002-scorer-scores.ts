import { type Kysely, type Migration, sql } from 'kysely'

/** Session scores (one per session, scorer and version) and the Claude message batches in flight. */
export const scoresMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('scores')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('scorer', 'text', (c) => c.notNull())
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('model', 'text')
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('scored', 'failed')`))
      .addColumn('score', 'real', (c) => c.check(sql`score is null or (score >= 0 and score <= 10)`))
      .addColumn('intent', 'text')
      .addColumn('success', 'text')
      .addColumn('improvement', 'text')
      .addColumn('department', 'text')
      .addColumn('failure_reason', 'text')
      .addColumn('cost_usd', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('input_tokens', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('output_tokens', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('run_id', 'integer')
      .addColumn('scored_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('exported_at', 'timestamptz')
      .addPrimaryKeyConstraint('scores_pk', ['project_id', 'session_id', 'scorer', 'version'])
      .execute()
    // "latest scores of the week" for the digest and the PM agent
    await db.schema.createIndex('scores_time_idx').on('scores').columns(['project_id', 'scored_at']).execute()
    // scores still to send to PostHog
    await db.schema
      .createIndex('scores_unexported_idx')
      .on('scores')
      .columns(['project_id', 'scored_at'])
      .where(sql.ref('exported_at'), 'is', null)
      .execute()

    await db.schema
      .createTable('claude_batches')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('scorer_version', 'text', (c) => c.notNull())
      .addColumn('model', 'text', (c) => c.notNull())
      /** [[project_id, session_id], …] in submission order. */
      .addColumn('sessions', 'jsonb', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('submitted', 'collected')`))
      .addColumn('run_id', 'integer')
      .addColumn('estimated_cost_usd', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('collected_at', 'timestamptz')
      .execute()
    await db.schema
      .createIndex('claude_batches_open_idx')
      .on('claude_batches')
      .column('created_at')
      .where(sql.ref('status'), '=', 'submitted')
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('claude_batches').execute()
    await db.schema.dropTable('scores').execute()
  },
}
