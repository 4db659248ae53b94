import type { SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { scoreStoredSessions } from '../sessions/score-stored-sessions.js'
import { seedSessions } from '../sessions/test-fixtures.js'
import { createClaudeScorer } from './claude-scorer.js'
import { type FakeAnthropic, startFakeAnthropic } from './fake-anthropic-server.js'
import { NightlyBudget } from './nightly-budget.js'

const NOW = new Date('2026-03-03T03:00:00Z')
const NIGHT = '2026-03-03'
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000)
const sessions = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${String(i).padStart(2, '0')}`,
    start: hoursAgo(20 - i / 10),
  }))

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`the nightly scoring budget on ${backend.name}`, () => {
    let database: SutureDatabase
    let fake: FakeAnthropic
    let shop: string
    let blog: string
    let docs: string
    beforeAll(async () => {
      database = await backend.open()
      fake = await startFakeAnthropic({ batchPolls: 1 })
      shop = await seedSessions(database.db, sessions('shop', 12))
      blog = await seedSessions(database.db, sessions('blog', 3))
      docs = await seedSessions(database.db, sessions('docs', 4))
    })
    afterAll(async () => {
      await fake?.close()
      await database?.close()
    })

    const claude = () =>
      createClaudeScorer({ apiKey: 'sk-test', baseURL: fake.url, model: 'claude-sonnet-4-6', maxRetries: 0 })

    it('refuses a reservation that would cross the limit, per project, and settles to the actual cost', async () => {
      const budget = new NightlyBudget(database.db, 'budget-unit', 1)
      expect(await budget.reserve(shop, 0.6)).toBe(true)
      expect(await budget.reserve(shop, 0.6)).toBe(false)
      // Another project has its own budget for the night.
      expect(await budget.reserve(blog, 0.6)).toBe(true)
      await budget.settle(shop, 0.6, 0.25)
      expect(await budget.spentUsd(shop)).toBeCloseTo(0.25)
      expect(budget.exhausted).toMatch(/nightly budget of \$1\.00 per project reached on budget-unit/)
      // Other runs the same night see what this one spent.
      expect(await new NightlyBudget(database.db, 'budget-unit', 1).reserve(shop, 0.8)).toBe(false)
      expect(await new NightlyBudget(database.db, 'budget-unit', 1).reserve(shop, 0.7)).toBe(true)
      expect(() => new NightlyBudget(database.db, 'x', Number.NaN)).toThrow(/non-negative number/)
    })

    // PGlite is one process (its data-dir lock refuses a second run), so only Postgres runs two at once.
    it('runs at once share one budget per project and night instead of each spending it', async () => {
      const perSession = claude().estimateCostUsd(
        (
          await import('../sessions/load-sessions.js').then((m) =>
            m.loadSessions(database.db, [{ projectId: shop, sessionId: 'shop-00' }]),
          )
        )[0] as never,
      )
      // The estimate is pessimistic (a cold cache, every output token): a real call costs about a fifth of
      // it, so a limit of 1.4 estimates lets a few sessions through, whichever run takes them, not all twelve.
      const limitUsd = perSession * 1.4
      const run = () =>
        scoreStoredSessions(database.db, {
          scorer: claude(),
          now: NOW,
          concurrency: 1,
          pageSize: 2,
          projectId: shop,
          claimSessions: backend.name === 'postgres',
          nightlyBudget: { night: NIGHT, limitUsd },
        })
      const runs = await Promise.all(backend.name === 'postgres' ? [run(), run()] : [run()])
      const scored = runs.reduce((n, r) => n + r.scored, 0)
      const spent = await new NightlyBudget(database.db, NIGHT, limitUsd).spentUsd(shop)
      // Never more than the budget in all, however many runs; what was paid is what the ledger holds...
      expect(spent).toBeLessThanOrEqual(limitUsd)
      expect(runs.reduce((n, r) => n + r.costUsd, 0)).toBeCloseTo(spent, 6)
      // ...and the runs used it: the last refusal came with less than one session's estimate left.
      expect(spent).toBeGreaterThan(limitUsd - perSession)
      expect(scored).toBeGreaterThanOrEqual(2)
      expect(scored).toBeLessThan(12)
      expect(runs.map((r) => r.budgetStop).find(Boolean)).toMatch(/per project reached on 2026-03-03/)
      // The rest waits for the next night, which has its own budget.
      const tomorrow = await scoreStoredSessions(database.db, {
        scorer: claude(),
        now: NOW,
        projectId: shop,
        nightlyBudget: { night: '2026-03-04', limitUsd: 1 },
      })
      expect(tomorrow.scored).toBe(12 - scored)
    })

    it('a project over its budget leaves its sessions; the other projects are still scored, in batches too', async () => {
      // The docs project has already spent tonight's budget (another run took it); the blog has spent nothing.
      expect(await new NightlyBudget(database.db, 'batch-night', 1).reserve(docs, 1)).toBe(true)
      const run = await scoreStoredSessions(database.db, {
        scorer: claude(),
        now: NOW,
        batchThreshold: 1,
        batchPollIntervalMs: 1,
        nightlyBudget: { night: 'batch-night', limitUsd: 1 },
      })
      const scoredIn = async (project: string) =>
        (
          await database.db
            .selectFrom('scores')
            .select('session_id')
            .where('project_id', '=', project)
            .execute()
        ).length
      expect(await scoredIn(blog)).toBe(3)
      expect(await scoredIn(docs)).toBe(0)
      expect(run.left).toBe(4)
      expect(run.budgetStop).toContain(docs)
      expect(run.budgetStop).not.toContain(blog)
    })
  })
}
