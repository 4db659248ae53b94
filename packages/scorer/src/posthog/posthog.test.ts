import type { SutureDatabase } from '@suture/store'
import { createProject } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHeuristicScorer } from '../scoring/heuristic-scorer.js'
import { scoreStoredSessions } from '../sessions/score-stored-sessions.js'
import { seedSessions } from '../sessions/test-fixtures.js'
import { exportScores } from './export-scores.js'
import { type FakePostHog, OFFSET_REFUSED, startFakePostHog } from './fake-posthog-server.js'
import { importPostHogEvents, PostHogQueryError } from './hogql-import.js'
import { createPostHogExporter, SCORE_EVENT, scoreEventUuid } from './score-exporter.js'

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
  // Three events in one microsecond, as PostHog returns timestamps (team timezone, an offset): the
  // keyset has to page through them by uuid without skipping or repeating one.
  [
    '0190a1b2-0000-7000-8000-000000000008',
    '$pageview',
    '2026-03-02T08:30:00.123456-05:00',
    'u4',
    'ph-s4',
    '{}',
  ],
  [
    '0190a1b2-0000-7000-8000-000000000009',
    '$autocapture',
    '2026-03-02T08:30:00.123456-05:00',
    'u4',
    'ph-s4',
    '{}',
  ],
  [
    '0190a1b2-0000-7000-8000-00000000000a',
    '$pageleave',
    '2026-03-02T08:30:00.123456-05:00',
    'u4',
    'ph-s4',
    '{}',
  ],
  // Outside the UTC window on both sides; inside it if the window were read in New York time.
  ['0190a1b2-0000-7000-8000-0000000000b1', '$pageview', '2026-03-01T23:30:00Z', 'u5', 'ph-s5', '{}'],
  ['0190a1b2-0000-7000-8000-0000000000b2', '$pageview', '2026-03-03T02:00:00Z', 'u6', 'ph-s6', '{}'],
  // Inside the UTC window; outside it if the window were read in New York time.
  ['0190a1b2-0000-7000-8000-0000000000b3', '$pageview', '2026-03-02T03:00:00Z', 'u7', 'ph-s7', '{}'],
]

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`PostHog on ${backend.name}`, () => {
    let database: SutureDatabase
    let posthog: FakePostHog
    beforeAll(async () => {
      database = await backend.open()
      // A project in New York: HogQL reads a timezone-less toDateTime('…') in this timezone.
      posthog = await startFakePostHog({
        rows: ROWS,
        personalApiKey: 'phx_personal',
        timezone: 'America/New_York',
      })
    })
    afterAll(async () => {
      await posthog?.close()
      await database?.close()
    })

    const importOptions = (projectId: string, lines: string[]) => ({
      host: posthog.url,
      posthogProjectId: '4242',
      personalApiKey: 'phx_personal',
      projectId,
      since: new Date('2026-03-02T00:00:00Z'),
      until: new Date('2026-03-03T00:00:00Z'),
      pageSize: 3,
      log: (l: string) => lines.push(l),
    })

    it('the fake refuses OFFSET on a personal-API-key query, as PostHog does', async () => {
      const response = await fetch(`${posthog.url}/api/projects/4242/query/`, {
        method: 'POST',
        headers: { authorization: 'Bearer phx_personal', 'content-type': 'application/json' },
        body: JSON.stringify({
          query: { kind: 'HogQLQuery', query: 'SELECT uuid FROM events ORDER BY timestamp LIMIT 3 OFFSET 3' },
        }),
      })
      expect(response.status).toBe(400)
      expect(await response.json()).toMatchObject({ type: 'validation_error', detail: OFFSET_REFUSED })
    })

    it('imports a UTC window by keyset pages, honouring 429, and stores nothing twice', async () => {
      const { projectId } = await createProject(database.db, { name: 'Imported' })
      posthog.failNextQueries.push(429, 503)
      const lines: string[] = []
      const options = importOptions(projectId, lines)
      const first = await importPostHogEvents(database.db, options)
      // 11 events in the UTC window, 3 a page: 4 pages, the last one short.
      expect(first).toEqual({ pages: 4, events: 11, accepted: 11, sessions: 5 })
      expect(lines.filter((l) => l.startsWith('PostHog answered'))).toHaveLength(2)
      const sent = posthog.queries
        .filter((q) => q.name === 'suture session import')
        .map((q) => q.query as { query: string; values: Record<string, unknown> })
      expect(sent).toHaveLength(6)
      for (const q of sent) expect(q.query).not.toMatch(/\bOFFSET\b/i)
      expect(sent.at(-1)?.values).toMatchObject({
        since: '2026-03-02 00:00:00',
        until: '2026-03-03 00:00:00',
        limit: 3,
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
        ['ph-s4', 3],
        ['ph-s7', 1],
      ])
      await expect(importPostHogEvents(database.db, { ...options, personalApiKey: 'wrong' })).rejects.toThrow(
        PostHogQueryError,
      )
    })

    it('exports each score once even when a batch fails mid-export and the client sends the rest later', async () => {
      const ids = ['exp-1', 'exp-2', 'exp-3', 'exp-4', 'exp-5']
      await seedSessions(
        database.db,
        ids.map((id, i) => ({ id, start: new Date(Date.UTC(2026, 2, 2, 8 + i)), error: i === 1 })),
      )
      await scoreStoredSessions(database.db, { scorer: createHeuristicScorer(), now: NOW })
      const stored = await database.db
        .selectFrom('scores')
        .select(['session_id'])
        .where('status', '=', 'scored')
        .execute()
      // Two events a request: the second request of the run is refused, the others are accepted.
      const exporter = createPostHogExporter({ apiKey: 'phc_project', host: posthog.url, flushAt: 2 })
      posthog.failNextCaptures.push(0, 400)
      const lines: string[] = []
      expect(await exportScores(database.db, exporter, { log: (l) => lines.push(l) })).toBe(0)
      expect(lines.join('\n')).toContain('PostHog export stopped')
      // The next run sends every score again, while the client still holds what it had not sent.
      const exported = await exportScores(database.db, exporter)
      await exporter.shutdown()
      expect(exported).toBe(stored.length)
      const captured = posthog.captured.filter((e) => e.event === SCORE_EVENT)
      const kept = posthog.events.filter((e) => e.event === SCORE_EVENT)
      expect(captured.length).toBeGreaterThan(stored.length)
      expect(kept).toHaveLength(stored.length)
      expect(new Set(kept.map((e) => (e.properties as Record<string, unknown>).$session_id)).size).toBe(
        stored.length,
      )
      const mine = kept.find((e) => (e.properties as Record<string, unknown>).$session_id === 'exp-2')
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

describe('scoreEventUuid', () => {
  const score = {
    projectId: 'p1',
    sessionId: 's1',
    distinctId: 'u1',
    score: 7,
    intent: '',
    success: '',
    improvement: '',
    department: '',
    scorer: 'heuristic',
    version: '3',
    model: null,
    scoredAt: new Date('2026-03-02T10:00:00Z'),
  }
  it('is a valid UUID, the same for the same score and different for another', () => {
    const id = scoreEventUuid(score)
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(scoreEventUuid({ ...score, score: 3 })).toBe(id)
    expect(scoreEventUuid({ ...score, projectId: 'p2' })).not.toBe(id)
    expect(scoreEventUuid({ ...score, version: '4' })).not.toBe(id)
  })
})
