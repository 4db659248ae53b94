import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../database/open-database.js'
import { MIGRATIONS } from '../migrations/index.js'
import { migrateToLatest } from '../migrations/migrate.js'
import { createProject } from '../projects/projects.js'
import { pgliteTemplate } from './pglite-template.js'

describe('the migrated PGlite template tests open databases from', () => {
  it('gives databases that are fully migrated, empty, and independent of each other', async () => {
    const template = await pgliteTemplate()
    const [a, b] = await Promise.all([
      openDatabase({ kind: 'pglite-memory' }, { pgliteTemplate: template }),
      openDatabase({ kind: 'pglite-memory' }, { pgliteTemplate: template }),
    ])
    try {
      // Every migration is recorded, so opening ran none and a rerun has nothing to do.
      const applied = await sql<{ name: string }>`select name from suture_migrations`.execute(a.db)
      expect(applied.rows.map((r) => r.name).sort()).toEqual(Object.keys(MIGRATIONS).sort())
      expect(await migrateToLatest(a.db)).toEqual([])
      expect(await a.db.selectFrom('projects').selectAll().execute()).toEqual([])
      await createProject(a.db, { name: 'Only in a' })
      expect(await b.db.selectFrom('projects').selectAll().execute()).toEqual([])
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })
})
