import { type Kysely, type Migration, sql } from 'kysely'

/**
 * Hourly validation acts on its own (pm-agent): `validation_actions` records each action the andon cord
 * or an escalation took (take `auto-fixable` away, propose the revert, call the spike webhook) so a rerun
 * neither repeats nor drops one; `lineage_resets` records who reset a lineage's counters and when.
 * Quarantine clearing keeps using `route_quarantine.cleared_by/cleared_at`. Row types in
 * `tables/pm-agent-validation-tables.ts`.
 */
export const validationActionsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('validation_actions')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('cluster_key', 'text', (c) => c.notNull())
      .addColumn('release', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('unlabel', 'revert', 'webhook')`))
      .addColumn('trigger', 'text', (c) => c.notNull().check(sql`trigger in ('andon', 'escalated')`))
      .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('done', 'failed')`))
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('acted_at', 'timestamptz', (c) => c.notNull())
      .addPrimaryKeyConstraint('validation_actions_pk', ['project_id', 'cluster_key', 'release', 'action'])
      .execute()
    await db.schema
      .createTable('lineage_resets')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('cluster_key', 'text', (c) => c.notNull())
      .addColumn('ticket_id', 'text')
      .addColumn('reset_by', 'text', (c) => c.notNull())
      .addColumn('reset_at', 'timestamptz', (c) => c.notNull())
      .addColumn('previous_iterations', 'integer', (c) => c.notNull())
      .addColumn('previous_escalated', 'boolean', (c) => c.notNull())
      .addColumn('previous_cost_usd', 'double precision', (c) => c.notNull())
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('lineage_resets').ifExists().execute()
    await db.schema.dropTable('validation_actions').ifExists().execute()
  },
}
