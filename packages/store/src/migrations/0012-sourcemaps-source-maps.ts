import { type Kysely, type Migration, sql } from 'kysely'

/**
 * Uploaded source maps: one row per minified file of a release, found by the file's URL path (any origin,
 * Sentry's `~/`) or by its debug id. The map text is kept whole; the server parses it on demand and caches
 * the parsed form. Row type in `tables/source-map-tables.ts`.
 */
export const sourceMapsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('source_maps')
      .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id').onDelete('cascade'))
      .addColumn('release', 'text', (c) => c.notNull())
      .addColumn('file_path', 'text', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('debug_id', 'text')
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'integer', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('uploaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('source_maps_pkey', ['project_id', 'release', 'file_path'])
      .execute()
    await db.schema
      .createIndex('source_maps_debug_id_idx')
      .on('source_maps')
      .columns(['project_id', 'debug_id'])
      .where(sql.ref('debug_id'), 'is not', null)
      .execute()
    // Re-symbolicating the recent envelopes of a release when its maps arrive after them.
    await db.schema
      .createIndex('envelopes_release_received_idx')
      .on('envelopes')
      .columns(['project_id', 'release', 'received_at'])
      .where(sql.ref('kind'), '=', 'error')
      .execute()
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('envelopes_release_received_idx').ifExists().execute()
    await db.schema.dropTable('source_maps').ifExists().execute()
  },
}
