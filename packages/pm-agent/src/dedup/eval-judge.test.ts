import Anthropic from '@anthropic-ai/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JudgeVerdict } from './claude-judge.js'
import { evaluateJudgedQueue } from './eval-judge.js'
import { evaluateDedup, type LabelledSignal } from './eval-run.js'
import { type FakeMessages, startFakeMessages } from './testing/fake-messages-server.js'

// Two templated siblings (different groups) and one duplicate pair, text only.
const labelled: LabelledSignal[] = [
  ['a1', 'g-signal', 'Remove usage of sun.misc.Signal in the launcher', '2026-03-02T09:00:00Z'],
  ['a2', 'g-unsafe', 'Remove usage of sun.misc.Unsafe in the launcher', '2026-03-02T10:00:00Z'],
  ['b1', 'g-zk', 'Upgrade zkwidget to 1.69 for the CVE', '2026-03-03T09:00:00Z'],
  ['b2', 'g-zk', 'zkwidget 1.68 has a CVE, upgrade zkwidget', '2026-03-03T11:00:00Z'],
].map(([id, group, title, createdAt]) => ({
  group: group as string,
  signal: {
    id: id as string,
    kind: 'record' as const,
    title: title as string,
    createdAt: createdAt as string,
  },
}))

let fake: FakeMessages
let client: Anthropic
let verdict: (text: string) => JudgeVerdict
beforeAll(async () => {
  fake = await startFakeMessages((body) => verdict(JSON.stringify(body.messages)))
  client = new Anthropic({ apiKey: 'sk-test', baseURL: fake.url, maxRetries: 0 })
})
afterAll(async () => {
  await fake.close()
})

describe('evaluateJudgedQueue (suture eval dedup --judge)', () => {
  const { queue } = evaluateDedup(labelled)
  const options = { budgetUsd: 1, duplicatePairs: 1, mergedTrue: queue.mergedTrue }

  it("scores the judge's answers against the gold groups and the queue it leaves for people", async () => {
    verdict = (text) =>
      (text.match(/zkwidget/g) ?? []).length >= 2
        ? { answer: 'same', confidence: 0.9, reason: 'one CVE upgrade' }
        : { answer: 'different', confidence: 0.9, reason: 'another class' }
    expect(queue.links).toHaveLength(2)
    const report = await evaluateJudgedQueue(labelled, queue.links, { ...options, client })
    expect(report.same).toMatchObject({ answered: 1, right: 1 })
    expect(report.different).toMatchObject({ answered: 1, right: 1 })
    expect(report.queue).toMatchObject({ asked: 0, surfaced: 1, surfacedShare: 1 })
  })

  it('counts a wrong "same" against the judge and leaves unsure pairs in the queue', async () => {
    verdict = (text) =>
      text.includes('sun.misc')
        ? { answer: 'same', confidence: 0.95, reason: 'same template' }
        : { answer: 'same', confidence: 0.5, reason: 'unsure' }
    const report = await evaluateJudgedQueue(labelled, queue.links, { ...options, client })
    expect(report.same).toMatchObject({ answered: 1, right: 0 })
    expect(report.same.precision.high).toBeLessThan(1)
    expect(report.queue).toMatchObject({ asked: 1, askedTrue: 1, surfaced: 1 })
  })
})
