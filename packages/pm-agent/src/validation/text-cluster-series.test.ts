import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assessFix } from './assess-fix.js'
import { signalSeries } from './signal-series.js'

const DAY = 86_400_000

for (const backend of TEST_DATABASES.slice(0, 1)) {
  describe.skipIf(!backend.available)(
    `validation of a cluster without a fingerprint on ${backend.name}`,
    () => {
      let database: SutureDatabase
      beforeAll(async () => {
        database = await backend.open()
      })
      afterAll(() => database.close())

      it('counts its own signals (the stored cluster members), so feedback clusters can be judged fixed', async () => {
        const db = database.db
        const { projectId } = await createProject(db, { name: 'feedback-validation' })
        const deployedAt = new Date('2026-02-02T09:00:00Z')
        const rows = []
        // 14 days of 8 complaints a day before the fix, none in the 7 days after.
        for (let d = -14; d < 0; d++)
          for (let i = 0; i < 8; i++)
            rows.push({
              project_id: projectId,
              week: 'w',
              signal_id: `fb_${d}_${i}`,
              cluster_key: 'c_export_slow',
              kind: 'feedback' as const,
              occurred_at: new Date(deployedAt.getTime() + d * DAY + i * 3_600_000),
            })
        await db.insertInto('cluster_members').values(rows).execute()
        const series = await signalSeries(db, {
          projectId,
          fingerprints: [],
          clusterKey: 'c_export_slow',
          deployedAt,
          now: new Date(deployedAt.getTime() + 8 * DAY),
          preDays: 14,
          postDays: 7,
        })
        expect(series.before.reduce((n, p) => n + p.count, 0)).toBe(112)
        expect(series.after).toHaveLength(7)
        expect(assessFix(series.before, series.after).verdict).toBe('fixed')
      })
    },
  )
}
