import type { SutureDatabase } from '@suture/store'
import { createProject } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeuristicScorer } from '../scoring/heuristic-scorer.js'
import { scoreStoredSessions } from '../sessions/score-stored-sessions.js'
import { seedSessions } from '../sessions/test-fixtures.js'
import { exportScores } from './export-scores.js'
import { type FakePostHog, startFakePostHog } from './fake-posthog-server.js'
import { importPostHogEvents, PostHogQueryError } from './hogql-import.js'
import { createPostHogExporter, SCORE_EVENT } from './score-exporter.js'

const NOW = new Date('2026-03-03T03:00:00Z')

// Rows as the HogQL API returns them: properties as a JSON string, ClickHouse timestamps.
const ROWS: unknown[][] = [
  [
    '0190a1b2-0000-7000-8000-000000000001',
    '$pageview',
    '2026-03-02T10:00:00Z',
    'u1',
    'ph-s1',
    JSON.stringify({ $pathname: '/pricing', $session_id: 'ph-s1' }),
  ],
  [
    '0190a1b2-0000-7000-8000-000000000002',
    '$autocapture',
    '2026-03-02T10:00:30Z',
    'u1',
    'ph-s1',
    JSON.stringify({ $event_type: 'click', $el_text: 'Start trial' }),
  ],
  ['0190a1b2-0000-7000-8000-000000000003', 'trial_started', '2026-03-02T10:01:00Z', 'u1', 'ph-s1', '{}'],
  [
    '0190a1b2-0000-7000-8000-000000000004',
    '$pageview',
    '2026-03-02T11:00:00Z',
    'u2',
    'ph-s2',
    JSON.stringify({ $pathname: '/docs/api' }),
  ],
  [
    '0190a1b2-0000-7000-8000-000000000005',
    '$exception',
    '2026-03-02T11:00:05Z',
    'u2',
    'ph-s2',
    JSON.stringify({ $exception_list: [{ type: 'TypeError', value: 'x' }] }),
  ],
  ['0190a1b2-0000-7000-8000-000000000006', '$pageleave', '2026-03-02T11:00:06Z', 'u2', 'ph-s2', '{}'],
  [
    '0190a1b2-0000-7000-8000-000000000007',
    '$pageview',
    '2026-03-02 12:00:00',
    'u3',
    'ph-s3',
    JSON.stringify({ $current_url: 'https://shop.example/cart?x=1' }),
  ],
]

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`PostHog on ${backend.name}`, () => {
    let database: SutureDatabase
    let posthog: FakePostHog
    beforeAll(async () => {
      database = await backend.open()
      posthog = await startFakePostHog({ rows: ROWS, personalApiKey: 'phx_personal' })
    })
    afterAll(async () => {
      await posthog?.close()
      await database?.close()
    })

    it('imports a window through the paged HogQL API, honouring 429, and stores nothing twice', async () => {
      const { projectId } = await createProject(database.db, { name: 'Imported' })
      posthog.failNextQueries.push(429, 503)
      const lines: string[] = []
      const options = {
        host: posthog.url,
        posthogProjectId: '4242',
        personalApiKey: 'phx_personal',
        projectId,
        since: new Date('2026-03-02T00:00:00Z'),
        until: new Date('2026-03-03T00:00:00Z'),
        pageSize: 3,
        log: (l: string) => lines.push(l),
      }
      const first = await importPostHogEvents(database.db, options)
      expect(first).toEqual({ pages: 3, events: 7, accepted: 7, sessions: 3 })
      expect(lines.filter((l) => l.startsWith('PostHog answered'))).toHaveLength(2)
      const lastQuery = posthog.queries.at(-1)?.query as { values?: Record<string, unknown> } | undefined
      const values = lastQuery?.values
      expect(values).toMatchObject({
        since: '2026-03-02 00:00:00',
        until: '2026-03-03 00:00:00',
        limit: 3,
        offset: 6,
      })
      const again = await importPostHogEvents(database.db, options)
      expect(again.accepted).toBe(0)
      const sessions = await database.db
        .selectFrom('sessions')
        .select(['id', 'event_count'])
        .where('project_id', '=', projectId)
        .orderBy('id')
        .execute()
      expect(sessions.map((s) => [s.id, s.event_count])).toEqual([
        ['ph-s1', 3],
        ['ph-s2', 3],
        ['ph-s3', 1],
      ])
      await expect(importPostHogEvents(database.db, { ...options, personalApiKey: 'wrong' })).rejects.toThrow(
        PostHogQueryError,
      )
    })

    it('exports each score as an event on its session with the score as a person property, once', async () => {
      await seedSessions(database.db, [
        { id: 'exp-1', start: new Date('2026-03-02T08:00:00Z') },
        { id: 'exp-2', start: new Date('2026-03-02T09:00:00Z'), error: true },
      ])
      await scoreStoredSessions(database.db, { scorer: createHeuristicScorer(), now: NOW })
      const exporter = createPostHogExporter({ apiKey: 'phc_project', host: posthog.url })
      posthog.failNextCaptures.push(400)
      const failed = await exportScores(database.db, exporter)
      expect(failed).toBe(0)
      const exported = await exportScores(database.db, exporter)
      await exporter.shutdown()
      const events = posthog.captured.filter((e) => e.event === SCORE_EVENT)
      expect(exported).toBeGreaterThanOrEqual(2)
      const mine = events.find((e) => (e.properties as Record<string, unknown>).$session_id === 'exp-2')
      expect(mine?.distinct_id).toBe('user-exp-2')
      expect(mine?.properties).toMatchObject({
        $session_id: 'exp-2',
        department: 'Engineering',
        scorer: 'heuristic',
        $set: { suture_implied_nps: expect.any(Number) },
      })
      const second = createPostHogExporter({ apiKey: 'phc_project', host: posthog.url })
      expect(await exportScores(database.db, second)).toBe(0)
      await second.shutdown()
    })
  })
}
