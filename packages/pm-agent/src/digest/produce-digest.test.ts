import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fileTickets } from '../tickets/file-tickets.js'
import { sampleCluster } from '../tickets/testing/sample-cluster.js'
import { LocalTracker } from '../trackers/local-tracker.js'
import { markFixed, runValidations } from '../validation/run-validations.js'
import { produceDigest } from './produce-digest.js'

const DAY = 86_400_000

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`produceDigest on ${backend.name}`, () => {
    let database: SutureDatabase
    beforeAll(async () => {
      database = await backend.open()
    })
    afterAll(() => database.close())

    it('renders a fixed week (2026-W03) to the committed snapshot, as Markdown and HTML, on disk and stored', async () => {
      const db = database.db
      const { projectId } = await createProject(database.db, { name: 'Acme <Web>' })
      const tracker = new LocalTracker({ db, projectId, baseUrl: 'https://suture.example.com' })
      const clusterUrl = (key: string) => `https://suture.example.com/clusters/${key}`

      // Monday of W03: a spike files the invite bug, and its fix ships as r42 an hour later.
      const invite = sampleCluster({
        key: 'invite-email',
        fingerprints: ['fp_invite'],
        route: '/settings/members',
      })
      await fileTickets({
        db,
        projectId,
        tracker,
        clusters: [invite],
        runKey: 'spike:burst:2026-01-12T08:00',
        shadow: false,
        clusterUrl,
        now: new Date('2026-01-12T08:00:00Z'),
      })
      const deploy = new Date('2026-01-12T09:00:00Z')
      const envelopes = []
      for (let d = -14; d < 0; d++) {
        for (let i = 0; i < 10; i++) {
          envelopes.push({
            project_id: projectId,
            id: `inv_${d}_${i}`,
            kind: 'error' as const,
            occurred_at: new Date(deploy.getTime() + d * DAY + i * 60_000),
            route_template: '/settings/members',
            fingerprint: 'fp_invite',
            body: '{}',
          })
        }
      }
      // This week's other signals: 30 errors and 4 feedback.
      for (let i = 0; i < 34; i++) {
        envelopes.push({
          project_id: projectId,
          id: `w03_${i}`,
          kind: i < 30 ? ('error' as const) : ('feedback' as const),
          occurred_at: new Date(Date.parse('2026-01-13T10:00:00Z') + i * 3_600_000),
          route_template: '/billing',
          fingerprint: i < 30 ? 'fp_billing' : null,
          body: '{}',
        })
      }
      await db.insertInto('envelopes').values(envelopes).execute()
      await db
        .insertInto('deploys')
        .values({ project_id: projectId, release: 'r42', environment: 'production', deployed_at: deploy })
        .execute()
      await tracker.setState(
        (await db.selectFrom('ticket_links').select('ticket_id').executeTakeFirstOrThrow()).ticket_id ?? '',
        'done',
        new Date('2026-01-12T09:30:00Z'),
      )
      await markFixed(db, { projectId, clusterKey: 'invite-email', release: 'r42' })
      await runValidations({ db, projectId, tracker, now: new Date('2026-01-18T12:00:00Z') })

      // This week's triage: a billing bug (held), an observation, a needs-confirmation pair.
      const clusters = [
        sampleCluster({
          key: 'billing-total',
          title: 'Invoice total shows NaN',
          decision: 'held-for-humans',
          heldReason: 'billing',
          route: '/billing',
          priority: 1,
          fingerprints: ['fp_billing'],
          counts: { signals: 30, users: 12, sessions: 20, workspaces: 7 },
        }),
        sampleCluster({
          key: 'avatar-crop',
          title: 'Avatar crop <b>jumps</b> on drag',
          decision: 'observation',
          route: '/profile',
          priority: 4,
          counts: { signals: 3, users: 2, sessions: 2, workspaces: 1 },
        }),
        sampleCluster({
          key: 'export-csv',
          title: 'CSV export times out',
          route: '/reports/:id',
          priority: 3,
        }),
      ]
      await fileTickets({
        db,
        projectId,
        tracker,
        clusters,
        runKey: '2026-W03',
        shadow: false,
        clusterUrl,
        now: new Date('2026-01-18T20:00:00Z'),
      })
      // Scored sessions for the NPS trend: growth slipping this week.
      const scores = []
      for (const [week, start, growth, billing] of [
        ['W52', '2025-12-22', 9, 8],
        ['W01', '2025-12-29', 9, 8],
        ['W02', '2026-01-05', 8, 8],
        ['W03', '2026-01-13', 4, 9],
      ] as const) {
        for (let i = 0; i < 4; i++) {
          for (const [department, score] of [
            ['growth', i === 0 ? growth : 9],
            ['billing', billing],
          ] as const) {
            scores.push({
              project_id: projectId,
              session_id: `${week}_${department}_${i}`,
              scorer: 'heuristic',
              version: '1',
              status: 'scored' as const,
              score: i === 3 ? score - 3 : score,
              department,
              scored_at: new Date(`${start}T12:00:00Z`),
            })
          }
        }
      }
      await database.db.insertInto('scores').values(scores).execute()
      // The sessions those scores are about, started when they were scored.
      await database.db
        .insertInto('sessions')
        .values(
          scores.map((sc) => ({
            project_id: projectId,
            id: sc.session_id,
            started_at: sc.scored_at,
            last_event_at: sc.scored_at,
          })),
        )
        .execute()

      const outDir = await mkdtemp(path.join(tmpdir(), 'suture-digest-'))
      const digest = await produceDigest({
        db,
        projectId,
        week: '2026-W03',
        shadow: false,
        clusters,
        needsConfirmation: [{ a: 'export-csv', b: 'report-timeout', signal: 'semantics', score: 0.71 }],
        outDir,
      })
      // Ticket ids are random per database, the rest is a function of the stored state.
      const stable = (text: string) => text.replace(/LOCAL-\d+/g, 'LOCAL-n')
      await expect(stable(digest.markdown)).toMatchFileSnapshot('./__snapshots__/digest-2026-W03.md')
      await expect(stable(digest.html)).toMatchFileSnapshot('./__snapshots__/digest-2026-W03.html')
      expect(await readFile(path.join(outDir, '2026-W03.md'), 'utf8')).toBe(digest.markdown)
      expect(digest.html).not.toMatch(/<b>jumps/)
      const stored = await db.selectFrom('digests').selectAll().where('project_id', '=', projectId).execute()
      expect(stored.map((s) => [s.week, s.markdown === digest.markdown])).toEqual([['2026-W03', true]])

      // Producing the same week again replaces the row instead of adding one.
      await produceDigest({ db, projectId, week: '2026-W03', shadow: false, clusters, outDir })
      expect(
        await db.selectFrom('digests').select('week').where('project_id', '=', projectId).execute(),
      ).toHaveLength(1)
    })

    it("groups the implied NPS by department by the session's start, counting each session's latest score once", async () => {
      const db = database.db
      const { projectId } = await createProject(db, { name: 'NPS rule' })
      const session = (id: string, started: string) => ({
        project_id: projectId,
        id,
        started_at: new Date(started),
        last_event_at: new Date(started),
      })
      const score = (sessionId: string, value: number, scoredAt: string, version = '1') => ({
        project_id: projectId,
        session_id: sessionId,
        scorer: 'heuristic',
        version,
        status: 'scored' as const,
        score: value,
        department: 'growth',
        scored_at: new Date(scoredAt),
      })
      // Both sessions happened in W02 (Sunday night) and were scored by Monday's nightly run, in W03.
      await db
        .insertInto('sessions')
        .values([session('late-sunday', '2026-01-11T23:00:00Z'), session('rescored', '2026-01-10T12:00:00Z')])
        .execute()
      await db
        .insertInto('scores')
        .values([
          score('late-sunday', 10, '2026-01-12T03:00:00Z'),
          score('rescored', 2, '2026-01-12T03:00:00Z'),
          // A newer scorer version re-scored it: only this one counts, as on the dashboard.
          score('rescored', 10, '2026-01-13T03:00:00Z', '2'),
        ])
        .execute()
      const digest = await produceDigest({ db, projectId, week: '2026-W03', shadow: false })
      const growth = digest.data.nps.find((d) => d.department === 'growth')
      expect(growth?.weeks.map((w) => [w.week, w.sessions, w.nps])).toEqual([
        ['2025-W52', 0, null],
        ['2026-W01', 0, null],
        ['2026-W02', 2, 100],
        ['2026-W03', 0, null],
      ])
    })

    it('says what retention dropped that week, in words', async () => {
      const db = database.db
      const { projectId } = await createProject(db, { name: 'Retention' })
      await db
        .insertInto('retention_drops')
        .values([
          {
            scope: projectId,
            kind: 'envelopes',
            day: '2026-01-13',
            window_days: 90,
            cutoff: new Date('2025-10-15'),
            dropped: 120,
          },
          {
            scope: projectId,
            kind: 'envelopes',
            day: '2026-01-14',
            window_days: 90,
            cutoff: new Date('2025-10-16'),
            dropped: 3,
          },
          {
            scope: projectId,
            kind: 'sessionEvents',
            day: '2026-01-20',
            window_days: 90,
            cutoff: new Date('2025-10-22'),
            dropped: 9,
          },
        ])
        .execute()
      const digest = await produceDigest({ db, projectId, week: '2026-W03', shadow: false })
      expect(digest.data.retention).toEqual(['dropped 123 envelopes older than 90 days'])
      expect(digest.markdown).toContain('dropped 123 envelopes older than 90 days')
      expect(digest.html).toContain('dropped 123 envelopes older than 90 days')
    })
  })
}
