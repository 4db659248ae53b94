import { type Kysely, type Migration, sql } from 'kysely'

/**
 * Weekly triage: one run per project and ISO week, the clusters it found (keyed by a cluster key that stays
 * the same across weeks, so a problem maps to one ticket), their members, the needs-confirmation pairs and
 * the human answers on pairs that the next run respects. Row types: `ClusterTables` in `../cluster-tables.ts`.
 */
export const clustersMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('triage_runs')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('week', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'succeeded')`))
      .addColumn('signals', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('clusters', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('tickets', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('observations', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('held', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('needs_confirmation', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('stats', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('settings', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('finished_at', 'timestamptz')
      .addPrimaryKeyConstraint('triage_runs_pk', ['project_id', 'week'])
      .execute()

    await db.schema
      .createTable('clusters')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('week', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('bug', 'improvement')`))
      .addColumn('improvement', 'text')
      .addColumn('decision', 'text', (c) =>
        c
          .notNull()
          .check(sql`decision in ('ticket', 'observation', 'held-for-humans', 'needs-confirmation')`),
      )
      .addColumn('decision_reason', 'text', (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull().check(sql`priority between 1 and 4`))
      .addColumn('priority_score', 'double precision', (c) => c.notNull())
      .addColumn('priority_parts', 'jsonb', (c) => c.notNull())
      .addColumn('trend', 'text', (c) => c.notNull())
      .addColumn('rate', 'jsonb', (c) => c.notNull())
      .addColumn('depth_share', 'double precision')
      .addColumn('nps_drop', 'double precision')
      .addColumn('labels', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('evidence', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('department', 'text')
      .addColumn('auto_fixable', 'boolean', (c) => c.notNull())
      .addColumn('reasons', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('held_reasons', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('route_template', 'text')
      .addColumn('routes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('error_type', 'text')
      .addColumn('message', 'text')
      .addColumn('boundary', 'text')
      .addColumn('attempting', 'text')
      .addColumn('fingerprints', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('releases', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('signal_count', 'integer', (c) => c.notNull())
      .addColumn('user_count', 'integer', (c) => c.notNull())
      .addColumn('session_count', 'integer', (c) => c.notNull())
      .addColumn('workspace_count', 'integer', (c) => c.notNull())
      .addColumn('days_active', 'integer', (c) => c.notNull())
      .addColumn('first_seen', 'timestamptz', (c) => c.notNull())
      .addColumn('last_seen', 'timestamptz', (c) => c.notNull())
      .addColumn('sample_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('sample_session_ids', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('code_pointers', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('clusters_pk', ['project_id', 'week', 'key'])
      .execute()
    // A cluster's history over weeks (rate of change, key carry-over).
    await db.schema.createIndex('clusters_key_idx').on('clusters').columns(['project_id', 'key']).execute()

    await db.schema
      .createTable('cluster_members')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('week', 'text', (c) => c.notNull())
      .addColumn('signal_id', 'text', (c) => c.notNull())
      .addColumn('cluster_key', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('error', 'feedback', 'session')`))
      .addColumn('occurred_at', 'timestamptz')
      .addPrimaryKeyConstraint('cluster_members_pk', ['project_id', 'week', 'signal_id'])
      .execute()
    await db.schema
      .createIndex('cluster_members_cluster_idx')
      .on('cluster_members')
      .columns(['project_id', 'week', 'cluster_key'])
      .execute()
    await db.schema
      .createIndex('cluster_members_signal_idx')
      .on('cluster_members')
      .columns(['project_id', 'signal_id'])
      .execute()

    await db.schema
      .createTable('cluster_pairs')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('week', 'text', (c) => c.notNull())
      .addColumn('a', 'text', (c) => c.notNull())
      .addColumn('b', 'text', (c) => c.notNull())
      .addColumn('cluster_a', 'text', (c) => c.notNull())
      .addColumn('cluster_b', 'text', (c) => c.notNull())
      .addColumn('signal', 'text', (c) => c.notNull())
      .addColumn('score', 'double precision', (c) => c.notNull())
      .addPrimaryKeyConstraint('cluster_pairs_pk', ['project_id', 'week', 'a', 'b'])
      .execute()

    await db.schema
      .createTable('pair_decisions')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('a', 'text', (c) => c.notNull())
      .addColumn('b', 'text', (c) => c.notNull())
      .addColumn('answer', 'text', (c) => c.notNull().check(sql`answer in ('same', 'different')`))
      .addColumn('cluster_a', 'text')
      .addColumn('cluster_b', 'text')
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('pair_decisions_pk', ['project_id', 'a', 'b'])
      .addCheckConstraint('pair_decisions_ordered', sql`a < b`)
      .execute()
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['pair_decisions', 'cluster_pairs', 'cluster_members', 'clusters', 'triage_runs']) {
      await db.schema.dropTable(table).ifExists().execute()
    }
  },
}
