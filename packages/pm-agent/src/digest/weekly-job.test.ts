import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { goLive } from '../shadow/go-live.js'
import { runWeeklyJob, WEEKLY_JOB, type WeekRunContext } from './weekly-job.js'

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`runWeeklyJob on ${backend.name}`, () => {
    let database: SutureDatabase
    beforeAll(async () => {
      database = await backend.open()
    })
    afterAll(() => database.close())

    it('runs once per ISO week, shadow first, catches up missed Mondays and retries a failed week', async () => {
      const { projectId } = await createProject(database.db, { name: 'weekly' })
      const calls: WeekRunContext[] = []
      let failWeek: string | null = null
      const tick = (iso: string) =>
        runWeeklyJob({
          db: database.db,
          now: new Date(iso),
          projectIds: [projectId],
          schedule: { weekday: 1, time: '08:00', timeZone: 'Europe/Amsterdam' },
          runWeek: async (context) => {
            if (context.week === failWeek) throw new Error('tracker down')
            calls.push(context)
            return {}
          },
        })

      // Sunday night: nothing new is due since install, so the first run is the latest Monday's week.
      expect(await tick('2026-01-12T06:59:00Z')).toEqual([
        { projectId, week: '2026-W01', status: 'ran', shadow: true },
      ])
      // A person takes the project live; Monday 08:00 Amsterdam: W02 runs live; the next ticks do nothing.
      await goLive(database.db, { projectId, by: 'ana@example.com' })
      expect(await tick('2026-01-12T07:00:00Z')).toEqual([
        { projectId, week: '2026-W02', status: 'ran', shadow: false },
      ])
      expect(await tick('2026-01-12T07:05:00Z')).toEqual([])
      expect(await tick('2026-01-14T12:00:00Z')).toEqual([])

      // The worker is down for two Mondays; on Wednesday it catches up W03 then W04, and W04 fails once.
      failWeek = '2026-W04'
      const wednesday = await tick('2026-01-28T10:00:00Z')
      expect(wednesday.map((r) => [r.week, r.status])).toEqual([
        ['2026-W03', 'ran'],
        ['2026-W04', 'failed'],
      ])
      failWeek = null
      expect((await tick('2026-01-28T10:05:00Z')).map((r) => [r.week, r.status])).toEqual([
        ['2026-W04', 'ran'],
      ])
      expect(await tick('2026-01-28T10:10:00Z')).toEqual([])

      expect(calls.map((c) => [c.week, c.shadow])).toEqual([
        ['2026-W01', true],
        ['2026-W02', false],
        ['2026-W03', false],
        ['2026-W04', false],
      ])
      const rows = await database.db
        .selectFrom('job_runs')
        .select(['key', 'status'])
        .where('name', '=', WEEKLY_JOB)
        .where('project_id', '=', projectId)
        .orderBy('key')
        .execute()
      expect(rows.map((r) => [r.key.split(':')[1], r.status])).toEqual([
        ['2026-W01', 'succeeded'],
        ['2026-W02', 'succeeded'],
        ['2026-W03', 'succeeded'],
        ['2026-W04', 'succeeded'],
      ])
    })
  })
}
