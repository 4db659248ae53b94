import { type Kysely, type Migration, sql } from 'kysely'

/**
 * The retention ledger (what each daily run dropped), the privacy-request record, and the time indexes
 * retention deletes by: session events had none by time alone, so each batch would scan the table.
 */
export const lifecycleRetentionMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('retention_drops')
      // A project id, or '*' for rows that belong to no project (job runs of global jobs). No foreign key:
      // the ledger outlives a deleted project, and it holds only counts.
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      // The UTC day of the run (YYYY-MM-DD): a resumed run adds to the same row.
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('window_days', 'integer', (c) => c.notNull())
      .addColumn('cutoff', 'timestamptz', (c) => c.notNull())
      .addColumn('dropped', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('partitions_dropped', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('retention_drops_pk', ['scope', 'kind', 'day'])
      .execute()

    await db.schema
      .createTable('privacy_requests')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('delete', 'export')`))
      // Null: every project. Never the actor's id or hash: the record must not re-identify whom it forgot.
      .addColumn('project_id', 'text')
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('counts', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('manual_steps', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute()

    await db.schema
      .createIndex('session_events_time_idx')
      .on('session_events')
      .columns(['project_id', 'ts'])
      .execute()
    await db.schema
      .createIndex('sessions_last_event_idx')
      .on('sessions')
      .columns(['project_id', 'last_event_at'])
      .execute()
    // Deletion on request finds an actor's rows by hash.
    await db.schema
      .createIndex('envelopes_actor_idx')
      .on('envelopes')
      .columns(['project_id', 'actor_hash'])
      .where(sql.ref('actor_hash'), 'is not', null)
      .execute()
    await db.schema
      .createIndex('sessions_actor_idx')
      .on('sessions')
      .columns(['project_id', 'actor_hash'])
      .where(sql.ref('actor_hash'), 'is not', null)
      .execute()
    await db.schema.createIndex('job_runs_started_idx').on('job_runs').column('started_at').execute()
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const index of [
      'job_runs_started_idx',
      'sessions_actor_idx',
      'envelopes_actor_idx',
      'sessions_last_event_idx',
      'session_events_time_idx',
    ]) {
      await db.schema.dropIndex(index).ifExists().execute()
    }
    await db.schema.dropTable('privacy_requests').ifExists().execute()
    await db.schema.dropTable('retention_drops').ifExists().execute()
  },
}
