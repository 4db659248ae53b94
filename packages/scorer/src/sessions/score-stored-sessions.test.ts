import type { SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CostBudget } from '../anthropic/budget.js'
import { CLAUDE_PROMPT_VERSION, createClaudeScorer } from '../anthropic/claude-scorer.js'
import { type FakeAnthropic, startFakeAnthropic } from '../anthropic/fake-anthropic-server.js'
import { createHeuristicScorer } from '../scoring/heuristic-scorer.js'
import { loadSessions } from './load-sessions.js'
import { scoreStoredSessions } from './score-stored-sessions.js'
import { seedSessions } from './test-fixtures.js'

const NOW = new Date('2026-03-03T03:00:00Z')
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000)

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`scoring stored sessions on ${backend.name}`, () => {
    let database: SutureDatabase
    let fake: FakeAnthropic
    let projectId: string
    beforeAll(async () => {
      database = await backend.open()
      fake = await startFakeAnthropic({ batchPolls: 2 })
      projectId = await seedSessions(database.db, [
        { id: 'done-1', start: hoursAgo(20) },
        { id: 'done-2', start: hoursAgo(10), error: true },
        { id: 'still-active', start: new Date(NOW.getTime() - 10 * 60_000), pages: 2 },
      ])
    })
    afterAll(async () => {
      await fake?.close()
      await database?.close()
    })

    it('assembles a session from its events and envelopes', async () => {
      const [s] = await loadSessions(database.db, [{ projectId, sessionId: 'done-2' }])
      expect(s?.events.map((e) => e.event)).toEqual(['$pageview', '$pageview', '$pageview'])
      expect(s?.envelopes?.map((e) => e.kind)).toEqual(['error'])
      expect(s?.distinctId).toBe('user-done-2')
    })

    it('scores only ended sessions, once per version; --force and a new version re-score', async () => {
      const heuristic = createHeuristicScorer()
      const first = await scoreStoredSessions(database.db, { scorer: heuristic, now: NOW })
      expect(first).toMatchObject({ closedSessions: 2, pending: 2, scored: 2, failed: 0, left: 0 })
      const again = await scoreStoredSessions(database.db, { scorer: heuristic, now: NOW })
      expect(again).toMatchObject({ pending: 0, scored: 0 })
      const rows = await database.db.selectFrom('scores').selectAll().orderBy('session_id').execute()
      expect(rows.map((r) => [r.session_id, r.scorer, r.status])).toEqual([
        ['done-1', 'heuristic', 'scored'],
        ['done-2', 'heuristic', 'scored'],
      ])
      expect(rows[1]?.department).toBe('Engineering')

      const forced = await scoreStoredSessions(database.db, { scorer: heuristic, now: NOW, force: true })
      expect(forced.scored).toBe(2)
      const bumped = { ...heuristic, version: '999.0.0' }
      expect((await scoreStoredSessions(database.db, { scorer: bumped, now: NOW })).scored).toBe(2)
      const count = await database.db
        .selectFrom('scores')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst()
      expect(Number(count?.n)).toBe(4)
    })

    it('sends Claude batches, stores the batch id and resumes it after a crash without paying twice', async () => {
      const claude = createClaudeScorer({ apiKey: 'sk-test', baseURL: fake.url, maxRetries: 0 })
      const crash = new AbortController()
      await expect(
        scoreStoredSessions(database.db, {
          scorer: claude,
          now: NOW,
          batchThreshold: 1,
          batchPollIntervalMs: 1,
          signal: crash.signal,
          log: (line) => {
            if (line.includes('in_progress')) crash.abort(new Error('worker killed'))
          },
        }),
      ).rejects.toThrow()
      const open = await database.db.selectFrom('claude_batches').selectAll().execute()
      expect(open).toHaveLength(1)
      expect(open[0]?.status).toBe('submitted')
      expect(
        await database.db.selectFrom('scores').where('scorer', '=', 'claude').selectAll().execute(),
      ).toHaveLength(0)

      const lines: string[] = []
      const resumed = await scoreStoredSessions(database.db, {
        scorer: claude,
        now: NOW,
        batchThreshold: 1,
        batchPollIntervalMs: 1,
        log: (line) => lines.push(line),
      })
      expect(lines[0]).toMatch(/^resuming Claude batch msgbatch_/)
      expect(fake.batches.size).toBe(1)
      expect(resumed).toMatchObject({ scored: 2, pending: 0 })
      // 900 in + 120 out at Haiku 4.5 prices, halved for batches, per session.
      expect(resumed.costUsd).toBeCloseTo(2 * 0.00075, 10)
      expect(resumed.costPer1kSessions).toBeCloseTo(0.75, 8)
      const stored = await database.db
        .selectFrom('scores')
        .where('scorer', '=', 'claude')
        .selectAll()
        .execute()
      expect(stored.map((r) => [r.model, r.version, r.input_tokens])).toEqual([
        ['claude-haiku-4-5', `${CLAUDE_PROMPT_VERSION}/claude-haiku-4-5`, 900],
        ['claude-haiku-4-5', `${CLAUDE_PROMPT_VERSION}/claude-haiku-4-5`, 900],
      ])
    })

    it('stops at the budget, says so, and leaves the rest for the next run', async () => {
      const budget = new CostBudget(0.002)
      const claude = createClaudeScorer({
        apiKey: 'sk-test',
        baseURL: fake.url,
        model: 'claude-sonnet-4-6',
        budget,
      })
      const summary = await scoreStoredSessions(database.db, {
        scorer: claude,
        now: NOW,
        budget,
        concurrency: 1,
      })
      expect(summary.pending).toBe(2)
      expect(summary.scored).toBe(0)
      expect(summary.left).toBe(2)
      expect(summary.budgetStop).toMatch(/budget of \$0\.00 reached/)
      const bigger = new CostBudget(1)
      const next = await scoreStoredSessions(database.db, {
        scorer: createClaudeScorer({
          apiKey: 'sk-test',
          baseURL: fake.url,
          model: 'claude-sonnet-4-6',
          budget: bigger,
        }),
        now: NOW,
        budget: bigger,
      })
      expect(next).toMatchObject({ scored: 2, left: 0, budgetStop: undefined })
    })

    it('splits batches by bytes as well as count, so none crosses the API’s size limit', async () => {
      // One entry (the rubric plus a timeline) is ~25 KB: a 40 KB limit takes one per batch, as 256 MB
      // takes ~10,000. The fake refuses a bigger batch with 413, as the API does.
      const small = await startFakeAnthropic({ batchLimits: { maxBytes: 40_000 } })
      try {
        const claude = createClaudeScorer({
          apiKey: 'sk-test',
          baseURL: small.url,
          model: 'claude-opus-4-5',
          maxRetries: 0,
        })
        const lines: string[] = []
        const summary = await scoreStoredSessions(database.db, {
          scorer: claude,
          now: NOW,
          batchThreshold: 1,
          batchPollIntervalMs: 1,
          maxBatchBytes: 40_000,
          log: (line) => lines.push(line),
        })
        expect(summary).toMatchObject({ pending: 2, scored: 2, left: 0 })
        expect(summary.batches).toHaveLength(2)
        expect(lines.filter((l) => l.startsWith('submitted Claude batch'))).toHaveLength(2)
        expect(small.batches.size).toBe(2)
      } finally {
        await small.close()
      }
    })
  })
}
