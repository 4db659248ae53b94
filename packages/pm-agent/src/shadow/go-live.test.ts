import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runWeeklyJob } from '../digest/weekly-job.js'
import { checkSpikes } from '../spikes/check-spikes.js'
import { sampleEnvelope } from '../tickets/testing/sample-cluster.js'
import { LocalTracker } from '../trackers/local-tracker.js'
import { GoLiveError, goLive, goLiveOf, isShadow } from './go-live.js'

const T0 = Date.parse('2026-03-02T10:00:00Z')

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`shadow mode and going live on ${backend.name}`, () => {
    let database: SutureDatabase
    beforeAll(async () => {
      database = await backend.open()
    })
    afterAll(() => database.close())

    it('weekly runs stay in shadow week after week until a person takes the project live', async () => {
      const { projectId } = await createProject(database.db, { name: 'weekly-shadow' })
      const tick = (iso: string) =>
        runWeeklyJob({
          db: database.db,
          now: new Date(iso),
          projectIds: [projectId],
          runWeek: async () => ({}),
        })
      expect((await tick('2026-01-12T08:00:00Z')).map((r) => [r.week, r.shadow])).toEqual([
        ['2026-W02', true],
      ])
      // A second and a third week: still shadow — time passing is not a decision.
      expect((await tick('2026-01-19T08:00:00Z')).map((r) => [r.week, r.shadow])).toEqual([
        ['2026-W03', true],
      ])
      expect((await tick('2026-01-26T08:00:00Z')).map((r) => [r.week, r.shadow])).toEqual([
        ['2026-W04', true],
      ])
      const live = await goLive(database.db, {
        projectId,
        by: 'ana@example.com',
        now: new Date('2026-01-27T09:30:00Z'),
      })
      expect(live).toEqual({ at: new Date('2026-01-27T09:30:00Z'), by: 'ana@example.com' })
      expect((await tick('2026-02-02T08:00:00Z')).map((r) => [r.week, r.shadow])).toEqual([
        ['2026-W05', false],
      ])
      // Going live again keeps the first decision.
      await goLive(database.db, { projectId, by: 'bob@example.com' })
      expect(await goLiveOf(database.db, projectId)).toEqual(live)
    })

    it('the spike path files nothing for a project in shadow mode, and files once it is live', async () => {
      const { projectId } = await createProject(database.db, { name: 'spike-shadow' })
      const db = database.db
      const tracker = new LocalTracker({ db, projectId })
      const burst = async (from: number, tag: string) => {
        const rows = Array.from({ length: 7 }, (_, i) => {
          const id = `spike_${tag}_${i}`
          const at = new Date(T0 + (from + i * 0.2) * 60_000).toISOString()
          return {
            project_id: projectId,
            id,
            kind: 'error' as const,
            occurred_at: at,
            route_template: '/cart',
            fingerprint: 'fp_shadow',
            actor_hash: `u${i % 3}`,
            release: 'r1',
            error_type: 'TypeError',
            message: 'boom',
            body: JSON.stringify(sampleEnvelope(id, at)),
          }
        })
        await db.insertInto('envelopes').values(rows).execute()
      }
      const config = {
        rules: [{ kind: 'burst' as const, name: 'burst', moreThan: 5, windowMinutes: 5, minUsers: 2 }],
        resolveAfterMinutes: 60,
      }
      const check = (minute: number) =>
        checkSpikes({
          db,
          projectId,
          now: new Date(T0 + minute * 60_000),
          tracker,
          config,
          clusterUrl: (k) => `https://suture.test/clusters/${k}`,
        })
      await burst(0, 'a')
      const shadowFiring = await check(2)
      expect(shadowFiring.map((f) => [f.filing?.action, f.filing?.reason])).toEqual([
        ['created', 'shadow: would create'],
      ])
      expect(
        await db.selectFrom('local_tickets').select('id').where('project_id', '=', projectId).execute(),
      ).toEqual([])
      expect(await isShadow(db, projectId)).toBe(true)
      await goLive(db, { projectId, by: 'ana@example.com' })
      expect(await isShadow(db, projectId)).toBe(false)
      await burst(120, 'b')
      expect(await check(90)).toEqual([]) // the quiet hour resolves the first firing
      const live = await check(122)
      expect(live.map((f) => f.filing?.action)).toEqual(['created'])
      expect(
        await db.selectFrom('local_tickets').select('id').where('project_id', '=', projectId).execute(),
      ).toHaveLength(1)
    })

    it('going live needs a person and an existing project', async () => {
      await expect(goLive(database.db, { projectId: 'nope', by: 'ana' })).rejects.toBeInstanceOf(GoLiveError)
      const { projectId } = await createProject(database.db, { name: 'who' })
      await expect(goLive(database.db, { projectId, by: '  ' })).rejects.toThrow(/say who decides/)
    })
  })
}
