import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FixerTicketSource } from '../fixer-source/fixer-ticket-source.js'
import { fileTickets } from '../tickets/file-tickets.js'
import { sampleCluster } from '../tickets/testing/sample-cluster.js'
import { LocalTracker } from '../trackers/local-tracker.js'
import {
  clearQuarantine,
  HumanControlError,
  lineageCost,
  listQuarantine,
  resetLineage,
} from './human-controls.js'

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`a person's controls on ${backend.name}`, () => {
    let database: SutureDatabase
    beforeAll(async () => {
      database = await backend.open()
    })
    afterAll(() => database.close())

    it('clears a quarantine with who and when, and lists what is still quarantined', async () => {
      const db = database.db
      const { projectId } = await createProject(db, { name: 'quarantine-controls' })
      for (const route of ['/billing', '/settings'])
        await db
          .insertInto('route_quarantine')
          .values({
            project_id: projectId,
            route_template: route,
            cluster_key: `c${route}`,
            release: 'r1',
            reason: 'the failure rate rose significantly after the fix',
          })
          .execute()
      expect((await listQuarantine(db, { projectId })).map((q) => q.route).sort()).toEqual([
        '/billing',
        '/settings',
      ])
      await expect(clearQuarantine(db, { projectId, route: '/billing', by: '  ' })).rejects.toBeInstanceOf(
        HumanControlError,
      )
      const when = new Date('2026-03-02T11:00:00Z')
      expect(await clearQuarantine(db, { projectId, route: '/billing', by: 'maria', at: when })).toBe(true)
      // Clearing twice, or a route that was never quarantined, changes nothing.
      expect(await clearQuarantine(db, { projectId, route: '/billing', by: 'maria' })).toBe(false)
      expect(await clearQuarantine(db, { projectId, route: '/nope', by: 'maria' })).toBe(false)
      expect((await listQuarantine(db, { projectId })).map((q) => q.route)).toEqual(['/settings'])
      const all = await listQuarantine(db, { projectId, includeCleared: true })
      expect(all.find((q) => q.route === '/billing')).toMatchObject({ clearedBy: 'maria', clearedAt: when })
    })

    it("resets a lineage's counters so the fixer may try again, keeping the history", async () => {
      const db = database.db
      const { projectId } = await createProject(db, { name: 'lineage-controls' })
      const tracker = new LocalTracker({ db, projectId })
      const filed = await fileTickets({
        db,
        projectId,
        tracker,
        clusters: [sampleCluster({ key: 'members' })],
        runKey: 'w',
        shadow: false,
        clusterUrl: (k) => `https://suture.test/clusters/${k}`,
      })
      const ref = filed.entries[0]?.ticket
      if (!ref) throw new Error('no ticket filed')
      await tracker.update(ref.id, { addLabels: ['suture:escalated'] })
      await db
        .updateTable('ticket_links')
        .set({ iterations: 3, escalated: true, validation: 'escalated', fix_release: 'r3' })
        .where('project_id', '=', projectId)
        .execute()
      for (const release of ['suture-fix:1', 'suture-fix:2', 'suture-fix:3'])
        await db
          .insertInto('fix_attempts')
          .values({ project_id: projectId, cluster_key: 'members', release, cost_usd: 9 })
          .execute()
      const source = new FixerTicketSource({
        db,
        projectId,
        tracker,
        clusterUrl: (k) => `https://suture.test/clusters/${k}`,
      })
      const ticket = {
        id: ref.id,
        identifier: ref.identifier,
        url: ref.url,
        title: '',
        body: '',
        priority: 2,
        labels: (await tracker.get(ref.id))?.labels ?? [],
        state: 'open',
        clusterKey: 'members',
        codePointers: [],
      }
      expect(await source.lineageStatus(ticket)).toEqual({ attempts: 3, costUsd: 27, escalated: true })

      await expect(resetLineage(db, { projectId, ticket: 'LOCAL-999', by: 'maria' })).rejects.toBeInstanceOf(
        HumanControlError,
      )
      const reset = await resetLineage(db, { projectId, ticket: ref.identifier, by: 'maria', tracker })
      expect(reset).toMatchObject({
        clusterKey: 'members',
        identifier: ref.identifier,
        previous: { iterations: 3, escalated: true, costUsd: 27 },
        by: 'maria',
      })
      const after = { ...ticket, labels: (await tracker.get(ref.id))?.labels ?? [] }
      expect(after.labels).not.toContain('suture:escalated')
      expect(await source.lineageStatus(after)).toEqual({ attempts: 0, costUsd: 0, escalated: false })
      expect(await lineageCost(db, projectId, 'members')).toBe(0)
      const link = await db
        .selectFrom('ticket_links')
        .select(['iterations', 'escalated', 'validation'])
        .where('project_id', '=', projectId)
        .executeTakeFirstOrThrow()
      expect(link).toEqual({ iterations: 0, escalated: false, validation: null })
      const history = await db
        .selectFrom('lineage_resets')
        .select(['reset_by', 'previous_iterations', 'previous_cost_usd'])
        .where('project_id', '=', projectId)
        .execute()
      expect(history).toEqual([{ reset_by: 'maria', previous_iterations: 3, previous_cost_usd: 27 }])
      // The spend still happened: attempts after the reset count again from zero.
      await db
        .insertInto('fix_attempts')
        .values({ project_id: projectId, cluster_key: 'members', release: 'suture-fix:4', cost_usd: 2 })
        .execute()
      expect(await source.lineageStatus(after)).toEqual({ attempts: 1, costUsd: 2, escalated: false })
    })
  })
}
