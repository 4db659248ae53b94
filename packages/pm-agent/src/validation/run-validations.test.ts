import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createProject, type Database, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileTickets } from '../tickets/file-tickets.js'
import { sampleCluster } from '../tickets/testing/sample-cluster.js'
import { LocalTracker } from '../trackers/local-tracker.js'
import { clearQuarantine } from './human-controls.js'
import { summarizeOutcomes } from './outcome-log.js'
import { markFixed, runValidations } from './run-validations.js'

const DAY = 86_400_000
const DEPLOY = new Date('2026-02-01T12:00:00Z')
const clusterUrl = (key: string) => `https://suture.test/clusters/${key}`

/** Stores `perDay[i]` error envelopes of `fingerprint` on day i relative to the deploy, plus 100 sessions a day. */
async function seed(
  db: Kysely<Database>,
  projectId: string,
  fingerprint: string,
  perDay: Record<number, number>,
) {
  const rows = []
  for (const [day, n] of Object.entries(perDay)) {
    for (let i = 0; i < n; i++) {
      const at = new Date(DEPLOY.getTime() + Number(day) * DAY + (i + 1) * 60_000)
      rows.push({
        project_id: projectId,
        id: `${fingerprint}_${day}_${i}`,
        kind: 'error' as const,
        occurred_at: at,
        route_template: `/r/${fingerprint}`,
        fingerprint,
        body: JSON.stringify({}),
      })
    }
  }
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('envelopes')
      .values(rows.slice(i, i + 500))
      .execute()
}

async function seedSessions(db: Kysely<Database>, projectId: string) {
  const rows = []
  for (let day = -14; day < 10; day++) {
    for (let i = 0; i < 100; i++) {
      const at = new Date(DEPLOY.getTime() + day * DAY + i * 600_000)
      rows.push({ project_id: projectId, id: `s_${day}_${i}`, started_at: at, last_event_at: at })
    }
  }
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('sessions')
      .values(rows.slice(i, i + 500))
      .execute()
}

const steady = (days: number[], n: number) => Object.fromEntries(days.map((d) => [d, n]))
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i)

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`runValidations on ${backend.name}`, () => {
    let database: SutureDatabase
    let db: Kysely<Database>
    beforeAll(async () => {
      database = await backend.open()
      db = database.db
    })
    afterAll(() => database.close())

    it('closes a real fix, pulls the andon cord on a regression, escalates at the iteration cap', async () => {
      const { projectId } = await createProject(database.db, { name: 'validation' })
      await seedSessions(db, projectId)
      await db
        .insertInto('deploys')
        .values({ project_id: projectId, release: 'r42', environment: 'production', deployed_at: DEPLOY })
        .execute()
      const pre = range(-14, 0)
      await seed(db, projectId, 'fp_fixed', { ...steady(pre, 20), ...steady([0, 1, 2], 0), 5: 1 })
      await seed(db, projectId, 'fp_worse', { ...steady(pre, 10), 0: 45 })
      await seed(db, projectId, 'fp_same', { ...steady(pre, 12), ...steady(range(0, 7), 12) })
      const tracker = new LocalTracker({ db, projectId })
      const clusters = ['fixed', 'worse', 'same'].map((name) =>
        sampleCluster({ key: name, fingerprints: [`fp_${name}`], route: `/r/fp_${name}` }),
      )
      const filed = await fileTickets({
        db,
        projectId,
        tracker,
        clusters,
        runKey: '2026-W05',
        shadow: false,
        clusterUrl,
      })
      const ticketOf = (key: string) => filed.entries.find((e) => e.clusterKey === key)?.ticket?.id ?? ''
      for (const key of ['fixed', 'worse', 'same']) {
        await tracker.close(ticketOf(key))
        await markFixed(db, { projectId, clusterKey: key, release: 'r42', costUsd: 4 })
      }
      const logDir = await mkdtemp(path.join(tmpdir(), 'suture-outcomes-'))
      const outcomeLog = path.join(logDir, 'outcomes.jsonl')
      const run = (now: Date) =>
        runValidations({
          db,
          projectId,
          tracker,
          now,
          outcomeLog,
          stopPolicy: { maxIterations: 1, maxCostUsd: 100 },
        })

      // One day after the deploy: only the andon can fire, and it does.
      const day1 = await run(new Date(DEPLOY.getTime() + 1 * DAY + 3_600_000))
      expect(Object.fromEntries(day1.map((r) => [r.clusterKey, r.action.kind]))).toEqual({
        fixed: 'wait',
        worse: 'andon',
        same: 'wait',
      })
      const worse = await tracker.get(ticketOf('worse'))
      expect(worse?.state).toBe('open')
      expect(worse?.labels).toEqual(expect.arrayContaining(['suture:andon', 'suture:escalated']))
      expect((await tracker.comments(ticketOf('worse'))).join('\n')).toMatch(
        /Proposed action: revert release r42/,
      )
      const quarantine = await db
        .selectFrom('route_quarantine')
        .selectAll()
        .where('project_id', '=', projectId)
        .execute()
      expect(quarantine.map((q) => [q.route_template, q.cleared_at])).toEqual([['/r/fp_worse', null]])

      // Rerunning the same day changes nothing.
      await run(new Date(DEPLOY.getTime() + 1 * DAY + 7_200_000))
      expect(await tracker.comments(ticketOf('worse'))).toHaveLength(1)

      // After the full window: the real fix closes, the unchanged one hits the cap (1) and escalates.
      const day8 = await run(new Date(DEPLOY.getTime() + 8 * DAY))
      expect(Object.fromEntries(day8.map((r) => [r.clusterKey, r.action.kind]))).toEqual({
        fixed: 'close',
        same: 'escalate',
      })
      expect((await tracker.get(ticketOf('fixed')))?.state).toBe('done')
      expect((await tracker.comments(ticketOf('fixed'))).join('\n')).toMatch(/exact Poisson test/)
      expect((await tracker.get(ticketOf('same')))?.labels).toContain('suture:escalated')
      // An escalation quarantines its route too: the fixer stops taking it until a person clears it.
      const afterEscalation = await db
        .selectFrom('route_quarantine')
        .select('route_template')
        .where('project_id', '=', projectId)
        .where('cleared_at', 'is', null)
        .orderBy('route_template')
        .execute()
      expect(afterEscalation.map((q) => q.route_template)).toEqual(['/r/fp_same', '/r/fp_worse'])

      const lines = (await readFile(outcomeLog, 'utf8'))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
      expect(lines.map((l) => [l.clusterKey, l.outcome])).toEqual([
        ['worse', 'reverted'],
        ['fixed', 'fixed-clean'],
        ['same', 'escalated'],
      ])
      const stored = await db
        .selectFrom('ticket_outcomes')
        .select('outcome')
        .where('project_id', '=', projectId)
        .execute()
      const summary = summarizeOutcomes(stored)
      expect(summary.counts).toEqual({ 'fixed-clean': 1, 'fixed-messy': 0, reverted: 1, escalated: 1 })
      expect(summary.successRate).toBeCloseTo(1 / 3, 10)
      expect(await run(new Date(DEPLOY.getTime() + 9 * DAY))).toEqual([])

      expect(await clearQuarantine(db, { projectId, route: '/r/fp_worse', by: 'maria' })).toBe(true)
      expect(await clearQuarantine(db, { projectId, route: '/r/fp_worse', by: 'maria' })).toBe(false)
    })

    it('a ticket closed in the tracker is validated against the next deploy without markFixed', async () => {
      const { projectId } = await createProject(database.db, { name: 'autodetect' })
      const tracker = new LocalTracker({ db, projectId })
      await seed(db, projectId, 'fp_auto', steady(range(-14, 0), 8))
      const filed = await fileTickets({
        db,
        projectId,
        tracker,
        clusters: [sampleCluster({ key: 'auto', fingerprints: ['fp_auto'] })],
        runKey: 'w',
        shadow: false,
        clusterUrl,
      })
      await tracker.setState(
        filed.entries[0]?.ticket?.id ?? '',
        'done',
        new Date(DEPLOY.getTime() - 3_600_000),
      )
      await db
        .insertInto('deploys')
        .values({ project_id: projectId, release: 'r-auto', environment: 'production', deployed_at: DEPLOY })
        .execute()
      const [result] = await runValidations({
        db,
        projectId,
        tracker,
        now: new Date(DEPLOY.getTime() + 8 * DAY),
      })
      expect(result).toMatchObject({ clusterKey: 'auto', release: 'r-auto', action: { kind: 'close' } })
    })

    it('the cost budget stops a lineage even while the fix looks like it might work', async () => {
      const { projectId } = await createProject(database.db, { name: 'budget' })
      const tracker = new LocalTracker({ db, projectId })
      await seed(db, projectId, 'fp_costly', steady(range(-14, 0), 5))
      await fileTickets({
        db,
        projectId,
        tracker,
        clusters: [sampleCluster({ key: 'costly', fingerprints: ['fp_costly'] })],
        runKey: 'w',
        shadow: false,
        clusterUrl,
      })
      await markFixed(db, { projectId, clusterKey: 'costly', release: 'r1', costUsd: 30, at: DEPLOY })
      const [result] = await runValidations({
        db,
        projectId,
        tracker,
        now: new Date(DEPLOY.getTime() + 2 * DAY),
      })
      expect(result?.action).toMatchObject({ kind: 'escalate', reason: expect.stringMatching(/cost budget/) })
    })
  })
}
