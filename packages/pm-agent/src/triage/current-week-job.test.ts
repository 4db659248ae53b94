import { createProject, type SutureDatabase, storeEnvelopes } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readTriage } from '../read-models/triage-data.js'
import { triageCurrentWeeks } from './current-week-job.js'
import { errorEnvelope } from './testing/constructed-week.js'
import { isoWeek, isoWeekRange } from './week.js'

const frames = [{ function: 'Avatar', file: 'src/avatar.tsx', line: 12 }]

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`the current week so far on ${backend.name}`, () => {
    let database: SutureDatabase
    let projectId: string
    beforeAll(async () => {
      database = await backend.open()
      projectId = (await createProject(database.db, { name: 'New app' })).projectId
    }, 60_000)
    afterAll(async () => {
      await database?.close()
    })

    it('shows an app connected today its clusters today, marked partial, and skips a week with nothing new', async () => {
      const before = new Date()
      const week = isoWeek(before)
      // Before any envelope: nothing to triage, nothing to show.
      expect(await triageCurrentWeeks(database.db, { now: before })).toEqual([
        { projectId, week, status: 'skipped' },
      ])
      expect((await readTriage(database.db, projectId, [])).available).toBe(false)

      const start = isoWeekRange(week).start.getTime()
      const at = new Date(Math.max(start, before.getTime() - 60_000))
      await storeEnvelopes(database.db, projectId, [
        errorEnvelope({
          id: 'today-1',
          at,
          user: 'u1',
          session: 's1',
          route: '/settings',
          type: 'TypeError',
          message: 'Avatar upload failed',
          frames,
        }),
      ])
      const now = new Date()
      expect(await triageCurrentWeeks(database.db, { now })).toEqual([{ projectId, week, status: 'triaged' }])
      const view = await readTriage(database.db, projectId, [])
      expect(view.week).toBe(week)
      expect(view.partialUntil?.toISOString()).toBe(now.toISOString())
      expect(view.clusters.map((c) => c.title)).toEqual([expect.stringContaining('Avatar upload failed')])

      // A rerun with nothing new since is skipped; a new envelope triages again.
      const later = new Date(now.getTime() + 1)
      expect((await triageCurrentWeeks(database.db, { now: later }))[0]?.status).toBe('skipped')
      await storeEnvelopes(database.db, projectId, [
        errorEnvelope({
          id: 'today-2',
          at,
          user: 'u2',
          session: 's2',
          route: '/settings',
          type: 'TypeError',
          message: 'Avatar upload failed',
          frames,
        }),
      ])
      expect((await triageCurrentWeeks(database.db, { now: new Date() }))[0]?.status).toBe('triaged')
      const again = await readTriage(database.db, projectId, [])
      expect(again.clusters[0]?.users).toBe(2)
    }, 120_000)

    it('does not call a finished week partial', async () => {
      const past = '2026-W02'
      const end = isoWeekRange(past).end
      await database.db
        .insertInto('triage_runs')
        .values({ project_id: projectId, week: '2099-W01', status: 'succeeded', started_at: new Date() })
        .execute()
      const future = await readTriage(database.db, projectId, [])
      expect(future.week).toBe('2099-W01')
      expect(future.partialUntil).toBeDefined()
      await database.db
        .updateTable('triage_runs')
        .set({ week: past, started_at: new Date(end.getTime() + 3_600_000) })
        .where('project_id', '=', projectId)
        .where('week', '=', '2099-W01')
        .execute()
      await database.db.deleteFrom('triage_runs').where('week', '!=', past).execute()
      const finished = await readTriage(database.db, projectId, [])
      expect(finished.week).toBe(past)
      expect(finished.partialUntil).toBeUndefined()
    })
  })
}
