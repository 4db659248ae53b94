import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest } from '../migrations/migrate.js'
import { pgliteTemplate, TEST_DATABASES } from '../testing/index.js'
import { DataDirLockedError } from './errors.js'
import { openDatabase, type SutureDatabase } from './open-database.js'

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`storage on ${backend.name}`, () => {
    let database: SutureDatabase
    beforeAll(async () => {
      database = await backend.open()
    })
    afterAll(async () => {
      await database?.close()
    })

    it('creates the core tables on open and migrating again is a no-op', async () => {
      const tables = await database.db.introspection.getTables()
      const names = tables.map((t) => t.name)
      for (const table of [
        'projects',
        'api_keys',
        'envelopes',
        'sessions',
        'session_events',
        'deploys',
        'job_runs',
      ]) {
        expect(names).toContain(table)
      }
      expect(await migrateToLatest(database.db)).toEqual([])
    })

    it('dedupes envelopes on (project, id) and reads timestamps, json and counts back the same way', async () => {
      const db = database.db
      await db.insertInto('projects').values({ id: 'p1', name: 'One', allowed_origins: '[]' }).execute()
      const row = {
        project_id: 'p1',
        id: 'env-00000001',
        kind: 'error' as const,
        occurred_at: '2025-03-04T05:06:07.000Z',
        route_template: '/x/:id',
        fingerprint: 'fp',
        session_id: null,
        actor_hash: null,
        workspace_id: null,
        release: null,
        environment: null,
        boundary: null,
        error_type: 'TypeError',
        message: 'boom',
        rating: null,
        body: JSON.stringify({ nested: { a: [1, 'two'] } }),
      }
      const first = await db
        .insertInto('envelopes')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .execute()
      const second = await db
        .insertInto('envelopes')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .execute()
      expect(first).toHaveLength(1)
      expect(second).toHaveLength(0)
      const stored = await db.selectFrom('envelopes').selectAll().executeTakeFirstOrThrow()
      expect(stored.occurred_at).toBeInstanceOf(Date)
      expect(stored.occurred_at.toISOString()).toBe('2025-03-04T05:06:07.000Z')
      expect(stored.body).toEqual({ nested: { a: [1, 'two'] } })
      const { count } = await db
        .selectFrom('envelopes')
        .select((eb) => eb.fn.countAll<number>().as('count'))
        .executeTakeFirstOrThrow()
      expect(count).toBe(1)
    })

    it('rolls a failed transaction back completely', async () => {
      const db = database.db
      await expect(
        db.transaction().execute(async (trx) => {
          await trx
            .insertInto('projects')
            .values({ id: 'p-rollback', name: 'R', allowed_origins: '[]' })
            .execute()
          await sql`select 1 / 0`.execute(trx)
        }),
      ).rejects.toThrow(/division by zero/)
      const found = await db.selectFrom('projects').where('id', '=', 'p-rollback').selectAll().execute()
      expect(found).toEqual([])
    })

    it('runs many concurrent transactions without losing or interleaving writes', async () => {
      const db = database.db
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          db.transaction().execute(async (trx) => {
            await trx
              .insertInto('projects')
              .values({ id: `pc-${i}`, name: `c${i}`, allowed_origins: '[]' })
              .execute()
            await trx
              .updateTable('projects')
              .set({ name: sql<string>`name || '!'` })
              .where('id', '=', `pc-${i}`)
              .execute()
          }),
        ),
      )
      const rows = await db.selectFrom('projects').where('id', 'like', 'pc-%').select('name').execute()
      expect(rows).toHaveLength(20)
      expect(rows.every((r) => r.name.endsWith('!'))).toBe(true)
    })

    it('runs raw multi-statement SQL through executeSql', async () => {
      await database.executeSql('create table multi_t (a int); insert into multi_t values (1), (2)')
      const { rows } = await database.executeSql('select sum(a)::int as total from multi_t')
      expect(rows).toEqual([{ total: 3 }])
      const withParams = await database.executeSql('select $1::text as v', ['hi'])
      expect(withParams.rows).toEqual([{ v: 'hi' }])
    })
  })
}

describe('embedded database on disk', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'suture-pglite-'))
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('keeps data across reopen and refuses a second open while the first is live', async () => {
    // A new directory is unpacked from the dump; on reopen the same dump must leave the cluster alone.
    const template = await pgliteTemplate()
    const first = await openDatabase({ kind: 'pglite', dataDir: dir }, { pgliteTemplate: template })
    try {
      await first.db
        .insertInto('projects')
        .values({ id: 'kept', name: 'Kept', allowed_origins: '["https://a.example"]' })
        .execute()
      await expect(openDatabase({ kind: 'pglite', dataDir: dir })).rejects.toBeInstanceOf(DataDirLockedError)
    } finally {
      await first.close()
    }
    const second = await openDatabase({ kind: 'pglite', dataDir: dir }, { pgliteTemplate: template })
    try {
      const row = await second.db.selectFrom('projects').selectAll().executeTakeFirstOrThrow()
      expect(row.allowed_origins).toEqual(['https://a.example'])
      expect(await migrateToLatest(second.db)).toEqual([])
    } finally {
      await second.close()
    }
  })

  it('makes the cluster with initdb when the dump for a new directory cannot be unpacked', async () => {
    const fresh = path.join(dir, 'broken-seed')
    const database = await openDatabase(
      { kind: 'pglite', dataDir: fresh },
      { pgliteTemplate: new Blob(['not a tar archive']) },
    )
    try {
      await database.db.insertInto('projects').values({ id: 'p', name: 'P', allowed_origins: '[]' }).execute()
      expect(await database.db.selectFrom('projects').select('id').execute()).toEqual([{ id: 'p' }])
    } finally {
      await database.close()
    }
  })
})
