import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileTickets } from '../tickets/file-tickets.js'
import { sampleCluster } from '../tickets/testing/sample-cluster.js'
import { LocalTracker } from '../trackers/local-tracker.js'
import { markFixed, runValidations } from './run-validations.js'

const DAY = 86_400_000
// A Wednesday in ISO week 2026-W06 (Monday 2 February … Sunday 8 February).
const DEPLOY = new Date('2026-02-04T09:00:00Z')
const day = (n: number) => new Date(DEPLOY.getTime() + n * DAY)

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`clusters without a fingerprint on ${backend.name}`, () => {
    let database: SutureDatabase
    beforeAll(async () => {
      database = await backend.open()
    })
    afterAll(() => database.close())

    it('are judged on their own triaged signals, only as far as triage has looked, and never wait forever', async () => {
      const db = database.db
      const { projectId } = await createProject(db, { name: 'feedback-clusters' })
      const tracker = new LocalTracker({ db, projectId })
      // 'export-slow': eight complaints a day for two weeks before the fix, none after.
      const rows = []
      for (let d = -14; d < 0; d++)
        for (let i = 0; i < 8; i++)
          rows.push({
            project_id: projectId,
            week: '2026-W05',
            signal_id: `fb_${d}_${i}`,
            cluster_key: 'export-slow',
            kind: 'feedback' as const,
            occurred_at: new Date(day(d).getTime() + i * 3 * 3_600_000),
          })
      await db.insertInto('cluster_members').values(rows).execute()
      await fileTickets({
        db,
        projectId,
        tracker,
        clusters: [
          sampleCluster({ key: 'export-slow', kind: 'improvement', fingerprints: [] }),
          // Filed, then no signal of it was ever stored (a one-off report): nothing to compare.
          sampleCluster({ key: 'one-off', kind: 'improvement', fingerprints: [] }),
        ],
        runKey: '2026-W05',
        shadow: false,
        clusterUrl: (k) => `https://suture.test/clusters/${k}`,
      })
      for (const clusterKey of ['export-slow', 'one-off'])
        await markFixed(db, { projectId, clusterKey, release: 'r9', at: DEPLOY })
      await db
        .insertInto('triage_runs')
        .values({ project_id: projectId, week: '2026-W06', status: 'succeeded' })
        .execute()
      const run = (now: Date) => runValidations({ db, projectId, tracker, now })
      const kinds = (results: Awaited<ReturnType<typeof run>>) =>
        Object.fromEntries(results.map((r) => [r.clusterKey, r.action.kind]))

      // Ten days later, but triage has only assigned signals up to the end of W06 (4.6 days after the
      // fix): silence after that is unknown, not good news, so nothing is closed yet.
      expect(kinds(await run(day(10)))).toEqual({ 'export-slow': 'wait', 'one-off': 'wait' })

      // The next weekly triage covers W07: now the whole window is known.
      await db
        .insertInto('triage_runs')
        .values({ project_id: projectId, week: '2026-W07', status: 'succeeded' })
        .execute()
      const judged = await run(day(10))
      expect(kinds(judged)).toEqual({ 'export-slow': 'close', 'one-off': 'escalate' })
      expect(judged.find((r) => r.clusterKey === 'export-slow')?.assessment.verdict).toBe('fixed')
      expect(judged.find((r) => r.clusterKey === 'one-off')?.action).toMatchObject({
        reason: expect.stringMatching(/success window passed without a signal rate/),
      })
      // Neither is left pending.
      expect(await run(day(11))).toEqual([])
    }, 120_000)
  })
}
