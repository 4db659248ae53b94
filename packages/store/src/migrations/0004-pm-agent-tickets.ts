import { type Kysely, type Migration, sql } from 'kysely'

/**
 * Ticket mappings, the local tracker, validations, fix attempts, outcomes, quarantine, digests, spikes.
 * The row types live with the code that owns them: `TicketTables` in `@suture/pm-agent`.
 */
export const ticketsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('ticket_links')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('cluster_key', 'text', (c) => c.notNull())
      .addColumn('tracker', 'text', (c) => c.notNull().check(sql`tracker in ('linear', 'local')`))
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('ticket_id', 'text')
      .addColumn('identifier', 'text')
      .addColumn('url', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull())
      .addColumn('counts', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('route_template', 'text')
      .addColumn('fingerprints', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('fix_release', 'text')
      .addColumn('validation', 'text')
      .addColumn('fixed_at', 'timestamptz')
      .addColumn('iterations', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('escalated', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('reopen_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_action', 'text')
      .addColumn('last_action_at', 'timestamptz')
      .addColumn('created_run', 'text')
      .addColumn('last_run', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('ticket_links_pk', ['project_id', 'cluster_key'])
      .execute()
    await db.schema
      .createIndex('ticket_links_ticket_idx')
      .on('ticket_links')
      .columns(['tracker', 'ticket_id'])
      .execute()

    await db.schema
      .createTable('local_tickets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('number', 'serial', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('priority', 'integer', (c) => c.notNull())
      .addColumn('labels', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('state', 'text', (c) =>
        c.notNull().check(sql`state in ('open', 'in-progress', 'done', 'cancelled', 'duplicate')`),
      )
      .addColumn('closed_at', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute()
    await db.schema
      .createIndex('local_tickets_project_idx')
      .on('local_tickets')
      .column('project_id')
      .execute()
    await db.schema
      .createTable('local_ticket_comments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('ticket_id', 'text', (c) => c.notNull().references('local_tickets.id').onDelete('cascade'))
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute()
    await db.schema
      .createTable('local_ticket_attachments')
      .addColumn('ticket_id', 'text', (c) => c.notNull().references('local_tickets.id').onDelete('cascade'))
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('local_ticket_attachments_pk', ['ticket_id', 'url'])
      .execute()
    await db.schema
      .createIndex('local_ticket_attachments_url_idx')
      .on('local_ticket_attachments')
      .column('url')
      .execute()

    await db.schema
      .createTable('ticket_validations')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('cluster_key', 'text', (c) => c.notNull())
      .addColumn('release', 'text', (c) => c.notNull())
      .addColumn('evaluated_on', 'text', (c) => c.notNull())
      .addColumn('ticket_id', 'text')
      .addColumn('verdict', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('p_lower', 'double precision', (c) => c.notNull())
      .addColumn('p_higher', 'double precision', (c) => c.notNull())
      .addColumn('rate_ratio', 'double precision', (c) => c.notNull())
      .addColumn('before_count', 'integer', (c) => c.notNull())
      .addColumn('after_count', 'integer', (c) => c.notNull())
      .addColumn('evidence', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('ticket_validations_pk', [
        'project_id',
        'cluster_key',
        'release',
        'evaluated_on',
      ])
      .execute()

    await db.schema
      .createTable('fix_attempts')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('cluster_key', 'text', (c) => c.notNull())
      .addColumn('release', 'text', (c) => c.notNull())
      .addColumn('cost_usd', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('fix_attempts_pk', ['project_id', 'cluster_key', 'release'])
      .execute()

    await db.schema
      .createTable('ticket_outcomes')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('cluster_key', 'text', (c) => c.notNull())
      .addColumn('ticket_id', 'text')
      .addColumn('outcome', 'text', (c) =>
        c.notNull().check(sql`outcome in ('fixed-clean', 'fixed-messy', 'reverted', 'escalated')`),
      )
      .addColumn('release', 'text', (c) => c.notNull())
      .addColumn('iterations', 'integer', (c) => c.notNull())
      .addColumn('cost_usd', 'double precision', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('ticket_outcomes_pk', ['project_id', 'cluster_key', 'release', 'outcome'])
      .execute()

    await db.schema
      .createTable('route_quarantine')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('route_template', 'text', (c) => c.notNull())
      .addColumn('cluster_key', 'text', (c) => c.notNull())
      .addColumn('release', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('cleared_at', 'timestamptz')
      .addColumn('cleared_by', 'text')
      .addPrimaryKeyConstraint('route_quarantine_pk', ['project_id', 'route_template'])
      .execute()

    await db.schema
      .createTable('digests')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('week', 'text', (c) => c.notNull())
      .addColumn('markdown', 'text', (c) => c.notNull())
      .addColumn('html', 'text', (c) => c.notNull())
      .addColumn('data', 'jsonb', (c) => c.notNull())
      .addColumn('shadow', 'boolean', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('digests_pk', ['project_id', 'week'])
      .execute()

    await db.schema
      .createTable('spike_firings')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('cluster_key', 'text', (c) => c.notNull())
      .addColumn('fired_at', 'timestamptz', (c) => c.notNull())
      .addColumn('resolved_at', 'timestamptz')
      .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .execute()
    // A rule fires once per cluster until that firing resolves: the index is the silencer.
    await db.schema
      .createIndex('spike_firings_active_unique')
      .on('spike_firings')
      .columns(['project_id', 'rule', 'cluster_key'])
      .unique()
      .where(sql.ref('resolved_at'), 'is', null)
      .execute()
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of [
      'spike_firings',
      'digests',
      'route_quarantine',
      'ticket_outcomes',
      'fix_attempts',
      'ticket_validations',
      'local_ticket_attachments',
      'local_ticket_comments',
      'local_tickets',
      'ticket_links',
    ]) {
      await db.schema.dropTable(table).ifExists().execute()
    }
  },
}
