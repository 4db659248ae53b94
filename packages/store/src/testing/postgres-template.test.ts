import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../database/open-database.js'
import { MIGRATIONS } from '../migrations/index.js'
import { migrateToLatest } from '../migrations/migrate.js'
import { createProject } from '../projects/projects.js'
import { createTestPostgresDatabase, POSTGRES_AVAILABLE, TEST_POSTGRES_URL } from './index.js'
import { postgresTemplate } from './postgres-template.js'

describe.skipIf(!POSTGRES_AVAILABLE)('the migrated Postgres template tests copy databases from', () => {
  it('gives databases that are fully migrated, empty, and independent of each other', async () => {
    const template = await postgresTemplate(TEST_POSTGRES_URL)
    expect(template).toMatch(/^suture_tpl_[0-9a-f]{20}$/)
    const created = await Promise.all([
      createTestPostgresDatabase({ template }),
      createTestPostgresDatabase({ template }),
    ])
    const [a, b] = await Promise.all(
      created.map((c) => openDatabase({ kind: 'postgres', url: c.url }, { migrate: false })),
    )
    if (!a || !b) throw new Error('two databases were opened')
    try {
      // Every migration is recorded, so opening runs none and a rerun has nothing to do.
      const applied = await sql<{ name: string }>`select name from suture_migrations`.execute(a.db)
      expect(applied.rows.map((r) => r.name).sort()).toEqual(Object.keys(MIGRATIONS).sort())
      expect(await migrateToLatest(a.db)).toEqual([])
      expect(await a.db.selectFrom('projects').selectAll().execute()).toEqual([])
      await createProject(a.db, { name: 'Only in a' })
      expect(await b.db.selectFrom('projects').selectAll().execute()).toEqual([])
    } finally {
      await Promise.all([a.close(), b.close()])
      await Promise.all(created.map((c) => c.drop()))
    }
  })

  it('leaves the plain database empty when no template is given', async () => {
    const created = await createTestPostgresDatabase()
    const database = await openDatabase({ kind: 'postgres', url: created.url }, { migrate: false })
    try {
      const tables = await sql<{ n: number }>`
        select count(*)::int as n from information_schema.tables where table_schema = 'public'`.execute(
        database.db,
      )
      expect(tables.rows[0]?.n).toBe(0)
    } finally {
      await database.close()
      await created.drop()
    }
  })
})
