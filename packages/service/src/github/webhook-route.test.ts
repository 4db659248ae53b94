import { randomUUID } from 'node:crypto'
import { listOpenProposals, loopNumbers } from '@suture/fixer'
import { type FakeGitHub, seedProposal, startFakeGitHub } from '@suture/fixer/testing'
import type { SutureDatabase } from '@suture/store'
import { createProject } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedTicketAndDigest } from '../dashboard/test-seed.js'
import { type RunningServer, startServer } from '../server/start-server.js'
import { signGitHubPayload } from './signature.js'

const SECRET = 'whsec-review-sync'
const KEY = 'cluster-members-inviter'
const SHA = 'e'.repeat(40)

interface Delivery {
  readonly event?: string
  readonly id?: string
  readonly signature?: string | null
  readonly secret?: string
}

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`POST /v1/github/webhook on ${backend.name}`, () => {
    let database: SutureDatabase
    let server: RunningServer
    let unconfigured: RunningServer
    let github: FakeGitHub
    let projectId: string
    let prUrl: string

    beforeAll(async () => {
      database = await backend.open()
      github = await startFakeGitHub({ owner: 'acme', repo: 'web' })
      projectId = (await createProject(database.db, { name: 'webhook' })).projectId
      await seedTicketAndDigest(database, projectId, {
        clusterKey: KEY,
        title: 'TypeError: inviter is null',
        week: '2026-W48',
        html: '<p>digest</p>',
        markdown: 'digest',
      })
      // The ticket is waiting for its fix (seedTicketAndDigest leaves an old validated release on it).
      await database.db
        .updateTable('ticket_links')
        .set({ fix_release: null, validation: null, fixed_at: null })
        .where('cluster_key', '=', KEY)
        .execute()
      github.pulls.push({
        number: 1,
        title: '[Suture] LOCAL-1',
        head: 'suture/LOCAL-1-0123abcd',
        base: 'main',
        body: '',
        draft: true,
        state: 'open',
      })
      prUrl = 'https://github.com/acme/web/pull/1'
      await seedProposal(database.db, projectId, {
        run_id: 'run-wh',
        ticket_id: `lt-${KEY}`,
        cluster_key: KEY,
        proposal_url: prUrl,
      })
      // CI reported the deploy of the merge commit before GitHub's webhook arrived.
      await database.db
        .insertInto('deploys')
        .values({
          project_id: projectId,
          release: 'web@2.4.0',
          environment: 'production',
          deployed_at: new Date('2026-12-02T10:30:00Z'),
          commit_sha: SHA,
          url: null,
          notes: null,
        })
        .execute()
      server = await startServer({ database, closeDatabase: false, githubWebhook: { secret: SECRET } })
      unconfigured = await startServer({ database, closeDatabase: false })
    })
    afterAll(async () => {
      await server?.close()
      await unconfigured?.close()
      await github?.close()
      await database?.close()
    })

    async function deliver(body: string, d: Delivery = {}, base = server.url) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': 'GitHub-Hookshot/abc123',
        'x-github-event': d.event ?? 'pull_request',
      }
      if (d.id !== '') headers['x-github-delivery'] = d.id ?? randomUUID()
      if (d.signature !== null)
        headers['x-hub-signature-256'] = d.signature ?? signGitHubPayload(d.secret ?? SECRET, body)
      const res = await fetch(`${base}/v1/github/webhook`, { method: 'POST', headers, body })
      return { status: res.status, body: (await res.json()) as Record<string, unknown> }
    }
    const event = (action: string) =>
      JSON.stringify({ action, number: 1, pull_request: github.pullJson(1), sender: { login: 'octocat' } })
    const link = () =>
      database.db
        .selectFrom('ticket_links')
        .select(['fix_release', 'fixed_at', 'validation'])
        .where('project_id', '=', projectId)
        .where('cluster_key', '=', KEY)
        .executeTakeFirstOrThrow()

    it('is off without a secret, and refuses a missing or wrong signature without storing anything', async () => {
      const body = event('edited')
      const off = await deliver(body, {}, unconfigured.url)
      expect(off.status).toBe(404)
      expect(off.body.message).toContain('SUTURE_GITHUB_WEBHOOK_SECRET')
      const missing = await deliver(body, { signature: null })
      expect(missing).toMatchObject({ status: 401, body: { error: 'missing_signature' } })
      const wrong = await deliver(body, { secret: 'not the secret' })
      expect(wrong).toMatchObject({ status: 401, body: { error: 'bad_signature' } })
      const tampered = await deliver(body.replace('octocat', 'mallory'), {
        signature: signGitHubPayload(SECRET, body),
      })
      expect(tampered.status).toBe(401)
      expect(await database.db.selectFrom('github_deliveries').selectAll().execute()).toEqual([])
    })

    it('names the missing header or malformed field with a 400; answers ping; ignores other events', async () => {
      const noDelivery = await deliver(event('edited'), { id: '' })
      expect(noDelivery.status).toBe(400)
      expect(noDelivery.body.message).toMatch(/^X-GitHub-Delivery: /)
      const noUrl = JSON.stringify({ action: 'closed', pull_request: { state: 'closed' } })
      const malformed = await deliver(noUrl)
      expect(malformed.status).toBe(400)
      expect(malformed.body.message).toMatch(/^pull_request\.html_url: /)
      const badState = JSON.stringify({
        action: 'closed',
        pull_request: { ...github.pullJson(1), state: 'gone' },
      })
      expect((await deliver(badState)).body.message).toMatch(/^pull_request\.state: /)
      const notJson = await deliver('{"action": ')
      expect(notJson).toMatchObject({ status: 400, body: { error: 'invalid_json' } })
      expect(await deliver('{"zen":"Keep it logically awesome."}', { event: 'ping' })).toEqual({
        status: 200,
        body: { status: 'pong' },
      })
      expect((await deliver('{}', { event: 'push' })).status).toBe(202)
      expect(await listOpenProposals(database.db, projectId)).toHaveLength(1)
    })

    it('a merge on GitHub marks the proposal merged, starts validation on its deploy, once; a redelivery repeats the answer', async () => {
      github.merge(1, { login: 'octocat', at: '2026-12-02T10:00:00Z', sha: SHA })
      const body = event('closed')
      const id = randomUUID()
      // The same delivery twice at once (GitHub's redelivery racing a slow first answer).
      const [a, b] = await Promise.all([deliver(body, { id }), deliver(body, { id })])
      const statuses = [a.body.status, b.body.status].sort()
      expect([a.status, b.status]).toEqual([200, 200])
      expect(statuses).toEqual(['applied', 'duplicate'])
      const applied = a.body.status === 'applied' ? a : b
      const duplicate = a.body.status === 'applied' ? b : a
      expect(applied.body.proposals).toEqual([
        { runId: 'run-wh', state: 'merged', changed: true, decision: 'merged' },
      ])
      expect(duplicate.body.summary).toBe(applied.body.summary)

      expect(await listOpenProposals(database.db, projectId)).toEqual([])
      const review = await database.db
        .selectFrom('fix_reviews')
        .select(['decision', 'reviewed_by', 'reviewed_at'])
        .where('run_id', '=', 'run-wh')
        .executeTakeFirstOrThrow()
      expect(review).toMatchObject({ decision: 'merged', reviewed_by: 'github:octocat' })
      expect(new Date(review.reviewed_at).toISOString()).toBe('2026-12-02T10:00:00.000Z')
      expect(await loopNumbers(database.db, projectId)).toMatchObject({ merged: 1, proposals: 1 })
      // markFixed ran with the deploy that shipped the merge commit, from the deploy's time.
      const after = await link()
      expect(after.fix_release).toBe('web@2.4.0')
      expect(after.validation).toBe('pending')
      expect(new Date(after.fixed_at ?? 0).toISOString()).toBe('2026-12-02T10:30:00.000Z')

      // A new delivery of the same state (GitHub sends `closed` and later `edited`): validation is not
      // restarted — a verdict reached in between stays.
      await database.db
        .updateTable('ticket_links')
        .set({ validation: 'verified' })
        .where('cluster_key', '=', KEY)
        .execute()
      const again = await deliver(event('edited'))
      expect(again.body.proposals).toEqual([
        { runId: 'run-wh', state: 'merged', changed: false, decision: 'merged' },
      ])
      expect((await link()).validation).toBe('verified')
      const rows = await database.db.selectFrom('github_deliveries').select('delivery_id').execute()
      expect(rows).toHaveLength(2)
    })

    it('a PR Suture did not open is acknowledged and changes nothing', async () => {
      const body = JSON.stringify({
        action: 'closed',
        pull_request: { ...github.pullJson(1), html_url: 'https://github.com/acme/web/pull/77' },
      })
      const res = await deliver(body)
      expect(res.status).toBe(200)
      expect(res.body.summary).toContain('not a Suture proposal')
    })
  })
}
