import { LinearClient } from '@linear/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientId } from './client-id.js'
import { LinearTracker, LinearUnavailableError } from './linear-tracker.js'
import { LinearFakeServer } from './testing/linear-fake-server.js'

let fake: LinearFakeServer
let apiUrl: string

beforeAll(async () => {
  fake = new LinearFakeServer({ extraLabels: 75 })
  apiUrl = await fake.start()
})
afterAll(async () => {
  await fake.stop()
})

function tracker(): LinearTracker {
  return new LinearTracker({
    client: new LinearClient({ apiKey: fake.apiKey, apiUrl }),
    teamId: fake.teamId,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  })
}

describe('LinearTracker with the real @linear/sdk', () => {
  it('creates, labels (through paginated label lists), links, comments, closes and reopens', async () => {
    const t = tracker()
    const ref = await t.create({
      clientId: clientId('test', 'one'),
      title: 'TypeError on /settings/members',
      body: '## What users were attempting',
      priority: 2,
      labels: ['suture', 'existing-70'],
    })
    expect(ref.identifier).toMatch(/^SUT-\d+$/)
    // 'existing-70' sits on the second page of labels; 'suture' had to be created.
    const snapshot = await t.get(ref.id)
    expect(snapshot).toMatchObject({ state: 'open', priority: 2, labels: ['suture', 'existing-70'] })
    expect(fake.log.filter((e) => e.operation === 'issueLabels').length).toBeGreaterThanOrEqual(2)

    await t.attachLink(ref.id, { url: 'https://suture.test/clusters/abc', title: 'Suture cluster abc' })
    await t.attachLink(ref.id, { url: 'https://suture.test/clusters/abc', title: 'Suture cluster abc' })
    expect(fake.issuesWithAttachmentUrl('https://suture.test/clusters/abc')).toHaveLength(1)
    expect(await t.findByLink('https://suture.test/clusters/abc')).toEqual(ref)
    expect(await t.findByLink('https://suture.test/clusters/nope')).toBeNull()

    await t.update(ref.id, { addLabels: ['suture:andon'], priority: 1 })
    expect((await t.get(ref.id))?.labels).toEqual(['suture', 'existing-70', 'suture:andon'])
    await t.close(ref.id)
    expect((await t.get(ref.id))?.state).toBe('done')
    await t.reopen(ref.id)
    expect((await t.get(ref.id))?.state).toBe('open')
    expect(await t.get('00000000-0000-4000-8000-000000000000')).toBeNull()
  })

  it('rides out a 429 with rate-limit headers and 5xx mid-run', async () => {
    const t = tracker()
    fake.inject({ status: 429, operation: 'createIssue' }, { status: 503, operation: 'createIssue' })
    const ref = await t.create({
      clientId: clientId('test', 'two'),
      title: 'x',
      body: 'y',
      priority: 3,
      labels: [],
    })
    expect((await t.get(ref.id))?.title).toBe('x')
    const statuses = fake.log.filter((e) => e.operation === 'createIssue').map((e) => e.status)
    expect(statuses.slice(-3)).toEqual([429, 503, 200])
  })

  it('a create or comment that failed after being applied is not repeated', async () => {
    const t = tracker()
    const before = fake.issues.size
    fake.inject({ status: 502, operation: 'createIssue', afterApply: true })
    const ref = await t.create({
      clientId: clientId('test', 'three'),
      title: 't',
      body: 'b',
      priority: 3,
      labels: [],
    })
    expect(fake.issues.size).toBe(before + 1)
    fake.inject({ status: 500, operation: 'createComment', afterApply: true })
    await t.comment(ref.id, { clientId: clientId('comment', 'c1'), body: 'Seen again this week' })
    await t.comment(ref.id, { clientId: clientId('comment', 'c1'), body: 'Seen again this week' })
    expect([...fake.comments.values()].filter((c) => c.body === 'Seen again this week')).toHaveLength(1)
    // Creating again with the same client id (a rerun that lost its mapping) returns the same ticket.
    const again = await t.create({
      clientId: clientId('test', 'three'),
      title: 't',
      body: 'b',
      priority: 3,
      labels: [],
    })
    expect(again).toEqual(ref)
    expect(fake.issues.size).toBe(before + 1)
  })

  it('gives up with an actionable error when Linear stays down', async () => {
    const t = tracker()
    fake.inject(...Array.from({ length: 6 }, () => ({ status: 500 as const, operation: 'issue' })))
    await expect(t.get('anything')).rejects.toBeInstanceOf(LinearUnavailableError)
    await expect(t.get('anything')).resolves.toBeNull()
  })
})
