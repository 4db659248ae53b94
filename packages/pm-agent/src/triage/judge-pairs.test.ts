import Anthropic from '@anthropic-ai/sdk'
import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { JudgeVerdict } from '../dedup/claude-judge.js'
import { type FakeMessages, startFakeMessages } from '../dedup/testing/fake-messages-server.js'
import type { TriageJudgeConfig, TriageJudgeStats } from './judge-pairs.js'
import { loadPairDecisions, storePairDecision } from './pair-decisions.js'
import { runTriage } from './run-triage.js'
import { type ConstructedWeek, writeConstructedWeek } from './testing/constructed-week.js'
import type { TriagedCluster, TriageResult } from './triage-result.js'

const holding = (result: TriageResult, id: string): TriagedCluster => {
  const found = result.clusters.find((c) => c.members.some((m) => m.id === id))
  if (!found) throw new Error(`no cluster holds ${id}`)
  return found
}

/**
 * The fake model reads the two reports: the export error and the export feedback (only the route links
 * them) are "same" with confidence; any other pair is an unsure "different", which stays for a person.
 */
function answer(body: Record<string, unknown>): JudgeVerdict {
  const text = JSON.stringify(body.messages)
  return text.includes('wk-exp-err') && text.includes('wk-exp-fb')
    ? { answer: 'same', confidence: 0.95, reason: 'both describe the export failing' }
    : { answer: 'different', confidence: 0.3, reason: 'not enough to say' }
}

const MODEL = 'claude-haiku-4-5'

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`the Claude judge in runTriage on ${backend.name}`, () => {
    let database: SutureDatabase
    let fake: FakeMessages
    let judge: TriageJudgeConfig
    const project = async (name: string): Promise<{ projectId: string; constructed: ConstructedWeek }> => {
      const { projectId } = await createProject(database.db, { name })
      return { projectId, constructed: await writeConstructedWeek(database.db, projectId) }
    }
    const statsOf = (result: TriageResult) => result.stats.judge as TriageJudgeStats
    beforeAll(async () => {
      database = await backend.open()
      fake = await startFakeMessages(answer)
      const client = new Anthropic({ apiKey: 'sk-test', baseURL: fake.url, maxRetries: 2 })
      judge = { client, model: MODEL, budgetUsdPerWeek: 1 }
    }, 120_000)
    afterAll(async () => {
      await fake?.close()
      await database?.close()
    })
    beforeEach(() => {
      fake.requests.length = 0
      fake.queue.length = 0
    })

    it("merges a one-signal pair the model calls the same (the second signal), stored as the model's answer; reruns never re-ask", async () => {
      const { projectId, constructed } = await project('judged')
      const week = constructed.week
      const first = await runTriage({ db: database.db, projectId, week, config: { judge } })
      const merged = holding(first, constructed.pair.error)
      expect(merged.members.map((m) => m.id)).toContain(constructed.pair.feedback)
      expect(merged.evidence.model).toBe(1)
      expect(merged.decision).toBe('ticket')
      const asked = fake.requests.length
      expect(asked).toBeGreaterThan(0)
      expect(statsOf(first)).toMatchObject({ model: MODEL, same: 1, requests: asked, cached: 0 })
      // Unsure answers stay in the human queue.
      expect(statsOf(first).leftForPeople).toBe(asked - 1)
      expect(first.pairs).toHaveLength(statsOf(first).leftForPeople)

      const decisions = await loadPairDecisions(database.db, projectId)
      expect(decisions).toHaveLength(1)
      expect(decisions[0]).toMatchObject({ answer: 'same', decidedBy: `model:${MODEL}` })
      expect(decisions[0]?.clusterA).toBeTruthy()
      const verdicts = await database.db
        .selectFrom('pair_verdicts')
        .selectAll()
        .where('project_id', '=', projectId)
        .execute()
      expect(verdicts).toHaveLength(asked)
      const spend = await database.db
        .selectFrom('judge_spend')
        .select(['week', 'spent_usd'])
        .where('project_id', '=', projectId)
        .executeTakeFirstOrThrow()
      expect(spend.week).toBe(week)
      expect(Number(spend.spent_usd)).toBeCloseTo(statsOf(first).spentUsd, 6)

      // A rerun of the week (the current-week job runs every 15 minutes) asks nothing again.
      const again = await runTriage({ db: database.db, projectId, week, config: { judge } })
      expect(fake.requests).toHaveLength(asked)
      expect(statsOf(again)).toMatchObject({ requests: 0, cached: asked - 1 })
      expect(holding(again, constructed.pair.error).evidence.model).toBe(1)
      expect(again.stats.modelDecisions).toBe(1)

      // A person's answer replaces the model's, and the model is not asked about that pair again.
      const [a, b] = [decisions[0]?.a as string, decisions[0]?.b as string]
      await storePairDecision(database.db, projectId, { a, b, answer: 'different', decidedBy: 'ana' })
      const overruled = await runTriage({ db: database.db, projectId, week, config: { judge } })
      expect(holding(overruled, constructed.pair.error).key).not.toBe(
        holding(overruled, constructed.pair.feedback).key,
      )
      expect(fake.requests).toHaveLength(asked)
      expect((await loadPairDecisions(database.db, projectId))[0]).toMatchObject({ decidedBy: 'ana' })
    })

    it('retries a 429, leaves a malformed answer in the human queue uncached, and asks again next run', async () => {
      const { projectId, constructed } = await project('rate-limited')
      const week = constructed.week
      // Every request first meets a 429 (retried by the SDK), then the model answers outside the schema.
      const pairs = (await runTriage({ db: database.db, projectId, week, store: false })).pairs.length
      for (let i = 0; i < pairs; i++) {
        fake.queue.push({ status: 429, headers: { 'retry-after-ms': '1' } })
        fake.queue.push({ toolInput: { answer: 'duplicate', confidence: 'high' } })
      }
      const first = await runTriage({ db: database.db, projectId, week, config: { judge } })
      expect(fake.requests).toHaveLength(2 * pairs)
      expect(statsOf(first)).toMatchObject({ requests: pairs, invalid: pairs, same: 0, leftForPeople: pairs })
      expect(first.pairs).toHaveLength(pairs)
      expect(await loadPairDecisions(database.db, projectId)).toEqual([])

      const next = await runTriage({ db: database.db, projectId, week, config: { judge } })
      expect(statsOf(next)).toMatchObject({ requests: pairs, same: 1 })
      expect(holding(next, constructed.pair.error).evidence.model).toBe(1)
    })

    it("stops at the week's budget, shared by every run of the week, and leaves the pairs for people", async () => {
      const { projectId, constructed } = await project('budgeted')
      const week = constructed.week
      const poor = { ...judge, budgetUsdPerWeek: 0.000_01 }
      const result = await runTriage({ db: database.db, projectId, week, config: { judge: poor } })
      expect(fake.requests).toHaveLength(0)
      expect(statsOf(result)).toMatchObject({ requests: 0, stoppedByBudget: true })
      expect(result.pairs.length).toBe(statsOf(result).leftForPeople)
      expect(holding(result, constructed.pair.error).key).not.toBe(
        holding(result, constructed.pair.feedback).key,
      )
    })

    it('keeps triaging when the API keeps failing: the error is recorded and every pair goes to a person', async () => {
      const { projectId, constructed } = await project('api-down')
      const week = constructed.week
      for (let i = 0; i < 3; i++) fake.queue.push({ status: 500, headers: { 'retry-after-ms': '1' } })
      const result = await runTriage({ db: database.db, projectId, week, config: { judge } })
      expect(fake.requests).toHaveLength(3)
      expect(statsOf(result).apiError).toMatch(/500/)
      expect(result.pairs.length).toBe(statsOf(result).leftForPeople)
      expect(result.pairs.length).toBeGreaterThan(0)
    })
  })
}
