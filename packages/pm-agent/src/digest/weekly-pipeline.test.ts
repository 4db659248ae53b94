import { LinearClient } from '@linear/sdk'
import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { goLive } from '../shadow/go-live.js'
import { sampleEnvelope } from '../tickets/testing/sample-cluster.js'
import { LinearTracker } from '../trackers/linear-tracker.js'
import { LinearFakeServer } from '../trackers/testing/linear-fake-server.js'
import { triageForWeek } from './jobs.js'
import { runWeeklyJob, weeklyPipeline } from './weekly-job.js'

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`weekly pipeline on ${backend.name}`, () => {
    let database: SutureDatabase
    let fake: LinearFakeServer
    let apiUrl: string
    beforeAll(async () => {
      database = await backend.open()
      fake = new LinearFakeServer({ extraLabels: 3 })
      apiUrl = await fake.start()
    })
    afterAll(async () => {
      await fake.stop()
      await database.close()
    })

    it('triage → shadow digest on the first Monday, a real Linear ticket the next, nothing twice', async () => {
      const { projectId } = await createProject(database.db, { name: 'shop' })
      const seed = async (dayIso: string, tag: string) => {
        const rows = []
        for (let u = 0; u < 8; u++) {
          for (let k = 0; k < 2; k++) {
            const id = `cart_${tag}_${u}_${k}`
            const at = `${dayIso}T1${u % 10}:0${k}:00.000Z`
            const body = sampleEnvelope(id, at, {
              route: { template: '/cart', url: 'https://shop.example.com/cart' },
              actor: { idHash: `user_${u}` },
              sessionId: `sess_${tag}_${u}`,
              workspace: { id: `ws_${u % 3}` },
            })
            rows.push({
              project_id: projectId,
              id,
              kind: 'error' as const,
              occurred_at: at,
              route_template: '/cart',
              fingerprint: 'fp_invite_email',
              session_id: `sess_${tag}_${u}`,
              actor_hash: `user_${u}`,
              workspace_id: `ws_${u % 3}`,
              release: '2026.01.3',
              boundary: 'MembersPage',
              error_type: 'TypeError',
              message: "Cannot read properties of undefined (reading 'email')",
              body: JSON.stringify(body),
            })
          }
        }
        await database.db.insertInto('envelopes').values(rows).execute()
      }
      const runWeek = weeklyPipeline({
        createTracker: () =>
          new LinearTracker({
            client: new LinearClient({ apiKey: fake.apiKey, apiUrl }),
            teamId: fake.teamId,
            retry: { baseDelayMs: 1, maxDelayMs: 2 },
          }),
        loadTriage: triageForWeek,
        clusterUrl: (p, key) => `https://suture.test/clusters/${p}/${key}`,
      })
      const tick = (iso: string) =>
        runWeeklyJob({ db: database.db, now: new Date(iso), projectIds: [projectId], runWeek })

      await seed('2026-03-04', 'w10')
      expect(await tick('2026-03-09T08:00:00Z')).toEqual([
        { projectId, week: '2026-W10', status: 'ran', shadow: true },
      ])
      expect(fake.issues.size).toBe(0)
      const db = database.db
      const first = await db.selectFrom('digests').selectAll().where('project_id', '=', projectId).execute()
      expect(first.map((d) => [d.week, d.shadow])).toEqual([['2026-W10', true]])
      expect(first[0]?.markdown).toMatch(/Shadow mode/)
      expect(first[0]?.markdown).toMatch(/## Would be new tickets\n\n- \*\*TypeError/)

      await seed('2026-03-11', 'w11')
      await goLive(db, { projectId, by: 'ana@example.com' })
      expect(await tick('2026-03-16T08:00:00Z')).toEqual([
        { projectId, week: '2026-W11', status: 'ran', shadow: false },
      ])
      expect(fake.issues.size).toBe(1)
      const issue = [...fake.issues.values()][0]
      expect(String(issue?.description)).toMatch(/## What users were attempting/)
      const digest = await db
        .selectFrom('digests')
        .select('markdown')
        .where('project_id', '=', projectId)
        .where('week', '=', '2026-W11')
        .executeTakeFirstOrThrow()
      expect(digest.markdown).toContain(`[${String(issue?.identifier)}](${String(issue?.url)})`)

      expect(await tick('2026-03-16T09:00:00Z')).toEqual([])
      expect(fake.issues.size).toBe(1)
    })
  })
}
