import type { SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { CostBudget } from '../anthropic/budget.js'
import { createClaudeScorer } from '../anthropic/claude-scorer.js'
import { type FakeAnthropic, startFakeAnthropic } from '../anthropic/fake-anthropic-server.js'
import { createHeuristicScorer } from '../scoring/heuristic-scorer.js'
import type { Scorer } from '../scoring/scorer.js'
import { seedSessions } from '../sessions/test-fixtures.js'
import { runScoreSessionsJob } from './score-sessions-job.js'

const NIGHT_2 = new Date('2026-03-03T03:00:00Z')
const NIGHT_3 = new Date('2026-03-04T03:00:00Z')

/** A heuristic scorer whose process "dies" (throws) on the n-th session it sees. */
function crashingAfter(n: number): Scorer {
  const inner = createHeuristicScorer()
  let seen = 0
  return {
    ...inner,
    async score(session) {
      seen++
      if (seen === n) throw new Error('worker killed mid-run')
      return inner.score(session)
    },
  }
}

async function scoreCounts(database: SutureDatabase): Promise<Map<string, number>> {
  const rows = await database.db.selectFrom('scores').select(['session_id', 'scorer']).execute()
  const counts = new Map<string, number>()
  for (const r of rows)
    counts.set(`${r.scorer}:${r.session_id}`, (counts.get(`${r.scorer}:${r.session_id}`) ?? 0) + 1)
  return counts
}

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`score-sessions job on ${backend.name}`, () => {
    let database: SutureDatabase
    let fake: FakeAnthropic
    beforeAll(async () => {
      database = await backend.open()
      fake = await startFakeAnthropic()
    })
    afterAll(async () => {
      await fake?.close()
      await database?.close()
    })
    beforeEach(async () => {
      await database.db.deleteFrom('scores').execute()
      await database.db.deleteFrom('job_runs').execute()
      await database.db.deleteFrom('session_events').execute()
      await database.db.deleteFrom('sessions').execute()
    })

    it('survives a crash mid-run: the rerun scores the rest, nothing twice, nothing skipped', async () => {
      const ids = ['a', 'b', 'c', 'd', 'e']
      await seedSessions(
        database.db,
        ids.map((id, i) => ({ id, start: new Date(NIGHT_2.getTime() - (10 - i) * 3_600_000) })),
      )
      await expect(
        runScoreSessionsJob(database.db, {
          key: '2026-03-03',
          scorer: crashingAfter(4),
          now: NIGHT_2,
          pageSize: 2,
        }),
      ).rejects.toThrow('worker killed')
      const afterCrash = await scoreCounts(database)
      expect(afterCrash.size).toBe(2) // the first page committed, the page in flight did not
      const failedRun = await database.db.selectFrom('job_runs').selectAll().executeTakeFirstOrThrow()
      expect(failedRun.status).toBe('failed')

      const rerun = await runScoreSessionsJob(database.db, {
        key: '2026-03-03',
        scorer: createHeuristicScorer(),
        now: NIGHT_2,
        pageSize: 2,
      })
      expect(rerun).toMatchObject({ status: 'succeeded', resumed: true, summary: { scored: 3, pending: 3 } })
      const counts = await scoreCounts(database)
      expect([...counts.keys()].sort()).toEqual(ids.map((id) => `heuristic:${id}`))
      expect([...counts.values()].every((n) => n === 1)).toBe(true)
      const again = await runScoreSessionsJob(database.db, {
        key: '2026-03-03',
        scorer: createHeuristicScorer(),
        now: NIGHT_2,
      })
      expect(again.status).toBe('already-succeeded')
    })

    it('catches up a missed night in the next run', async () => {
      await seedSessions(database.db, [
        { id: 'night-1', start: new Date('2026-03-01T20:00:00Z') },
        { id: 'night-2', start: new Date('2026-03-02T20:00:00Z') },
      ])
      const first = await runScoreSessionsJob(database.db, {
        key: 'seed',
        scorer: createHeuristicScorer(),
        now: new Date('2026-03-01T19:00:00Z'),
      })
      expect(first).toMatchObject({ status: 'succeeded', summary: { scored: 0 } })
      // No run on the night of 03-02 (worker down); the run of 03-04 covers both nights.
      const result = await runScoreSessionsJob(database.db, {
        key: '2026-03-04',
        scorer: createHeuristicScorer(),
        now: NIGHT_3,
      })
      expect(result).toMatchObject({ status: 'succeeded', summary: { scored: 2 } })
      if (result.status === 'succeeded') expect(result.since).toBeInstanceOf(Date)
      expect([...(await scoreCounts(database)).keys()].sort()).toEqual([
        'heuristic:night-1',
        'heuristic:night-2',
      ])
    })

    it('stops at the budget, records why in the run, and the next night finishes', async () => {
      await seedSessions(database.db, [
        { id: 'p', start: new Date('2026-03-02T10:00:00Z') },
        { id: 'q', start: new Date('2026-03-02T11:00:00Z') },
        { id: 'r', start: new Date('2026-03-02T12:00:00Z') },
      ])
      // Room for one Haiku call: ~$0.0083 estimated each (the ~5k-token rubric prefix as a cache write and
      // 400 output tokens), and the fake bills $0.0015, so a second one would cross $0.009.
      const budget = new CostBudget(0.009)
      const claude = createClaudeScorer({ apiKey: 'sk-test', baseURL: fake.url, budget })
      const lines: string[] = []
      const run = await runScoreSessionsJob(database.db, {
        key: 'budget-night',
        scorer: claude,
        budget,
        concurrency: 1,
        now: NIGHT_2,
        log: (l) => lines.push(l),
      })
      expect(run).toMatchObject({ status: 'succeeded', summary: { scored: 1, left: 2 } })
      expect(lines.some((l) => l.startsWith('stopped: budget of $0.01 reached'))).toBe(true)
      const record = await database.db
        .selectFrom('job_runs')
        .selectAll()
        .where('key', '=', 'budget-night')
        .executeTakeFirstOrThrow()
      expect(record.details).toMatchObject({
        scored: 1,
        left: 2,
        budgetStop: expect.stringContaining('left for the next run'),
      })

      const bigger = new CostBudget(1)
      const next = await runScoreSessionsJob(database.db, {
        key: 'next-night',
        scorer: createClaudeScorer({ apiKey: 'sk-test', baseURL: fake.url, budget: bigger }),
        budget: bigger,
        now: NIGHT_3,
      })
      expect(next).toMatchObject({ status: 'succeeded', summary: { scored: 2, left: 0 } })
    })
  })
}
