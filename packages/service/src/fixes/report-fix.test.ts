import { FixerTicketSource, LocalTracker } from '@suture/pm-agent'
import type { SutureDatabase } from '@suture/store'
import { createProject } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../server/start-server.js'
import { seedTicketAndDigest } from '../testing/index.js'

const KEY = 'cluster-checkout-typeerror'
const PR = 'https://github.com/acme/web/pull/12'

async function post(url: string, body: unknown, key?: string) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { 'x-suture-key': key } : {}) },
    body: JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { results?: unknown[] } }
}

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`POST /v1/fixes on ${backend.name}`, () => {
    let database: SutureDatabase
    let server: RunningServer
    let project: { projectId: string; publicKey: string; secretKey: string }
    let other: { projectId: string; publicKey: string; secretKey: string }

    beforeAll(async () => {
      database = await backend.open()
      project = await createProject(database.db, { name: 'Shop' })
      other = await createProject(database.db, { name: 'Other' })
      await seedTicketAndDigest(database, project.projectId, {
        clusterKey: KEY,
        title: 'TypeError on /checkout/:id',
        week: '2026-W47',
        html: '<p>digest</p>',
        markdown: 'digest',
      })
      server = await startServer({ database, keyCacheTtlMs: 0, closeDatabase: false, rateLimit: false })
    })
    afterAll(async () => {
      await server?.close()
      await database?.close()
    })

    const lineage = async () =>
      new FixerTicketSource({
        db: database.db,
        projectId: project.projectId,
        tracker: new LocalTracker({ db: database.db, projectId: project.projectId }),
        clusterUrl: (k) => `suture://clusters/${k}`,
      }).lineageStatus({
        id: `lt-${KEY}`,
        identifier: 'LOCAL-1',
        url: '',
        title: '',
        body: '',
        priority: 2,
        labels: [],
        state: 'open',
        clusterKey: KEY,
        codePointers: [],
      })

    it('refuses public keys and no key', async () => {
      const body = { ticket: 'LOCAL-1', pr: PR }
      expect((await post(`${server.url}/v1/fixes`, body)).status).toBe(401)
      const pub = await post(`${server.url}/v1/fixes`, body, project.publicKey)
      expect(pub.status).toBe(403)
      expect(pub.body.error).toBe('secret_key_required')
    })

    it('names the invalid field', async () => {
      const bad = await post(
        `${server.url}/v1/fixes`,
        { ticket: 'LOCAL-1', pr: 'not a url' },
        project.secretKey,
      )
      expect(bad.status).toBe(400)
      expect(bad.body.message).toMatch(/^pr: /)
      const state = await post(
        `${server.url}/v1/fixes`,
        { ticket: 'LOCAL-1', pr: PR, state: 'done' },
        project.secretKey,
      )
      expect(state.status).toBe(400)
      expect(state.body.message).toMatch(/^state: /)
      const cost = await post(
        `${server.url}/v1/fixes`,
        { ticket: 'LOCAL-1', pr: PR, costUsd: -1 },
        project.secretKey,
      )
      expect(cost.body.message).toMatch(/^costUsd: /)
      const extra = await post(
        `${server.url}/v1/fixes`,
        { ticket: 'LOCAL-1', pr: PR, prUrl: PR },
        project.secretKey,
      )
      expect(extra.status).toBe(400)
      const unknown = await post(`${server.url}/v1/fixes`, { ticket: 'LOCAL-404', pr: PR }, project.secretKey)
      expect(unknown.status).toBe(400)
      expect(unknown.body.message).toMatch(/^ticket: No ticket 'LOCAL-404'/)
    })

    it("does not see another project's tickets", async () => {
      const answer = await post(`${server.url}/v1/fixes`, { ticket: 'LOCAL-1', pr: PR }, other.secretKey)
      expect(answer.status).toBe(400)
      expect(answer.body.message).toMatch(/^ticket: /)
    })

    it('stores a proposal once, counts it as an attempt with its cost, and updates its state', async () => {
      expect(await lineage()).toMatchObject({ attempts: 0, costUsd: 0 })
      const body = { ticket: 'LOCAL-1', pr: PR, costUsd: 2.5, agent: 'cursor' }
      const first = await post(`${server.url}/v1/fixes`, body, project.secretKey)
      expect(first.status).toBe(200)
      const [result] = first.body.results as { id: string; status: string }[]
      expect(result).toMatchObject({ status: 'accepted', id: expect.stringMatching(/^ext-/) })
      expect((await post(`${server.url}/v1/fixes`, body, project.secretKey)).body.results).toEqual([
        { id: result?.id, status: 'duplicate' },
      ])
      expect(await lineage()).toMatchObject({ attempts: 1, costUsd: 2.5 })

      const row = await database.db
        .selectFrom('fix_runs')
        .selectAll()
        .where('run_id', '=', result?.id ?? '')
        .executeTakeFirstOrThrow()
      expect(row).toMatchObject({
        project_id: project.projectId,
        ticket_id: `lt-${KEY}`,
        ticket_identifier: 'LOCAL-1',
        cluster_key: KEY,
        attempt: 1,
        trigger_source: 'external',
        outcome: 'proposed',
        agent: 'cursor',
        proposal_url: PR,
        review_outcome: null,
        repo: 'github.com/acme/web',
      })

      // Merged later, by ticket id instead of identifier: same row, no new attempt.
      const merged = await post(
        `${server.url}/v1/fixes`,
        { fixes: [{ ticket: `lt-${KEY}`, pr: PR, costUsd: 3, state: 'merged', agent: 'cursor' }] },
        project.secretKey,
      )
      expect(merged.body.results).toEqual([{ id: result?.id, status: 'accepted' }])
      expect(await lineage()).toMatchObject({ attempts: 1, costUsd: 3 })
      const after = await database.db
        .selectFrom('fix_runs')
        .select(['review_outcome', 'cost_usd'])
        .where('run_id', '=', result?.id ?? '')
        .executeTakeFirstOrThrow()
      expect(after).toMatchObject({ review_outcome: 'merged' })
      expect(Number(after.cost_usd)).toBe(3)

      // A second PR for the same ticket is a second attempt.
      const second = await post(
        `${server.url}/v1/fixes`,
        { ticket: 'LOCAL-1', pr: 'https://github.com/acme/web/pull/13', costUsd: 1 },
        project.secretKey,
      )
      expect(second.status).toBe(200)
      expect(await lineage()).toMatchObject({ attempts: 2, costUsd: 4 })
    })
  })
}
