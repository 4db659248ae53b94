import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createProject, type Database, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { goLive } from '../shadow/go-live.js'
import { sampleEnvelope } from '../tickets/testing/sample-cluster.js'
import { LocalTracker } from '../trackers/local-tracker.js'
import { checkSpikes } from './check-spikes.js'
import { InvalidSpikeConfigError, parseSpikeConfig } from './rules.js'

const T0 = Date.parse('2026-03-02T10:00:00Z')
const MIN = 60_000

let hook: Server
let hookUrl: string
const posts: Record<string, unknown>[] = []
beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = ''
    req.on('data', (c) => {
      body += c
    })
    req.on('end', () => {
      posts.push(JSON.parse(body))
      res.writeHead(200).end('ok')
    })
  })
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve))
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`
})
afterAll(() => new Promise<void>((resolve) => hook.close(() => resolve())))

async function errors(
  db: Kysely<Database>,
  projectId: string,
  fingerprint: string,
  atMinutes: readonly number[],
  users: readonly string[],
  release = 'r1',
) {
  await db
    .insertInto('envelopes')
    .values(
      atMinutes.map((m, i) => {
        const id = `${fingerprint}_${m}_${i}_${release}`.replace(/\./g, '_')
        const at = new Date(T0 + m * MIN).toISOString()
        return {
          project_id: projectId,
          id,
          kind: 'error' as const,
          occurred_at: at,
          route_template: '/settings/members',
          fingerprint,
          actor_hash: users[i % users.length] ?? null,
          release,
          error_type: 'TypeError',
          message: `boom ${fingerprint}`,
          body: JSON.stringify(sampleEnvelope(id.padEnd(8, '_'), at)),
        }
      }),
    )
    .execute()
}

describe('spike rules config', () => {
  it('names the bad field', () => {
    expect(() =>
      parseSpikeConfig({ rules: [{ kind: 'burst', name: 'b', moreThan: -1 }], resolveAfterMinutes: 5 }),
    ).toThrow(InvalidSpikeConfigError)
    expect(() => parseSpikeConfig({ rules: [{ kind: 'nope', name: 'x' }], resolveAfterMinutes: 5 })).toThrow(
      /rules\.0/,
    )
  })
})

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`checkSpikes on ${backend.name}`, () => {
    let database: SutureDatabase
    let db: Kysely<Database>
    beforeAll(async () => {
      database = await backend.open()
      db = database.db
    })
    afterAll(() => database.close())

    it('fires once per cluster, files through the idempotent path, stays silent until resolved', async () => {
      const { projectId } = await createProject(database.db, { name: 'spikes' })
      await goLive(db, { projectId, by: 'ana@example.com' })
      const tracker = new LocalTracker({ db, projectId })
      const check = (minute: number) =>
        checkSpikes({
          db,
          projectId,
          now: new Date(T0 + minute * MIN),
          tracker,
          clusterUrl: (k) => `https://suture.test/clusters/${k}`,
          webhookUrl: hookUrl,
          config: {
            rules: [{ kind: 'burst', name: 'burst', moreThan: 5, windowMinutes: 5, minUsers: 2 }],
            resolveAfterMinutes: 60,
          },
        })
      posts.length = 0
      // Old history so the fingerprint is not new; then a noisy single user: 8 errors, one user — no spike.
      await errors(db, projectId, 'fp_burst', [-3000], ['u1'], 'r0')
      await errors(db, projectId, 'fp_solo', [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5], ['u9'], 'r0')
      // Exactly 5 from two users is not "more than 5".
      await errors(db, projectId, 'fp_burst', [0, 1, 2, 3, 4], ['u1', 'u2'], 'r0')
      expect(await check(4.5)).toEqual([])
      await errors(db, projectId, 'fp_burst', [4.6], ['u3'], 'r0')
      const fired = await check(4.8)
      expect(fired.map((f) => [f.rule, f.clusterKey, f.count, f.users, f.filing?.action, f.webhook])).toEqual(
        [['burst', 'fp:fp_burst', 6, 3, 'created', 'sent']],
      )
      expect(posts).toHaveLength(1)
      expect(posts[0]).toMatchObject({
        text: expect.stringMatching(/Spike \(burst\): TypeError: boom fp_burst/),
      })
      const ticketId = fired[0]?.filing?.ticket?.id ?? ''
      expect((await tracker.get(ticketId))?.labels).toEqual(expect.arrayContaining(['suture:spike']))
      expect((await tracker.get(ticketId))?.labels).not.toContain('suture:auto-fixable')

      // Still bursting a minute later: silenced.
      await errors(db, projectId, 'fp_burst', [5.2, 5.4, 5.6, 5.8, 5.9, 5.95], ['u1', 'u2'], 'r0')
      expect(await check(6)).toEqual([])
      expect(posts).toHaveLength(1)

      // Quiet for an hour: the firing resolves; a new burst fires again and updates the same ticket.
      expect(await check(70)).toEqual([])
      await errors(db, projectId, 'fp_burst', [80, 80.5, 81, 81.5, 82, 82.5], ['u4', 'u5'], 'r0')
      const again = await check(83)
      expect(again.map((f) => [f.clusterKey, f.filing?.action, f.filing?.ticket?.id])).toEqual([
        ['fp:fp_burst', 'updated', ticketId],
      ])
      expect(
        await db.selectFrom('local_tickets').select('id').where('project_id', '=', projectId).execute(),
      ).toHaveLength(1)
      const firings = await db
        .selectFrom('spike_firings')
        .select(['resolved_at'])
        .where('project_id', '=', projectId)
        .execute()
      expect(firings.map((f) => f.resolved_at === null).sort()).toEqual([false, true])
    })

    it('a new fingerprint right after a release fires; an old one does not', async () => {
      const { projectId } = await createProject(database.db, { name: 'release' })
      const tracker = new LocalTracker({ db, projectId })
      await errors(db, projectId, 'fp_old', [-500], ['u1'], 'r1')
      await db
        .insertInto('deploys')
        .values({
          project_id: projectId,
          release: 'r2',
          environment: 'production',
          deployed_at: new Date(T0),
        })
        .execute()
      await errors(db, projectId, 'fp_old', [3], ['u1'], 'r2')
      await errors(db, projectId, 'fp_new', [4], ['u2'], 'r2')
      const fired = await checkSpikes({
        db,
        projectId,
        now: new Date(T0 + 10 * MIN),
        tracker,
        clusterUrl: (k) => `https://suture.test/clusters/${k}`,
      })
      expect(fired.map((f) => [f.rule, f.fingerprint, f.release, f.webhook])).toEqual([
        ['new-after-release', 'fp_new', 'r2', 'not-configured'],
      ])
    })
  })
}
