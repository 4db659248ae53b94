import { type Kysely, type Migration, sql } from 'kysely'

/** Projects, keys, envelopes, sessions, session events, deploys and job runs. */
export const coreMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('projects')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('allowed_origins', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute()

    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('public', 'secret')`))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('public_token', 'text')
      .addColumn('hint', 'text', (c) => c.notNull())
      .addColumn('label', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('revoked_at', 'timestamptz')
      .addCheckConstraint('api_keys_secret_not_in_clear', sql`kind = 'public' or public_token is null`)
      .execute()
    await db.schema.createIndex('api_keys_project_idx').on('api_keys').column('project_id').execute()

    await db.schema
      .createTable('envelopes')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('error', 'feedback')`))
      .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
      .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('route_template', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text')
      .addColumn('session_id', 'text')
      .addColumn('actor_hash', 'text')
      .addColumn('workspace_id', 'text')
      .addColumn('release', 'text')
      .addColumn('environment', 'text')
      .addColumn('boundary', 'text')
      .addColumn('error_type', 'text')
      .addColumn('message', 'text')
      .addColumn('rating', 'integer')
      .addColumn('body', 'jsonb', (c) => c.notNull())
      .addPrimaryKeyConstraint('envelopes_pk', ['project_id', 'id'])
      .execute()
    // "envelopes of fingerprint F in week W"
    await db.schema
      .createIndex('envelopes_fingerprint_idx')
      .on('envelopes')
      .columns(['project_id', 'fingerprint', 'occurred_at'])
      .where(sql.ref('fingerprint'), 'is not', null)
      .execute()
    // "failures per route per day"
    await db.schema
      .createIndex('envelopes_route_errors_idx')
      .on('envelopes')
      .columns(['project_id', 'route_template', 'occurred_at'])
      .where(sql.ref('kind'), '=', 'error')
      .execute()
    await db.schema
      .createIndex('envelopes_occurred_idx')
      .on('envelopes')
      .columns(['project_id', 'occurred_at'])
      .execute()
    await db.schema
      .createIndex('envelopes_session_idx')
      .on('envelopes')
      .columns(['project_id', 'session_id'])
      .where(sql.ref('session_id'), 'is not', null)
      .execute()
    await db.schema
      .createIndex('envelopes_release_idx')
      .on('envelopes')
      .columns(['project_id', 'release', 'occurred_at'])
      .where(sql.ref('release'), 'is not', null)
      .execute()

    await db.schema
      .createTable('sessions')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('started_at', 'timestamptz', (c) => c.notNull())
      .addColumn('last_event_at', 'timestamptz', (c) => c.notNull())
      .addColumn('ended_at', 'timestamptz')
      .addColumn('distinct_id', 'text')
      .addColumn('actor_hash', 'text')
      .addColumn('workspace_id', 'text')
      .addColumn('event_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('error_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('feedback_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('sessions_pk', ['project_id', 'id'])
      .execute()
    // "sessions that ended yesterday"
    await db.schema
      .createIndex('sessions_ended_idx')
      .on('sessions')
      .columns(['project_id', 'ended_at'])
      .where(sql.ref('ended_at'), 'is not', null)
      .execute()
    // Open sessions by last activity: how the nightly job finds sessions that have gone quiet.
    await db.schema
      .createIndex('sessions_open_idx')
      .on('sessions')
      .columns(['project_id', 'last_event_at'])
      .where(sql.ref('ended_at'), 'is', null)
      .execute()

    await db.schema
      .createTable('session_events')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('session_id', 'text', (c) => c.notNull())
      .addColumn('ts', 'timestamptz', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('distinct_id', 'text')
      .addColumn('properties', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('session_events_pk', ['project_id', 'id'])
      .execute()
    await db.schema
      .createIndex('session_events_session_idx')
      .on('session_events')
      .columns(['project_id', 'session_id', 'ts'])
      .execute()

    await db.schema
      .createTable('deploys')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('release', 'text', (c) => c.notNull())
      .addColumn('environment', 'text', (c) => c.notNull())
      .addColumn('deployed_at', 'timestamptz', (c) => c.notNull())
      .addColumn('commit_sha', 'text')
      .addColumn('url', 'text')
      .addColumn('notes', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('deploys_pk', ['project_id', 'release', 'environment'])
      .execute()
    await db.schema
      .createIndex('deploys_time_idx')
      .on('deploys')
      .columns(['project_id', 'deployed_at'])
      .execute()

    await db.schema
      .createTable('job_runs')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('project_id', 'text', (c) => c.references('projects.id').onDelete('cascade'))
      .addColumn('status', 'text', (c) =>
        c.notNull().check(sql`status in ('running', 'succeeded', 'failed')`),
      )
      .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('finished_at', 'timestamptz')
      .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('error', 'text')
      .addUniqueConstraint('job_runs_name_key_unique', ['name', 'key'])
      .execute()
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of [
      'job_runs',
      'deploys',
      'session_events',
      'sessions',
      'envelopes',
      'api_keys',
      'projects',
    ]) {
      await db.schema.dropTable(table).ifExists().execute()
    }
  },
}
