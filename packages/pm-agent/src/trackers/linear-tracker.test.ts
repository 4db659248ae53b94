import { LinearClient } from '@linear/sdk'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientId } from './client-id.js'
import { LinearTracker, LinearUnavailableError } from './linear-tracker.js'
import { LinearFakeServer } from './testing/linear-fake-server.js'

let fake: LinearFakeServer
let apiUrl: string

beforeAll(async () => {
  fake = new LinearFakeServer({ extraLabels: 75 })
  // Labels Suture must not use: another team's labels of the names it wants, and a label group.
  fake.addLabel('suture:andon', fake.otherTeamId)
  fake.addLabel('suture', fake.otherTeamId)
  fake.addLabel('suture:area', null, { isGroup: true })
  // A workspace label is usable by every team.
  fake.addLabel('regression', null)
  apiUrl = await fake.start()
})
afterAll(async () => {
  await fake.stop()
})

function tracker(sleeps?: number[]): LinearTracker {
  return new LinearTracker({
    client: new LinearClient({ apiKey: fake.apiKey, apiUrl }),
    teamId: fake.teamId,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    ...(sleeps ? { sleep: async (ms: number) => void sleeps.push(ms) } : {}),
  })
}

const labelOf = (id: string) => fake.labels.get(id) as { name: string; team: { id: string } | null }

describe('LinearTracker with the real @linear/sdk', () => {
  it('creates, labels (through paginated label lists), links, comments, closes and reopens', async () => {
    const t = tracker()
    const ref = await t.create({
      clientId: clientId('test', 'one'),
      title: 'TypeError on /settings/members',
      body: '## What users were attempting',
      priority: 2,
      labels: ['suture', 'existing-70', 'regression'],
    })
    expect(ref.identifier).toMatch(/^SUT-\d+$/)
    // 'existing-70' sits on the second page of labels; 'regression' is a workspace label; 'suture'
    // exists only in another team, so this team got its own.
    const snapshot = await t.get(ref.id)
    expect(snapshot).toMatchObject({
      state: 'open',
      priority: 2,
      labels: ['suture', 'existing-70', 'regression'],
    })
    const issueLabels = (fake.issues.get(ref.id)?.labelIds as string[] | undefined)?.map(labelOf) ?? []
    expect(issueLabels.map((l) => l.team?.id ?? 'workspace')).toEqual([fake.teamId, fake.teamId, 'workspace'])
    expect(fake.log.filter((e) => e.operation === 'issueLabels').length).toBeGreaterThanOrEqual(2)

    await t.attachLink(ref.id, { url: 'https://suture.test/clusters/abc', title: 'Suture cluster abc' })
    await t.attachLink(ref.id, { url: 'https://suture.test/clusters/abc', title: 'Suture cluster abc' })
    expect(fake.issuesWithAttachmentUrl('https://suture.test/clusters/abc')).toHaveLength(1)
    expect(await t.findByLink('https://suture.test/clusters/abc')).toEqual(ref)
    expect(await t.findByLink('https://suture.test/clusters/nope')).toBeNull()

    await t.update(ref.id, { addLabels: ['suture:andon'], priority: 1 })
    expect((await t.get(ref.id))?.labels).toEqual(['suture', 'existing-70', 'regression', 'suture:andon'])
    const andon = ((fake.issues.get(ref.id)?.labelIds as string[] | undefined) ?? []).map(labelOf).at(-1)
    expect(andon?.team?.id).toBe(fake.teamId)
    await t.close(ref.id)
    expect((await t.get(ref.id))?.state).toBe('done')
    await t.reopen(ref.id)
    expect((await t.get(ref.id))?.state).toBe('open')
    expect(await t.get('00000000-0000-4000-8000-000000000000')).toBeNull()
  })

  it("waits out Linear's rate limit (HTTP 400 RATELIMITED) until its reset, a bare 429, and 5xx", async () => {
    const sleeps: number[] = []
    const t = tracker(sleeps)
    fake.inject(
      { status: 429, operation: 'createIssue', resetInMs: 90_000 },
      { status: 'http-429', operation: 'createIssue' },
      { status: 503, operation: 'createIssue' },
    )
    const ref = await t.create({
      clientId: clientId('test', 'two'),
      title: 'x',
      body: 'y',
      priority: 3,
      labels: [],
    })
    expect((await t.get(ref.id))?.title).toBe('x')
    const statuses = fake.log.filter((e) => e.operation === 'createIssue').map((e) => e.status)
    expect(statuses.slice(-4)).toEqual([400, 'http-429', 503, 200])
    // The first wait lasts until the reset Linear named (capped at 5 minutes), not a backoff step;
    // the bare 429 said Retry-After: 0.
    expect(sleeps[0]).toBeGreaterThan(60_000)
    expect(sleeps[0]).toBeLessThanOrEqual(5 * 60_000)
    expect(sleeps[1]).toBeLessThan(60_000)
  })

  it('never puts a label group on an issue; says which name is in the way', async () => {
    const t = tracker()
    await expect(
      t.create({
        clientId: clientId('test', 'group'),
        title: 'g',
        body: 'b',
        priority: 3,
        labels: ['suture:area'],
      }),
    ).rejects.toThrow(/label group/)
    expect(fake.log.filter((e) => e.operation === 'createIssue' && e.variables.input)).not.toContainEqual(
      expect.objectContaining({ variables: { input: expect.objectContaining({ title: 'g' }) } }),
    )
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
    // A label create applied then failed: the retry is refused as a duplicate, and the label is found.
    fake.inject({ status: 502, operation: 'createIssueLabel', afterApply: true })
    await t.update(ref.id, { addLabels: ['suture:retried'] })
    expect((await t.get(ref.id))?.labels).toEqual(['suture:retried'])
    expect([...fake.labels.values()].filter((l) => l.name === 'suture:retried')).toHaveLength(1)
  })

  it('gives up with an actionable error when Linear stays down', async () => {
    const t = tracker()
    fake.inject(...Array.from({ length: 6 }, () => ({ status: 500 as const, operation: 'issue' })))
    await expect(t.get('anything')).rejects.toBeInstanceOf(LinearUnavailableError)
    await expect(t.get('anything')).resolves.toBeNull()
  })
})
