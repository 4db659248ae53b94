import { LinearClient } from '@linear/sdk'
import { createProject, type Database, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LinearTracker, LinearUnavailableError } from '../trackers/linear-tracker.js'
import { LocalTracker } from '../trackers/local-tracker.js'
import { LinearFakeServer } from '../trackers/testing/linear-fake-server.js'
import { fileTickets } from './file-tickets.js'
import { sampleCluster } from './testing/sample-cluster.js'

const clusterUrl = (key: string) => `https://suture.test/clusters/${encodeURIComponent(key)}`

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`fileTickets on ${backend.name}`, () => {
    let database: SutureDatabase
    let db: Kysely<Database>
    let fake: LinearFakeServer
    let apiUrl: string

    beforeAll(async () => {
      database = await backend.open()
      db = database.db
      fake = new LinearFakeServer()
      apiUrl = await fake.start()
    })
    afterAll(async () => {
      await fake.stop()
      await database.close()
    })

    const linear = () =>
      new LinearTracker({
        client: new LinearClient({ apiKey: fake.apiKey, apiUrl }),
        teamId: fake.teamId,
        retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 },
      })

    it('Linear: survives 429/5xx mid-run, reruns file no twins, reopen regressions, respect cancellations', async () => {
      const { projectId } = await createProject(database.db, { name: 'linear-flow' })
      const week1 = ['a', 'b', 'c', 'd'].map((key) => sampleCluster({ key, title: `Problem ${key}` }))
      const observation = sampleCluster({ key: 'e', decision: 'observation' })
      const run = (clusters: typeof week1, runKey: string) =>
        fileTickets({ db, projectId, tracker: linear(), clusters, runKey, shadow: false, clusterUrl })

      // Run 1: a 429 and a 5xx are ridden out; a create applied-then-502 is not repeated; then Linear
      // goes down for good while filing 'c' and the run fails.
      fake.inject(
        { status: 429, operation: 'createIssue' },
        { status: 502, operation: 'createIssue', afterApply: true },
        { status: 503, operation: 'attachmentLinkURL' },
      )
      await run(week1.slice(0, 2), '2026-W03')
      fake.inject(...Array.from({ length: 3 }, () => ({ status: 500 as const, operation: 'createIssue' })))
      await expect(run(week1, '2026-W03')).rejects.toBeInstanceOf(LinearUnavailableError)

      // Rerun: everything filed exactly once.
      const rerun = await run([...week1, observation], '2026-W03')
      expect(rerun.entries.map((e) => [e.clusterKey, e.action])).toEqual([
        ['a', 'unchanged'],
        ['b', 'unchanged'],
        ['c', 'created'],
        ['d', 'created'],
        ['e', 'not-ticketed'],
      ])
      expect(fake.issues.size).toBe(4)
      for (const key of ['a', 'b', 'c', 'd'])
        expect(fake.issuesWithAttachmentUrl(clusterUrl(key))).toHaveLength(1)
      const body = String([...fake.issues.values()][0]?.description)
      expect(body).toMatch(/## Reproduction \(from breadcrumbs\)/)
      expect(body).toMatch(/back to baseline for 7 days/)

      // People act in Linear: 'a' is done, 'b' cancelled, 'c' marked duplicate.
      const idOf = (key: string) => String(fake.issuesWithAttachmentUrl(clusterUrl(key))[0]?.id)
      fake.setNow('2026-01-13T12:00:00Z')
      fake.setIssueState(idOf('a'), 'completed')
      fake.setIssueState(idOf('b'), 'canceled')
      fake.setIssueState(idOf('c'), 'duplicate')

      // Week 2: every signal comes back with more users.
      const week2 = week1.map((c) => ({
        ...c,
        counts: { ...c.counts, signals: 80, users: 14 },
        lastSeen: '2026-01-20T09:00:00.000Z',
      }))
      fake.inject({ status: 429 }, { status: 500, operation: 'createComment', afterApply: true })
      const second = await run(week2, '2026-W04')
      expect(second.entries.map((e) => [e.clusterKey, e.action])).toEqual([
        ['a', 'reopened'],
        ['b', 'respected'],
        ['c', 'respected'],
        ['d', 'updated'],
      ])
      const stateOf = (key: string) => (fake.issues.get(idOf(key))?.state as { id: string } | undefined)?.id
      expect(stateOf('a')).toBe('state-todo')
      expect(stateOf('b')).toBe('state-canceled')
      expect(stateOf('c')).toBe('state-duplicate')
      const commentsOn = (key: string) =>
        [...fake.comments.values()].filter((c) => (c.issue as { id: string }).id === idOf(key)).length
      expect(commentsOn('a')).toBe(1)
      expect(commentsOn('d')).toBe(1)

      // The same week again: no new issues, no second comment.
      const again = await run(week2, '2026-W04')
      expect(again.entries.map((e) => e.action)).toEqual(['unchanged', 'respected', 'respected', 'unchanged'])
      expect(fake.issues.size).toBe(4)
      expect(commentsOn('d')).toBe(1)

      // The mapping is lost: the attachment URL finds each ticket again; still no twins.
      await db.deleteFrom('ticket_links').where('project_id', '=', projectId).execute()
      const reconciled = await run(week2, '2026-W04')
      expect(reconciled.entries.map((e) => e.action)).toEqual([
        'updated',
        'respected',
        'respected',
        'updated',
      ])
      expect(fake.issues.size).toBe(4)
    })

    it('shadow mode writes nothing and reports the plan', async () => {
      const { projectId } = await createProject(database.db, { name: 'shadow' })
      const before = fake.log.length
      const result = await fileTickets({
        db,
        projectId,
        tracker: linear(),
        clusters: [sampleCluster({ key: 'shadow-1' })],
        runKey: '2026-W03',
        shadow: true,
        clusterUrl,
      })
      expect(result.entries).toEqual([
        { clusterKey: 'shadow-1', action: 'created', reason: 'shadow: would create' },
      ])
      // Only a read goes out: the search for an issue people filed, which the plan needs.
      expect(fake.log.slice(before).map((e) => e.operation)).toEqual(['searchIssues'])
      expect(
        await db.selectFrom('ticket_links').where('project_id', '=', projectId).selectAll().execute(),
      ).toEqual([])
    })

    it('local tracker: one ticket per cluster, reopened on comeback, held and quarantined labels', async () => {
      const { projectId } = await createProject(database.db, { name: 'local-flow' })
      const tracker = new LocalTracker({ db, projectId })
      await db
        .insertInto('route_quarantine')
        .values({
          project_id: projectId,
          route_template: '/billing',
          cluster_key: 'x',
          release: 'r1',
          reason: 'andon',
        })
        .execute()
      const clusters = [
        sampleCluster({ key: 'l1' }),
        sampleCluster({ key: 'l2', decision: 'held-for-humans', heldReason: 'billing', route: '/billing' }),
      ]
      const run = (cs: typeof clusters, runKey: string) =>
        fileTickets({ db, projectId, tracker, clusters: cs, runKey, shadow: false, clusterUrl })
      const first = await run(clusters, '2026-W03')
      expect(first.entries.map((e) => e.action)).toEqual(['created', 'created'])
      expect((await run(clusters, '2026-W03')).entries.map((e) => e.action)).toEqual([
        'unchanged',
        'unchanged',
      ])
      const [t1, t2] = first.entries.map((e) => e.ticket?.id ?? '')
      expect((await tracker.get(t1 ?? ''))?.labels).toContain('suture:auto-fixable')
      const held = await tracker.get(t2 ?? '')
      expect(held?.labels).toEqual(expect.arrayContaining(['suture:held-for-humans', 'suture:quarantined']))
      expect(held?.labels).not.toContain('suture:auto-fixable')

      await tracker.setState(t1 ?? '', 'done', new Date('2026-01-14T00:00:00Z'))
      const comeback = [
        { ...clusters[0], key: 'l1', lastSeen: '2026-01-21T00:00:00.000Z' } as (typeof clusters)[0],
      ]
      expect((await run(comeback, '2026-W04')).entries[0]?.action).toBe('reopened')
      expect((await tracker.get(t1 ?? ''))?.state).toBe('open')
      expect(await tracker.comments(t1 ?? '')).toEqual([expect.stringMatching(/reopened/)])
      const rows = await db
        .selectFrom('local_tickets')
        .where('project_id', '=', projectId)
        .selectAll()
        .execute()
      expect(rows).toHaveLength(2)
    })
  })
}
