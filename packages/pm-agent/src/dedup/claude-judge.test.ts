import Anthropic from '@anthropic-ai/sdk'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { type JudgeVerdict, judgeCacheKey, judgeLinks } from './claude-judge.js'
import { clusterSignals } from './cluster.js'
import type { Signal } from './signal.js'
import { type FakeMessages, startFakeMessages } from './testing/fake-messages-server.js'

// Two templated siblings and one true duplicate pair, text only: each pair gets a one-signal link.
const signals: Signal[] = [
  {
    id: 'a1',
    kind: 'record',
    title: 'Remove usage of sun.misc.Signal in the launcher',
    createdAt: '2026-03-02T09:00:00Z',
  },
  {
    id: 'a2',
    kind: 'record',
    title: 'Remove usage of sun.misc.Unsafe in the launcher',
    createdAt: '2026-03-02T10:00:00Z',
  },
  {
    id: 'b1',
    kind: 'record',
    title: 'Upgrade zkwidget to 1.69 for the CVE',
    createdAt: '2026-03-03T09:00:00Z',
  },
  {
    id: 'b2',
    kind: 'record',
    title: 'zkwidget 1.68 has a CVE, upgrade zkwidget',
    createdAt: '2026-03-03T11:00:00Z',
  },
]

/** The fake model: "same" when both reports name zkwidget, else "different". */
function answer(body: Record<string, unknown>): JudgeVerdict {
  const text = JSON.stringify(body.messages)
  const same = (text.match(/zkwidget/g) ?? []).length >= 2
  return { answer: same ? 'same' : 'different', confidence: 0.9, reason: 'fake' }
}

let fake: FakeMessages
let client: Anthropic
beforeAll(async () => {
  fake = await startFakeMessages(answer)
  client = new Anthropic({ apiKey: 'sk-test', baseURL: fake.url, maxRetries: 2 })
})
afterAll(async () => {
  await fake.close()
})
beforeEach(() => {
  fake.requests.length = 0
  fake.queue.length = 0
})

describe('the Claude judge for one-signal pairs', () => {
  const { links } = clusterSignals(signals)

  it("answers through a forced tool call with a cached rubric, stored as the model's decisions", async () => {
    expect(links).toHaveLength(2)
    const run = await judgeLinks(links, signals, { client, budgetUsd: 1 })
    expect(run.requests).toBe(2)
    const body = fake.requests[0] as Record<string, unknown>
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'record_verdict' })
    expect((body.system as { cache_control?: unknown }[])[0]?.cache_control).toEqual({ type: 'ephemeral' })
    const byPair = new Map(run.decisions.map((d) => [[d.a, d.b].sort().join('+'), d]))
    expect(byPair.get('b1+b2')).toMatchObject({ answer: 'same', decidedBy: 'model:claude-haiku-4-5' })
    expect(byPair.get('a1+a2')).toMatchObject({ answer: 'different', decidedBy: 'model:claude-haiku-4-5' })
    expect(run.spentUsd).toBeGreaterThan(0)

    // Stored like a person's answers: "same" merges (evidence "model"), "different" ends the question.
    const next = clusterSignals(signals, { decisions: run.decisions })
    const merged = next.clusters.find((c) => c.memberIds.includes('b1'))
    expect(merged?.memberIds).toEqual(['b1', 'b2'])
    expect(merged?.evidence).toEqual({ model: 1 })
    expect(next.links).toHaveLength(0)
  })

  it('answers a pair it has judged before from the cache, in either order', async () => {
    const cache = new Map<string, JudgeVerdict>()
    await judgeLinks(links, signals, { client, budgetUsd: 1, cache })
    const again = await judgeLinks(links, signals, { client, budgetUsd: 1, cache })
    expect(again.cached).toBe(2)
    expect(again.requests).toBe(0)
    expect(fake.requests).toHaveLength(2)
    const [a1, a2] = signals as [Signal, Signal]
    expect(judgeCacheKey('m', a1, a2)).toBe(judgeCacheKey('m', a2, a1))
  })

  it('reserves each request before sending it and stops at the budget, leaving the rest for a person', async () => {
    // One request's pessimistic estimate fits in $0.003, a second one's does not (it settles to ~$0.001).
    const run = await judgeLinks(links, signals, { client, budgetUsd: 0.003 })
    expect(run.requests).toBe(1)
    expect(run.stoppedByBudget).toBe(true)
    expect(run.leftForPeople).toHaveLength(1)
    expect(run.spentUsd).toBeLessThanOrEqual(0.003)
    const none = await judgeLinks(links, signals, { client, budgetUsd: 1e-6 })
    expect(none.requests).toBe(0)
    expect(none.leftForPeople).toHaveLength(2)
  })

  it('leaves a pair for a person on low confidence or an answer that does not fit the schema', async () => {
    fake.queue.push({ toolInput: { answer: 'maybe', confidence: 2, reason: '' } })
    fake.queue.push({ toolInput: { answer: 'same', confidence: 0.4, reason: 'unsure' } })
    const run = await judgeLinks(links, signals, { client, budgetUsd: 1 })
    expect(run.decisions).toHaveLength(0)
    expect(run.leftForPeople).toHaveLength(2)
    expect(run.invalid).toBe(1)
  })

  it('leaves a pair for a person when the model answers in prose instead of calling the tool', async () => {
    fake.queue.push({ toolInput: 'They look like the same bug to me.' })
    const cache = new Map<string, JudgeVerdict>()
    const run = await judgeLinks(links.slice(0, 1), signals, { client, budgetUsd: 1, cache })
    expect(run).toMatchObject({ requests: 1, invalid: 1, decisions: [] })
    expect(run.leftForPeople).toHaveLength(1)
    expect(cache.size).toBe(0)
  })

  it('stops asking after an API error the SDK could not retry away, and leaves the rest for people', async () => {
    for (let i = 0; i < 3; i++) fake.queue.push({ status: 500, headers: { 'retry-after-ms': '1' } })
    const run = await judgeLinks(links, signals, { client, budgetUsd: 1 })
    expect(fake.requests).toHaveLength(3)
    expect(run.apiError).toMatch(/500/)
    expect(run.requests).toBe(0)
    expect(run.leftForPeople).toHaveLength(2)
  })

  it('retries a 429 through the SDK (retry-after) and still answers', async () => {
    fake.queue.push({ status: 429, headers: { 'retry-after': '0' } })
    const run = await judgeLinks(links.slice(0, 1), signals, { client, budgetUsd: 1 })
    expect(fake.requests.length).toBe(2)
    expect(run.decisions).toHaveLength(1)
  })
})
