import type { Envelope } from '@suture/envelope'
import { createProject, type SutureDatabase, storeEnvelopes } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { issuesOfSessions } from './session-issues.js'

const error = (id: string, sessionId: string, message: string, occurredAt: string): Envelope => ({
  id,
  schemaVersion: 1,
  kind: 'error',
  occurredAt,
  app: { name: 'shop' },
  route: { template: '/checkout/:id' },
  sessionId,
  breadcrumbs: [],
  flags: {},
  frustration: { rageClicks: 0, deadClicks: 0, errorClicks: 0 },
  error: { type: 'TypeError', message, frames: [], handled: false, mechanism: 'boundary' },
})

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`issues of sessions on ${backend.name}`, () => {
    let database: SutureDatabase
    let projectId: string
    beforeAll(async () => {
      database = await backend.open()
      projectId = (await createProject(database.db, { name: 'Shop' })).projectId
      await storeEnvelopes(database.db, projectId, [
        error('e-1-00000001', 's-1', 'total is undefined', '2026-11-17T10:00:00Z'),
        error('e-2-00000002', 's-1', 'total is undefined', '2026-11-17T10:01:00Z'),
        error('e-3-00000003', 's-1', 'bad index', '2026-11-24T10:00:00Z'),
        error('e-4-00000004', 's-2', 'total is undefined', '2026-11-18T10:00:00Z'),
      ])
      const cluster = {
        project_id: projectId,
        key: 'c-total',
        kind: 'bug' as const,
        improvement: null,
        decision: 'ticket' as const,
        decision_reason: 'r',
        priority: 2,
        priority_score: 0.5,
        priority_parts: JSON.stringify({}),
        trend: 'steady',
        rate: JSON.stringify({}),
        depth_share: null,
        nps_drop: null,
        department: null,
        auto_fixable: false,
        route_template: '/checkout/:id',
        error_type: 'TypeError',
        message: 'total is undefined',
        boundary: null,
        attempting: null,
        signal_count: 3,
        user_count: 2,
        session_count: 2,
        workspace_count: 0,
        days_active: 2,
        first_seen: '2026-11-17T10:00:00Z',
        last_seen: '2026-11-18T10:00:00Z',
      }
      // Triaged in two weeks; the latest week's title is the one shown.
      await database.db
        .insertInto('clusters')
        .values([
          { ...cluster, week: '2026-W46', title: 'Old title' },
          { ...cluster, week: '2026-W47', title: 'Checkout total is undefined' },
        ])
        .execute()
      await database.db
        .insertInto('cluster_members')
        .values(
          ['e-1-00000001', 'e-2-00000002', 'e-4-00000004'].map((id) => ({
            project_id: projectId,
            week: '2026-W47',
            signal_id: id,
            cluster_key: 'c-total',
            kind: 'error' as const,
          })),
        )
        .execute()
    }, 120_000)
    afterAll(async () => {
      await database?.close()
    })

    it('groups each session’s errors by the cluster they are in, else by fingerprint with its week', async () => {
      const issues = await issuesOfSessions(database.db, projectId, ['s-1', 's-2', 's-none'])
      expect(issues.get('s-1')).toEqual([
        {
          key: 'c-total',
          fingerprint: undefined,
          title: 'Checkout total is undefined',
          week: '2026-W47',
          errors: 2,
        },
        {
          key: undefined,
          fingerprint: expect.stringMatching(/./),
          title: 'TypeError: bad index',
          week: '2026-W48',
          errors: 1,
        },
      ])
      expect(issues.get('s-2')?.map((i) => i.key)).toEqual(['c-total'])
      expect(issues.has('s-none')).toBe(false)
      expect((await issuesOfSessions(database.db, projectId, [])).size).toBe(0)
    })
  })
}
