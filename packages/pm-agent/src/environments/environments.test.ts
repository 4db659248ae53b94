import type { Envelope } from '@suture/envelope'
import { createProject, type Database, type SutureDatabase, storeEnvelopes } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { collectDigest } from '../digest/collect-digest.js'
import { checkSpikes } from '../spikes/check-spikes.js'
import { sampleEnvelope } from '../tickets/testing/sample-cluster.js'
import { LocalTracker } from '../trackers/local-tracker.js'
import { runTriage } from '../triage/run-triage.js'
import { isoWeekRange } from '../triage/week.js'
import { signalSeries } from '../validation/signal-series.js'
import { InvalidEnvironmentsError, inEnvironments } from './environments.js'

const WEEK = '2026-W03'
const START = isoWeekRange(WEEK).start.getTime()
const MIN = 60_000

/** `n` errors of one fingerprint from `n` users in `environment` (undefined: the SDK sent none). */
function burst(prefix: string, fingerprint: string, environment: string | undefined, at: number, n: number) {
  return Array.from({ length: n }, (_, i): Envelope => {
    const base = sampleEnvelope(`env_${prefix}_${i}_000`, new Date(at + i * 1000).toISOString())
    if (base.kind !== 'error') throw new Error('sample is an error')
    return {
      ...base,
      app: { name: 'demo-app', release: 'r1', ...(environment ? { environment } : {}) },
      actor: { idHash: `${prefix}_user_${i}` },
      sessionId: `${prefix}_session_${i}`,
      route: { template: `/${prefix}` },
      error: { ...base.error, message: `${prefix} failed`, fingerprint },
    }
  })
}

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`one environment at a time on ${backend.name}`, () => {
    let database: SutureDatabase
    let db: Kysely<Database>
    let projectId: string
    beforeAll(async () => {
      database = await backend.open()
      db = database.db
      projectId = (await createProject(db, { name: 'envs' })).projectId
      await storeEnvelopes(db, projectId, [
        ...burst('prod', 'fp_prod', 'production', START + 2 * 86_400_000, 6),
        // An SDK that could not tell its mode sent none: counted as production, as Sentry does.
        ...burst('unnamed', 'fp_unnamed', undefined, START + 2 * 86_400_000, 6),
        ...burst('dev', 'fp_dev', 'development', START + 2 * 86_400_000, 6),
        ...burst('staging', 'fp_staging', 'staging', START + 3 * 86_400_000, 6),
      ])
    }, 60_000)
    afterAll(async () => {
      await database?.close()
    })

    it('triages production by default, and another environment only when asked', async () => {
      const routes = (r: Awaited<ReturnType<typeof runTriage>>) => r.clusters.map((c) => c.route).sort()
      const production = await runTriage({ db, projectId, week: WEEK })
      expect(routes(production)).toEqual(['/prod', '/unnamed'])
      const staging = await runTriage({ db, projectId, week: WEEK, config: { environments: ['staging'] } })
      expect(routes(staging)).toEqual(['/staging'])
      const run = await db
        .selectFrom('triage_runs')
        .select('settings')
        .where('project_id', '=', projectId)
        .where('week', '=', WEEK)
        .executeTakeFirstOrThrow()
      expect((run.settings as { environments?: unknown }).environments).toEqual(['staging'])
    }, 60_000)

    it('a development burst does not fire the spike check; the same burst in production does', async () => {
      const now = new Date(START + 2 * 86_400_000 + 2 * MIN)
      const fired = await checkSpikes({
        db,
        projectId,
        now,
        tracker: new LocalTracker({ db, projectId }),
        clusterUrl: (k) => `https://suture.test/clusters/${k}`,
        config: {
          rules: [{ kind: 'burst', name: 'burst', moreThan: 5, windowMinutes: 5, minUsers: 2 }],
          resolveAfterMinutes: 60,
        },
      })
      expect(fired.map((f) => f.fingerprint).sort()).toEqual(['fp_prod', 'fp_unnamed'])
    })

    it('validates a fix on its environments only: staging errors say nothing of production', async () => {
      const series = (environments?: readonly string[]) =>
        signalSeries(db, {
          projectId,
          fingerprints: ['fp_staging'],
          ...(environments ? { environments } : {}),
          deployedAt: new Date(START + 86_400_000),
          now: new Date(START + 6 * 86_400_000),
          preDays: 1,
          postDays: 4,
        })
      const total = (s: Awaited<ReturnType<typeof series>>) =>
        [...s.before, ...s.after].reduce((n, p) => n + p.count, 0)
      expect(total(await series())).toBe(0)
      expect(total(await series(['staging']))).toBe(6)
    })

    it('the digest counts the signals of the environments its week was triaged for', async () => {
      await runTriage({ db, projectId, week: WEEK })
      const production = await collectDigest({ db, projectId, week: WEEK, shadow: false })
      expect(production.signals.errors).toBe(12)
      await runTriage({ db, projectId, week: WEEK, config: { environments: ['staging', 'development'] } })
      const others = await collectDigest({ db, projectId, week: WEEK, shadow: false })
      expect(others.signals.errors).toBe(12)
      const asked = await collectDigest({
        db,
        projectId,
        week: WEEK,
        shadow: false,
        environments: ['staging'],
      })
      expect(asked.signals.errors).toBe(6)
    }, 60_000)

    it('refuses to run for no environment at all', () => {
      expect(() => inEnvironments([])).toThrow(InvalidEnvironmentsError)
    })
  })
}
