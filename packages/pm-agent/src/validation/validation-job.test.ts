import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { LinearClient } from '@linear/sdk'
import { createProject, type Database, type SutureDatabase, storeDeploys } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { goLive } from '../shadow/go-live.js'
import { fileTickets } from '../tickets/file-tickets.js'
import { sampleCluster } from '../tickets/testing/sample-cluster.js'
import { LinearTracker } from '../trackers/linear-tracker.js'
import { LocalTracker } from '../trackers/local-tracker.js'
import { LinearFakeServer } from '../trackers/testing/linear-fake-server.js'
import type { Tracker } from '../trackers/tracker.js'
import { dueSlot, runValidationTick, type ValidationJobConfig, validationJob } from './validation-job.js'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const DEPLOY = new Date('2026-03-02T10:20:00Z')
const at = (minutes: number) => new Date(DEPLOY.getTime() + minutes * MIN)

describe('dueSlot', () => {
  it('is the top of the hour, or a later checkpoint 0/15/30/60 minutes after a deploy', () => {
    const deploys = [{ release: 'r1', deployedAt: DEPLOY }]
    expect(dueSlot(at(-5), deploys)).toEqual({ at: new Date('2026-03-02T10:00:00Z'), cause: 'hourly' })
    expect(dueSlot(at(0), deploys)).toEqual({ at: DEPLOY, cause: 'deploy', release: 'r1' })
    expect(dueSlot(at(14), deploys)).toMatchObject({ at: DEPLOY, cause: 'deploy' })
    expect(dueSlot(at(16), deploys)).toMatchObject({ at: at(15), cause: 'deploy' })
    // 11:00 comes after the +30 checkpoint (10:50) and before +60 (11:20).
    expect(dueSlot(at(45), deploys)).toEqual({ at: new Date('2026-03-02T11:00:00Z'), cause: 'hourly' })
    expect(dueSlot(at(61), deploys)).toMatchObject({ at: at(60), cause: 'deploy' })
  })
})

/** A Slack-compatible webhook that records what it is sent; `failNext` answers 500 that many times. */
async function startWebhook() {
  const received: { text: string }[] = []
  const state = { failNext: 0 }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (state.failNext > 0) {
        state.failNext--
        res.writeHead(500).end('no')
        return
      }
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')))
      res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

/**
 * 14 days before the deploy: four sessions an hour and one error of `fingerprint` every two hours, both
 * spread evenly. After it: the same traffic, and `burst` errors in the first minutes (0: the same rate).
 */
async function seedRegression(db: Kysely<Database>, projectId: string, fingerprint: string, burst: number) {
  const sessions = []
  for (let m = -14 * 24 * 60; m < 3 * 60; m += 15) {
    const start = at(m + 7)
    sessions.push({
      project_id: projectId,
      id: `s_${fingerprint}_${m}`,
      started_at: start,
      last_event_at: start,
    })
  }
  const errors = []
  const error = (id: string, when: Date) => ({
    project_id: projectId,
    id,
    kind: 'error' as const,
    occurred_at: when,
    route_template: `/r/${fingerprint}`,
    fingerprint,
    body: '{}',
  })
  for (let m = -14 * 24 * 60; m < 0; m += 120) errors.push(error(`${fingerprint}_pre_${m}`, at(m + 30)))
  for (let i = 0; i < burst; i++) errors.push(error(`${fingerprint}_post_${i}`, at(1 + i)))
  if (burst === 0)
    for (let m = 0; m < 3 * 60; m += 120) errors.push(error(`${fingerprint}_post_${m}`, at(m + 30)))
  for (let i = 0; i < sessions.length; i += 500)
    await db
      .insertInto('sessions')
      .values(sessions.slice(i, i + 500))
      .execute()
  for (let i = 0; i < errors.length; i += 500)
    await db
      .insertInto('envelopes')
      .values(errors.slice(i, i + 500))
      .execute()
}

/** Files the cluster's ticket (auto-fixable), closes it just before the deploy, and posts the deploy marker. */
async function fileAndShip(
  db: Kysely<Database>,
  projectId: string,
  tracker: Tracker,
  key: string,
  others: readonly string[] = [],
) {
  const filed = await fileTickets({
    db,
    projectId,
    tracker,
    clusters: [key, ...others].map((k) =>
      sampleCluster({ key: k, fingerprints: [`fp_${k}`], route: `/r/fp_${k}`, labels: ['auto-fixable'] }),
    ),
    runKey: '2026-W09',
    shadow: false,
    clusterUrl: (k) => `https://suture.test/clusters/${k}`,
    now: at((-3 * DAY) / MIN),
  })
  for (const entry of filed.entries) {
    const id = entry.ticket?.id ?? ''
    await tracker.close(id)
    if (tracker instanceof LocalTracker) await tracker.setState(id, 'done', at(-10))
  }
  const ticketId = filed.entries.find((e) => e.clusterKey === key)?.ticket?.id ?? ''
  expect(ticketId).not.toBe('')
  // What `POST /v1/deploys` stores.
  await storeDeploys(db, projectId, [
    { release: 'r7', environment: 'production', deployedAt: DEPLOY.toISOString(), commit: 'abc1234' },
  ])
  return ticketId
}

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`hourly validation and the andon cord on ${backend.name}`, () => {
    let database: SutureDatabase
    let db: Kysely<Database>
    let webhook: Awaited<ReturnType<typeof startWebhook>>
    beforeAll(async () => {
      database = await backend.open()
      db = database.db
      webhook = await startWebhook()
    })
    afterAll(async () => {
      await webhook.close()
      await database.close()
    })

    it('pulls the andon cord within the hour after a deploy with a regression: label gone, revert proposed, webhook called, once', async () => {
      const { projectId } = await createProject(db, { name: 'andon-within-the-hour' })
      await goLive(db, { projectId, by: 'ana@example.com', now: at((-30 * DAY) / MIN) })
      await seedRegression(db, projectId, 'fp_checkout', 9)
      // A second fix in the same release that changed nothing: it must not pull the cord.
      await seedRegression(db, projectId, 'fp_steady', 0)
      const tracker = new LocalTracker({ db, projectId })
      const ticketId = await fileAndShip(db, projectId, tracker, 'checkout', ['steady'])
      expect((await tracker.get(ticketId))?.labels).toEqual(
        expect.arrayContaining(['suture:auto-fixable', 'auto-fixable']),
      )
      const config: ValidationJobConfig = {
        createTracker: () => tracker,
        webhookUrl: webhook.url,
        clusterUrl: (_p, key) => `https://suture.test/clusters/${key}`,
      }
      const tick = (minutes: number) => runValidationTick(db, config, at(minutes), [projectId])

      // The deploy marker's own slot: the closed ticket is tied to release r7, nothing to judge yet.
      const [arrival] = await tick(0)
      expect(arrival).toMatchObject({ status: 'ran', slot: { cause: 'deploy', release: 'r7' } })
      expect(arrival?.result?.validations.map((v) => v.action.kind)).toEqual(['wait', 'wait'])
      expect((await tick(5))[0]?.status).toBe('already-done')

      // +15 minutes: nine errors against an expected ~0.1 in the first quarter hour.
      const [fired] = await tick(16)
      expect(fired?.status).toBe('ran')
      const byCluster = new Map(fired?.result?.validations.map((v) => [v.clusterKey, v]))
      expect(byCluster.get('steady')?.action.kind).toBe('wait')
      expect(byCluster.get('checkout')).toMatchObject({
        clusterKey: 'checkout',
        release: 'r7',
        action: { kind: 'andon' },
        assessment: { verdict: 'regressed' },
      })
      expect(byCluster.get('checkout')?.assessment.evidence).toMatch(/hour\(s\)/)
      const ticket = await tracker.get(ticketId)
      expect(ticket?.state).toBe('open')
      expect(ticket?.labels).toEqual(expect.arrayContaining(['suture:andon', 'suture:escalated']))
      expect(ticket?.labels).not.toContain('suture:auto-fixable')
      expect(ticket?.labels).not.toContain('auto-fixable')
      const comments = (await tracker.comments(ticketId)).join('\n---\n')
      expect(comments).toMatch(/revert proposed — release r7 \(commit abc1234\)/)
      expect(comments).toMatch(/git revert abc1234/)
      expect(comments).toMatch(/suture quarantine clear --project .* --route \/r\/fp_checkout/)
      expect(webhook.received.map((m) => m.text)).toEqual([
        expect.stringMatching(/Andon cord pulled: release r7/),
      ])
      const quarantine = await db
        .selectFrom('route_quarantine')
        .select(['route_template', 'cleared_at'])
        .where('project_id', '=', projectId)
        .execute()
      expect(quarantine).toEqual([{ route_template: '/r/fp_checkout', cleared_at: null }])
      const actions = await db
        .selectFrom('validation_actions')
        .select(['action', 'trigger', 'status'])
        .where('project_id', '=', projectId)
        .orderBy('action')
        .execute()
      expect(actions).toEqual([
        { action: 'revert', trigger: 'andon', status: 'done' },
        { action: 'unlabel', trigger: 'andon', status: 'done' },
        { action: 'webhook', trigger: 'andon', status: 'done' },
      ])

      // The next slots (and the hourly run) redo nothing: one comment set, one webhook call.
      const commentCount = (await tracker.comments(ticketId)).length
      for (const minutes of [31, 45, 61, 150]) {
        const [run] = await tick(minutes)
        expect(run?.status).toBe('ran')
        // The steady fix stays under watch the whole time: no false alarm from looking often.
        expect(run?.result?.validations.map((v) => [v.clusterKey, v.action.kind])).toEqual([
          ['steady', 'wait'],
        ])
      }
      expect(await tracker.comments(ticketId)).toHaveLength(commentCount)
      expect(webhook.received).toHaveLength(1)
    }, 120_000)

    it('a failed webhook is retried on the next slot, and two processes never run one slot twice', async () => {
      const { projectId } = await createProject(db, { name: 'andon-retry' })
      await goLive(db, { projectId, by: 'ana@example.com', now: at((-30 * DAY) / MIN) })
      await seedRegression(db, projectId, 'fp_cart', 9)
      const tracker = new LocalTracker({ db, projectId })
      await fileAndShip(db, projectId, tracker, 'cart')
      const config: ValidationJobConfig = { createTracker: () => tracker, webhookUrl: webhook.url }
      const before = webhook.received.length
      webhook.state.failNext = 1
      await runValidationTick(db, config, at(0), [projectId])
      const fired = await runValidationTick(db, config, at(16), [projectId])
      expect(fired[0]?.result?.actions.find((a) => a.action === 'webhook')).toMatchObject({
        status: 'failed',
      })
      expect(webhook.received).toHaveLength(before)

      // Two workers (or the worker and the server's deploy trigger) at the same slot: one runs.
      const both = await Promise.all([
        runValidationTick(db, config, at(31), [projectId]),
        runValidationTick(db, config, at(32), [projectId]),
      ])
      expect(both.map((r) => r[0]?.status).sort()).toEqual(expect.arrayContaining(['ran']))
      expect(both.filter((r) => r[0]?.status === 'ran')).toHaveLength(1)
      expect(webhook.received).toHaveLength(before + 1)
      const row = await db
        .selectFrom('validation_actions')
        .select(['status', 'attempts'])
        .where('project_id', '=', projectId)
        .where('action', '=', 'webhook')
        .executeTakeFirstOrThrow()
      expect(row).toEqual({ status: 'done', attempts: 2 })
    }, 120_000)

    it('shadow mode computes and reports the andon verdict but touches nothing', async () => {
      const { projectId } = await createProject(db, { name: 'andon-shadow' })
      await seedRegression(db, projectId, 'fp_shadow', 9)
      const tracker = new LocalTracker({ db, projectId })
      const ticketId = await fileAndShip(db, projectId, tracker, 'shadow')
      const config: ValidationJobConfig = { createTracker: () => tracker, webhookUrl: webhook.url }
      const before = webhook.received.length
      // Shadow: nothing ties the closed ticket to r7 on arrival either, so tie it as a person would.
      await db
        .updateTable('ticket_links')
        .set({ fix_release: 'r7', fixed_at: DEPLOY, validation: 'pending' })
        .where('project_id', '=', projectId)
        .execute()
      const [run] = await runValidationTick(db, config, at(16), [projectId])
      expect(run).toMatchObject({ status: 'ran', shadow: true })
      expect(run?.result?.validations[0]?.action.kind).toBe('andon')
      expect(run?.result?.actions).toEqual([])
      expect((await tracker.get(ticketId))?.labels).toContain('suture:auto-fixable')
      expect(await tracker.comments(ticketId)).toEqual([])
      expect(webhook.received).toHaveLength(before)
      const stored = await db
        .selectFrom('ticket_links')
        .select(['validation', 'iterations'])
        .where('project_id', '=', projectId)
        .executeTakeFirstOrThrow()
      expect(stored).toEqual({ validation: 'pending', iterations: 0 })
      const report = await db
        .selectFrom('job_runs')
        .select('details')
        .where('project_id', '=', projectId)
        .where('name', '=', 'pm-agent.validation')
        .executeTakeFirstOrThrow()
      expect(report.details).toMatchObject({
        shadow: true,
        validations: [{ cluster: 'shadow', release: 'r7', verdict: 'regressed', action: 'andon' }],
      })
    }, 120_000)
  })
}

describe('the andon cord on Linear (the real @linear/sdk against the fake Linear API)', () => {
  const backend = TEST_DATABASES[0]
  let fake: LinearFakeServer
  let apiUrl: string
  let database: SutureDatabase | undefined
  beforeAll(async () => {
    fake = new LinearFakeServer()
    apiUrl = await fake.start()
    if (backend?.available) database = await backend.open()
  })
  afterAll(async () => {
    await fake.stop()
    await database?.close()
  })

  it.skipIf(!backend?.available)(
    'takes auto-fixable off the Linear issue and keeps the other labels',
    async () => {
      if (!database) throw new Error('no database')
      const db = database.db
      const { projectId } = await createProject(db, { name: 'andon-linear' })
      await goLive(db, { projectId, by: 'ana@example.com', now: at((-30 * DAY) / MIN) })
      await seedRegression(db, projectId, 'fp_linear', 9)
      const tracker = new LinearTracker({
        client: new LinearClient({ apiKey: fake.apiKey, apiUrl }),
        teamId: fake.teamId,
        retry: { baseDelayMs: 1, maxDelayMs: 2 },
      })
      fake.setNow(at(-10).toISOString())
      const ticketId = await fileAndShip(db, projectId, tracker, 'linear')
      expect((await tracker.get(ticketId))?.labels).toContain('suture:auto-fixable')
      const job = validationJob({ createTracker: () => tracker, now: () => at(0) })
      expect(job).toMatchObject({ name: 'pm-agent.validation', cron: '* * * * *' })
      await runValidationTick(db, { createTracker: () => tracker }, at(0), [projectId])
      const [fired] = await runValidationTick(db, { createTracker: () => tracker }, at(16), [projectId])
      expect(fired?.result?.validations[0]?.action.kind).toBe('andon')
      const labels = (await tracker.get(ticketId))?.labels ?? []
      expect(labels).not.toContain('suture:auto-fixable')
      expect(labels).not.toContain('auto-fixable')
      expect(labels).toEqual(expect.arrayContaining(['suture', 'suture:andon', 'suture:escalated']))
    },
    120_000,
  )
})
