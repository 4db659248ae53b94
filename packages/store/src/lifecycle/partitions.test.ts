import { type Envelope, parseEnvelope, parseSessionEvent, type SessionEvent } from '@suture/envelope'
import { Migrator, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase, type SutureDatabase } from '../database/open-database.js'
import { storeEnvelopes } from '../ingest/store-envelopes.js'
import { storeSessionEvents } from '../ingest/store-session-events.js'
import { MIGRATIONS } from '../migrations/index.js'
import { migrateToLatest } from '../migrations/migrate.js'
import { createProject } from '../projects/projects.js'
import {
  createTestPostgresDatabase,
  errorEnvelopeFromStack,
  feedbackEnvelope,
  POSTGRES_AVAILABLE,
  realStacks,
} from '../testing/index.js'
import { timePartitions } from './partitions.js'

const DAY = 86_400_000

function parsed<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues))
  return result.value
}

// Far past and future (clock skew), the weeks around today, and three years back: every partition kind.
const OFFSETS_DAYS = [-40_000, -2_000, -400, -100, -30, -8, -1, 0, 1, 20, 60, 5_000]

describe.skipIf(!POSTGRES_AVAILABLE)(
  'migrating a filled Postgres database to partitioned event tables',
  () => {
    let database: SutureDatabase
    let drop: () => Promise<void>
    let projectId: string
    let envelopes: Envelope[]
    let events: SessionEvent[]
    const before: Record<string, unknown[]> = {}

    const dump = async (table: 'envelopes' | 'session_events') =>
      (await sql`select * from ${sql.table(table)} order by project_id, id`.execute(database.db)).rows

    beforeAll(async () => {
      const created = await createTestPostgresDatabase()
      drop = created.drop
      database = await openDatabase({ kind: 'postgres', url: created.url }, { migrate: false })
      // The schema as the code before this change left it: every migration up to 0008.
      const older = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '0013'))
      const migrator = new Migrator({
        db: database.db,
        provider: { getMigrations: async () => older },
        migrationTableName: 'suture_migrations',
        migrationLockTableName: 'suture_migrations_lock',
      })
      const { error } = await migrator.migrateToLatest()
      if (error) throw error
      projectId = (await createProject(database.db, { name: 'web' })).projectId

      const stacks = realStacks(40)
      const now = Date.now()
      envelopes = OFFSETS_DAYS.flatMap((offset, i) => {
        const at = new Date(now + offset * DAY).toISOString()
        const stack = stacks[i % stacks.length] as (typeof stacks)[number]
        return [
          parsed(parseEnvelope(errorEnvelopeFromStack(stack, { occurredAt: at, sessionId: `s${i}` }))),
          parsed(parseEnvelope(feedbackEnvelope({ occurredAt: at, sessionId: `s${i}` }))),
        ]
      })
      events = OFFSETS_DAYS.map((offset, i) =>
        parsed(
          parseSessionEvent({
            sessionId: `s${i}`,
            ts: new Date(now + offset * DAY).toISOString(),
            event: '$pageview',
            properties: { $pathname: '/x' },
          }),
        ),
      )
      // Written by the ingest code, as a running deployment would have.
      await storeEnvelopes(database.db, projectId, envelopes)
      await storeSessionEvents(database.db, projectId, events)
      before.envelopes = await dump('envelopes')
      before.session_events = await dump('session_events')
      before.sessions = (await sql`select * from sessions order by id`.execute(database.db)).rows
      expect(before.envelopes).toHaveLength(envelopes.length)

      expect(await migrateToLatest(database.db)).toEqual(
        expect.arrayContaining(['0013-lifecycle-partitions', '0014-lifecycle-retention']),
      )
    }, 120_000)

    afterAll(async () => {
      await database?.close()
      await drop?.()
    })

    it('keeps every row, column for column', async () => {
      expect(await dump('envelopes')).toEqual(before.envelopes)
      expect(await dump('session_events')).toEqual(before.session_events)
      expect((await sql`select * from sessions order by id`.execute(database.db)).rows).toEqual(
        before.sessions,
      )
    })

    it('is partitioned by week with a default partition, keeps the indexes, and queries prune to the weeks asked for', async () => {
      for (const table of ['envelopes', 'session_events'] as const) {
        const partitions = await timePartitions(database.db, table)
        expect(partitions?.some((p) => p.from === null)).toBe(true)
        expect(partitions?.filter((p) => p.from !== null).length).toBeGreaterThan(100)
      }
      const indexes = await sql<{ indexname: string }>`
      select indexname from pg_indexes where schemaname = current_schema() and tablename = 'envelopes'
    `.execute(database.db)
      expect(indexes.rows.map((r) => r.indexname)).toEqual(
        expect.arrayContaining([
          'envelopes_pk',
          'envelopes_fingerprint_idx',
          'envelopes_route_errors_idx',
          'envelopes_occurred_idx',
          'envelopes_session_idx',
          'envelopes_release_idx',
          'envelopes_actor_idx',
        ]),
      )
      const start = new Date(Date.now() - 7 * DAY)
      const plan = await sql<{ 'QUERY PLAN': string }>`
      explain select count(*) from envelopes where project_id = ${projectId}
      and occurred_at >= ${start} and occurred_at < ${new Date(start.getTime() + 7 * DAY)}
    `.execute(database.db)
      const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n')
      const scanned = new Set(text.match(/envelopes_(w\d{8}|default)/g))
      expect(scanned.size).toBeLessThanOrEqual(2)
      expect(scanned.has('envelopes_default')).toBe(false)
    })

    it('ingest still dedupes a retry and the session counts stay right', async () => {
      const again = await storeEnvelopes(database.db, projectId, envelopes)
      expect(again.every((r) => r.status === 'duplicate')).toBe(true)
      const eventsAgain = await storeSessionEvents(database.db, projectId, events)
      expect(eventsAgain.every((r) => r.status === 'duplicate')).toBe(true)
      expect(await dump('envelopes')).toEqual(before.envelopes)
      expect((await sql`select * from sessions order by id`.execute(database.db)).rows).toEqual(
        before.sessions,
      )

      const fresh = parsed(parseEnvelope(feedbackEnvelope({ sessionId: 's7' })))
      expect(await storeEnvelopes(database.db, projectId, [fresh])).toEqual([
        { id: fresh.id, status: 'accepted' },
      ])
    })

    it('migrates back to plain tables, still with every row', async () => {
      const migrator = new Migrator({
        db: database.db,
        provider: { getMigrations: async () => MIGRATIONS },
        migrationTableName: 'suture_migrations',
        migrationLockTableName: 'suture_migrations_lock',
        allowUnorderedMigrations: true,
      })
      const rows = await dump('envelopes')
      // Down to the migration before partitions, whatever landed after it (those come down first).
      expect((await migrator.migrateTo('0012-sourcemaps-source-maps')).error).toBeUndefined()
      expect(await timePartitions(database.db, 'envelopes')).toBeUndefined()
      expect(await dump('envelopes')).toEqual(rows)
    })
  },
)
