import { setTimeout as delay } from 'node:timers/promises'
import { createHeuristicScorer, scoreSessionsJob } from '@suture/scorer'
import { seedSessions } from '@suture/scorer/testing'
import { migrateToLatest, openDatabase, type SutureDatabase } from '@suture/store'
import { createTestPostgresDatabase, POSTGRES_AVAILABLE, TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWorker, type Worker } from './worker.js'

const NIGHT_2 = new Date('2026-03-03T03:00:00Z')

async function pollUntil<T>(fn: () => Promise<T | undefined>, deadlineMs = 20_000): Promise<T> {
  const end = Date.now() + deadlineMs
  for (;;) {
    const value = await fn()
    if (value !== undefined) return value
    if (Date.now() > end) throw new Error('condition not met before the deadline')
    await delay(50)
  }
}

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`worker on ${backend.name}`, () => {
    let database: SutureDatabase
    beforeAll(async () => {
      database = await backend.open()
    })
    afterAll(async () => {
      await database?.close()
    })

    it('runs through pg-boss: schedule registered, a triggered run completes', async () => {
      await seedSessions(database.db, [{ id: 'boss-1', start: new Date('2026-03-02T10:00:00Z') }])
      const logs: string[] = []
      const worker = await startWorker({
        database,
        jobs: [
          scoreSessionsJob({ createScorer: () => ({ scorer: createHeuristicScorer() }), now: () => NIGHT_2 }),
        ],
        pollingIntervalSeconds: 0.5,
        log: (l) => logs.push(l),
      })
      try {
        const schedules = await worker.boss.getSchedules()
        expect(schedules.map((s) => [s.name, s.cron])).toEqual([['score-sessions', '0 3 * * *']])
        await worker.trigger('score-sessions', { key: 'manual-boss' })
        const run = await pollUntil(async () => {
          const row = await database.db
            .selectFrom('job_runs')
            .selectAll()
            .where('key', '=', 'manual-boss')
            .executeTakeFirst()
          return row?.status === 'succeeded' ? row : undefined
        })
        expect(run.details).toMatchObject({ scored: 1 })
      } finally {
        await worker.stop()
      }
      expect(logs.some((l) => l.includes('score-sessions: 1 scored'))).toBe(true)
    })
  })
}

describe.skipIf(!POSTGRES_AVAILABLE)('workers starting at once', () => {
  it('three workers started together on a new database all start (start-up is serialised)', async () => {
    const target = await createTestPostgresDatabase()
    const databases: SutureDatabase[] = []
    const workers: Worker[] = []
    try {
      // Opened without migrating, so the migrations race too, as separate processes would.
      for (let i = 0; i < 3; i++)
        databases.push(await openDatabase({ kind: 'postgres', url: target.url }, { migrate: false }))
      const logs: string[] = []
      const started = await Promise.allSettled(
        databases.map(async (database) => {
          await migrateToLatest(database.db)
          return startWorker({
            database,
            jobs: [scoreSessionsJob({ createScorer: () => ({ scorer: createHeuristicScorer() }) })],
            log: (l) => logs.push(l),
          })
        }),
      )
      for (const result of started) if (result.status === 'fulfilled') workers.push(result.value)
      const failures = started.flatMap((r) => (r.status === 'rejected' ? [String(r.reason)] : []))
      expect(failures).toEqual([])
      expect(logs.filter((l) => l.startsWith('pg-boss:'))).toEqual([])
      const schedules = await (workers[0] as Worker).boss.getSchedules()
      expect(schedules.map((s) => s.name)).toEqual(['score-sessions'])
    } finally {
      for (const worker of workers) await worker.stop()
      for (const database of databases) await database.close()
      await target.drop()
    }
  })
})
