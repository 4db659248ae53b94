import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase, type SutureDatabase } from '../database/open-database.js'
import { createTestPostgresDatabase, POSTGRES_AVAILABLE } from '../testing/index.js'
import { MIGRATIONS } from './index.js'

// A dump of a database the pre-split code wrote (see the fixture's header). Opening it with this
// layout must recognise the migrations already applied, run only the new ones, and keep every row.
const DUMP = readFileSync(path.join(import.meta.dirname, 'fixtures/pre-split-main.sql'), 'utf8')
const PRE_SPLIT_MIGRATIONS = ['0001-core', '0002-scores', '0003-clusters', '0004-tickets']
const ROWS_IN_DUMP: Record<string, number> = {
  projects: 1,
  api_keys: 2,
  sessions: 30,
  session_events: 342,
  envelopes: 12,
  scores: 30,
  triage_runs: 1,
  clusters: 2,
  cluster_members: 2,
  cluster_pairs: 1,
  ticket_links: 1,
  local_tickets: 1,
  ticket_validations: 1,
  digests: 1,
}

async function expectEverythingKept(database: SutureDatabase): Promise<void> {
  const applied = await database.executeSql('select name from suture_migrations order by name')
  const names = applied.rows.map((r) => String(r.name))
  expect(names.slice(0, PRE_SPLIT_MIGRATIONS.length)).toEqual(PRE_SPLIT_MIGRATIONS)
  expect(names).toEqual(Object.keys(MIGRATIONS).sort())
  for (const [table, count] of Object.entries(ROWS_IN_DUMP)) {
    const result = await database.executeSql(`select count(*)::int as n from ${table}`)
    expect([table, Number(result.rows[0]?.n)]).toEqual([table, count])
  }
  // Typed reads through the new layout's Database type see the old rows as they were written.
  const project = await database.db.selectFrom('projects').selectAll().executeTakeFirstOrThrow()
  expect(project.name).toBe('Pre-split shop')
  const cluster = await database.db
    .selectFrom('clusters')
    .select(['key', 'decision', 'labels'])
    .where('decision', '=', 'ticket')
    .executeTakeFirstOrThrow()
  expect(cluster).toMatchObject({ key: 'c_presplit', labels: ['bug', 'auto-fixable'] })
  const ticket = await database.db.selectFrom('ticket_links').selectAll().executeTakeFirstOrThrow()
  expect(ticket).toMatchObject({ cluster_key: 'c_presplit', identifier: 'LOCAL-1', fix_release: '1.0.1' })
  const scored = await database.db
    .selectFrom('scores')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'scored')
    .executeTakeFirstOrThrow()
  expect(Number(scored.n)).toBe(30)
}

describe('a database written before the package split', () => {
  const cleanups: (() => Promise<void>)[] = []
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup()
  })

  it('opens and migrates without loss on PGlite (a data dir the old code made)', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'suture-presplit-'))
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }))
    // The old code's data-dir layout: <dataDir>/pglite.
    const old = await PGlite.create({ dataDir: path.join(dataDir, 'pglite') })
    await old.exec(DUMP)
    await old.close()

    const database = await openDatabase({ kind: 'pglite', dataDir })
    try {
      await expectEverythingKept(database)
    } finally {
      await database.close()
    }
    // A second open (the next command) changes nothing.
    const again = await openDatabase({ kind: 'pglite', dataDir })
    try {
      await expectEverythingKept(again)
    } finally {
      await again.close()
    }
  })

  it.skipIf(!POSTGRES_AVAILABLE)('opens and migrates without loss on Postgres', async () => {
    const created = await createTestPostgresDatabase()
    cleanups.push(created.drop)
    const client = new pg.Client({ connectionString: created.url })
    await client.connect()
    try {
      await client.query(DUMP)
    } finally {
      await client.end()
    }
    const database = await openDatabase({ kind: 'postgres', url: created.url })
    try {
      await expectEverythingKept(database)
    } finally {
      await database.close()
    }
  })
})
