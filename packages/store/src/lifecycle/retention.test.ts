import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SutureDatabase } from '../database/open-database.js'
import { createProject } from '../projects/projects.js'
import { TEST_DATABASES } from '../testing/index.js'
import { ensureWeeklyPartitions, timePartitions } from './partitions.js'
import { applyRetention, retentionSummary } from './retention.js'
import { retentionJob } from './retention-job.js'
import { retentionPolicy } from './retention-policy.js'

const DAY = 86_400_000
// Ages in days. 90 and 30 sit exactly on a window: kept (only what is *older* goes).
const AGES = [1, 10, 29, 30, 31, 60, 89, 90, 91, 120, 200, 400, 800]

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`retention on ${backend.name}`, () => {
    let database: SutureDatabase
    const now = new Date(Math.floor(Date.now() / 1000) * 1000)
    const ago = (days: number) => new Date(now.getTime() - days * DAY)
    let web: string
    let shop: string

    async function seed(): Promise<void> {
      const db = database.db
      for (const [projectId, tag] of [
        [web, 'w'],
        [shop, 's'],
      ] as const) {
        await db
          .insertInto('envelopes')
          .values(
            AGES.map((age) => ({
              project_id: projectId,
              id: `${tag}-env-${age}`,
              kind: 'error' as const,
              occurred_at: ago(age),
              route_template: '/r',
              body: '{}',
            })),
          )
          .execute()
        await db
          .insertInto('session_events')
          .values(
            AGES.map((age) => ({
              project_id: projectId,
              id: `${tag}-ev-${age}`,
              session_id: `${tag}-s-${age}`,
              ts: ago(age),
              event: '$pageview',
              properties: '{}',
            })),
          )
          .execute()
        await db
          .insertInto('sessions')
          .values(
            AGES.map((age) => ({
              project_id: projectId,
              id: `${tag}-s-${age}`,
              started_at: ago(age),
              last_event_at: ago(age),
            })),
          )
          .execute()
        await db
          .insertInto('scores')
          .values(
            AGES.map((age) => ({
              project_id: projectId,
              session_id: `${tag}-s-${age}`,
              scorer: 'heuristic',
              version: '1',
              status: 'scored' as const,
              score: 7,
              scored_at: ago(age),
            })),
          )
          .execute()
      }
      await db
        .insertInto('job_runs')
        .values([
          { name: 'old-done', key: 'k', status: 'succeeded', started_at: ago(200) },
          { name: 'old-running', key: 'k', status: 'running', started_at: ago(200) },
          { name: 'recent', key: 'k', status: 'succeeded', started_at: ago(2), project_id: web },
        ])
        .execute()
    }

    const ids = async (table: 'envelopes' | 'session_events' | 'sessions') =>
      (await database.db.selectFrom(table).select('id').orderBy('id').execute()).map((r) => r.id)
    const expected = (tag: string, kind: string, window: number) =>
      AGES.filter((a) => a <= window).map((a) => `${tag}-${kind}-${a}`)

    // web keeps the defaults (90 days); shop keeps envelopes 30 days and events forever.
    const policy = retentionPolicy({ projects: {} })

    beforeAll(async () => {
      database = await backend.open()
      web = (await createProject(database.db, { name: 'web' })).projectId
      shop = (await createProject(database.db, { name: 'shop' })).projectId
      await seed()
    })
    afterAll(async () => {
      await database?.close()
    })

    it('drops exactly what is older than each window, survives a crash between and inside batches, and a rerun does nothing', async () => {
      const withShop = retentionPolicy({ projects: { [shop]: { envelopes: 30, sessionEvents: null } } })
      // On Postgres the migration made weekly partitions around today and the rows above landed in the
      // default partition; give a few old weeks theirs (their rows move out of the default), so the run
      // drops whole partitions (91 and 120 days old) and deletes the rest (default, shorter windows) by row.
      const created = await ensureWeeklyPartitions(database.db, 'envelopes', ago(130), ago(85))
      expect(created.length > 0).toBe(backend.name === 'postgres')
      await ensureWeeklyPartitions(database.db, 'session_events', ago(130), ago(85))

      let steps = 0
      const crash = (at: number) => () => {
        steps++
        if (steps === at) throw new Error(`crash in step ${at}`)
      }
      // A crash inside the second step (its delete is rolled back with its count)…
      await expect(
        applyRetention(database.db, { policy: withShop, now, batchSize: 2, onBatch: crash(2) }),
      ).rejects.toThrow('crash in step 2')
      // …and another a few steps into the rerun.
      steps = 0
      await expect(
        applyRetention(database.db, { policy: withShop, now, batchSize: 2, onBatch: crash(4) }),
      ).rejects.toThrow('crash in step 4')
      const finish = await applyRetention(database.db, { policy: withShop, now, batchSize: 2 })
      expect(finish.drops.length).toBeGreaterThan(0)

      expect(await ids('envelopes')).toEqual(
        [...expected('s', 'env', 30), ...expected('w', 'env', 90)].sort(),
      )
      expect(await ids('session_events')).toEqual(
        [...AGES.map((a) => `s-ev-${a}`), ...expected('w', 'ev', 90)].sort(),
      )
      expect(await ids('sessions')).toEqual([...expected('s', 's', 730), ...expected('w', 's', 730)].sort())
      const scores = await database.db
        .selectFrom('scores')
        .select('session_id')
        .orderBy('session_id')
        .execute()
      expect(scores.map((s) => s.session_id)).toEqual(
        [...expected('s', 's', 730), ...expected('w', 's', 730)].sort(),
      )
      const runs = await database.db.selectFrom('job_runs').select('name').orderBy('name').execute()
      expect(runs.map((r) => r.name)).toEqual(['old-running', 'recent'])

      // The ledger counts every dropped row once, crashes notwithstanding.
      const summary = await retentionSummary(database.db, {})
      const count = (scope: string, kind: string) =>
        summary.filter((s) => s.scope === scope && s.kind === kind).reduce((n, s) => n + s.dropped, 0)
      const older = (window: number) => AGES.filter((a) => a > window).length
      expect(count(web, 'envelopes')).toBe(older(90))
      expect(count(shop, 'envelopes')).toBe(older(30))
      expect(count(web, 'sessionEvents')).toBe(older(90))
      expect(count(shop, 'sessionEvents')).toBe(0)
      expect(count(web, 'sessions')).toBe(older(730))
      expect(count(web, 'scores')).toBe(older(730))
      expect(count('*', 'jobRuns')).toBe(1)
      expect(summary.find((s) => s.scope === shop && s.kind === 'envelopes')?.windowDays).toBe(30)

      const again = await applyRetention(database.db, { policy: withShop, now, batchSize: 2 })
      expect(again.drops).toEqual([])
      expect(await retentionSummary(database.db, {})).toEqual(summary)

      if (backend.name === 'postgres') {
        // Weeks past every project's envelope window (90 days) went as whole partitions.
        const left = (await timePartitions(database.db, 'envelopes')) ?? []
        expect(left.some((p) => p.to !== null && p.to.getTime() <= ago(90).getTime())).toBe(false)
        expect(left.some((p) => p.to === null)).toBe(true)
        const partitionDrops = await database.db
          .selectFrom('retention_drops')
          .select((eb) => eb.fn.sum<number>('partitions_dropped').as('n'))
          .executeTakeFirstOrThrow()
        expect(Number(partitionDrops.n)).toBeGreaterThan(0)
      }
    })

    it('the daily job runs once per day and records its run', async () => {
      const job = retentionJob({ policy, now: () => new Date(now.getTime() + 3 * DAY) })
      const lines: string[] = []
      const context = { database, data: {}, jobId: 'j1', log: (line: string) => lines.push(line) }
      await job.run(context)
      expect(lines.join('\n')).toMatch(/retention: dropped \d+ envelopes older than 90 days/)
      const second = await job.run(context)
      expect(second).toMatchObject({ skipped: true })
      const run = await database.db
        .selectFrom('job_runs')
        .selectAll()
        .where('name', '=', 'retention')
        .executeTakeFirstOrThrow()
      expect(run.status).toBe('succeeded')
      const stillThere = await sql<{ n: number }>`select count(*)::int as n from envelopes`.execute(
        database.db,
      )
      expect(stillThere.rows[0]?.n).toBeGreaterThan(0)
    })
  })
}
