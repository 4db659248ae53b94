import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rateConfidence } from '../tickets/confidence.js'
import { sampleCluster } from '../tickets/testing/sample-cluster.js'
import { produceDigest } from './produce-digest.js'

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`digest numbers and ordering on ${backend.name}`, () => {
    let database: SutureDatabase
    beforeAll(async () => {
      database = await backend.open()
    })
    afterAll(() => database.close())

    it('implied NPS by the dashboard rule: rounded scores, one latest score per session', async () => {
      const db = database.db
      const { projectId } = await createProject(db, { name: 'nps' })
      const at = (day: string) => new Date(`${day}T12:00:00Z`)
      const base = { project_id: projectId, status: 'scored' as const, department: 'growth', version: '1' }
      // Sessions count in the week they started (the dashboard's rule), whenever they were scored.
      for (const session of ['s_one', 's_two']) {
        await db
          .insertInto('sessions')
          .values({
            project_id: projectId,
            id: session,
            started_at: at('2026-01-13'),
            last_event_at: at('2026-01-13'),
            ended_at: at('2026-01-13'),
            distinct_id: null,
            actor_hash: null,
            workspace_id: null,
          })
          .execute()
      }
      for (const [session, score, day] of [
        ['s_one', 5, '2026-01-13'], // re-scored below: only the latest counts
        ['s_one', 8.6, '2026-01-14'], // rounds to 9: a promoter, as on the dashboard
        ['s_two', 6.4, '2026-01-14'],
      ] as const) {
        await db
          .insertInto('scores')
          .values({ ...base, session_id: session, score, scored_at: at(day), scorer: `heuristic-${day}` })
          .execute()
      }
      const digest = await produceDigest({ db, projectId, week: '2026-W03', shadow: false })
      expect(digest.markdown).toMatch(/\| growth +\|[^\n]*\| 0 \(n=2\) +\|/)
    })

    it('orders items by priority, then confidence; says "1 user"', async () => {
      const db = database.db
      const { projectId } = await createProject(db, { name: 'order' })
      const broadButUnsure = sampleCluster({
        key: 'unsure',
        title: 'Broad but unsure',
        decision: 'observation',
        counts: { signals: 90, users: 50, sessions: 60, workspaces: 1 },
        confidence: { level: 'low', reasons: ['a single signal'] },
      })
      const sure = sampleCluster({
        key: 'sure',
        title: 'Narrow but sure',
        decision: 'observation',
        counts: { signals: 1, users: 1, sessions: 1, workspaces: 1 },
        confidence: { level: 'high', reasons: ['structure + stack agreed'] },
      })
      const digest = await produceDigest({
        db,
        projectId,
        week: '2026-W03',
        shadow: false,
        clusters: [broadButUnsure, sure],
      })
      const observations = digest.markdown.slice(digest.markdown.indexOf('## Observations'))
      expect(observations.indexOf('Narrow but sure')).toBeLessThan(observations.indexOf('Broad but unsure'))
      expect(observations).toMatch(/Narrow but sure\*\* — 1 user, 1 signal, P2, high confidence/)
      expect(digest.markdown).not.toMatch(/\b1 users\b|\b1 signals\b/)
    })

    it('lists an issue people filed that only one signal ties to a cluster under needs-confirmation', async () => {
      const db = database.db
      const { projectId } = await createProject(db, { name: 'filed' })
      const digest = await produceDigest({
        db,
        projectId,
        week: '2026-W03',
        shadow: false,
        filing: {
          shadow: false,
          entries: [
            {
              clusterKey: 'c_invite',
              action: 'created',
              possibleDuplicates: [
                { identifier: 'SUT-7', url: 'https://linear.app/x/SUT-7', signal: 'semantics', score: 0.61 },
              ],
            },
          ],
        },
      })
      const section = digest.markdown.slice(digest.markdown.indexOf('## Needs confirmation'))
      expect(section).toMatch(/`c_invite` and `SUT-7` — only semantics agreed \(0\.61\); same problem\?/)
    })
  })
}

describe('rateConfidence', () => {
  const base = {
    fingerprints: ['fp'],
    counts: { users: 9, workspaces: 6, signals: 48 },
    firstSeen: '2026-01-12T10:00:00.000Z',
  }
  it('is high when two signals agreed, with a stack, breadth and an onset after a deploy', () => {
    const rated = rateConfidence({
      ...base,
      evidence: ['structure + stack (4 merges)'],
      deployBefore: { release: 'r42', hoursBefore: 2.2 },
    })
    expect(rated.level).toBe('high')
    expect(rated.reasons).toEqual([
      'structure + stack agreed',
      'a stack fingerprint to reproduce from',
      '9 users in 6 workspaces',
      'started 2 h after release r42 was deployed',
    ])
  })
  it('is medium for one agreeing signal and a stack, low for one user with nothing to corroborate', () => {
    expect(
      rateConfidence({
        ...base,
        evidence: ['semantics (1 merge)'],
        counts: { users: 2, workspaces: 1, signals: 3 },
      }).level,
    ).toBe('medium')
    const low = rateConfidence({ ...base, fingerprints: [], counts: { users: 1, workspaces: 1, signals: 1 } })
    expect(low.level).toBe('low')
    expect(low.reasons).toContain('1 user in 1 workspace')
  })
})
