import { setTimeout as delay } from 'node:timers/promises'
import { createHeuristicScorer, scoreSessionsJob } from '@suture/scorer'
import { seedSessions } from '@suture/scorer/testing'
import type { SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWorker } from './worker.js'

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
