import type { SessionEvent } from '@suture/envelope'
import { createProject, type SutureDatabase, storeEnvelopes, storeSessionEvents } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkoutError } from '../sessions/test-fixtures.js'
import { listSessions } from './sessions-list.js'

const START = Date.parse('2026-03-02T10:00:00Z')
const at = (minutes: number) => new Date(START + minutes * 60_000).toISOString()

const pageview = (sessionId: string, minutes: number, path: string): SessionEvent => ({
  sessionId,
  ts: at(minutes),
  event: '$pageview',
  distinctId: `user-${sessionId}`,
  properties: { $current_url: `https://shop.example${path}?ref=mail` } as SessionEvent['properties'],
})

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`sessions list on ${backend.name}`, () => {
    let database: SutureDatabase
    let projectId: string
    beforeAll(async () => {
      database = await backend.open()
      projectId = (await createProject(database.db, { name: 'Shop' })).projectId
      const other = (await createProject(database.db, { name: 'Other' })).projectId
      // s-a … s-e start a minute apart; s-e is never scored.
      await storeSessionEvents(database.db, projectId, [
        pageview('s-a', 0, '/products/17'),
        pageview('s-b', 1, '/checkout/77'),
        pageview('s-c', 2, '/products/18'),
        pageview('s-d', 3, '/settings'),
        pageview('s-e', 4, '/checkout/78'),
      ])
      await storeSessionEvents(database.db, other, [pageview('s-x', 0, '/checkout/1')])
      await storeEnvelopes(database.db, projectId, [checkoutError('s-c', new Date(at(2)), '/checkout/:id')])
      const score = (session: string, value: number, department: string, version: string, when: string) => ({
        project_id: projectId,
        session_id: session,
        scorer: 'heuristic',
        version,
        status: 'scored' as const,
        score: value,
        intent: `intent of ${session}`,
        success: null,
        improvement: null,
        department,
        scored_at: when,
      })
      await database.db
        .insertInto('scores')
        .values([
          score('s-a', 9, 'Sales', '1', '2026-03-03T00:00:00Z'),
          score('s-b', 2, 'Engineering', '1', '2026-03-03T00:00:00Z'),
          // Re-scored by a newer version: the latest score is the one listed and filtered on.
          score('s-c', 8, 'Engineering', '1', '2026-03-03T00:00:00Z'),
          score('s-c', 4, 'Engineering', '2', '2026-03-04T00:00:00Z'),
          score('s-d', 6, 'Support', '1', '2026-03-03T00:00:00Z'),
        ])
        .execute()
    }, 120_000)
    afterAll(async () => {
      await database?.close()
    })

    const ids = async (query: Parameters<typeof listSessions>[2]) =>
      (await listSessions(database.db, projectId, query)).rows.map((r) => r.sessionId)

    it('lists every session of the project, lowest score first and unscored last, with the latest score', async () => {
      const list = await listSessions(database.db, projectId)
      expect(list.rows.map((r) => [r.sessionId, r.score])).toEqual([
        ['s-b', 2],
        ['s-c', 4],
        ['s-d', 6],
        ['s-a', 9],
        ['s-e', undefined],
      ])
      expect(list.total).toBe(5)
      expect(list.departments).toEqual(['Engineering', 'Sales', 'Support'])
      expect(await ids({ sort: 'newest' })).toEqual(['s-e', 's-d', 's-c', 's-b', 's-a'])
      expect(await ids({ sort: 'oldest' })).toEqual(['s-a', 's-b', 's-c', 's-d', 's-e'])
      expect(await ids({ sort: 'score-desc' })).toEqual(['s-a', 's-d', 's-c', 's-b', 's-e'])
    })

    it('filters by score range, department, route, error and text, in any combination', async () => {
      expect(await ids({ minScore: 4, maxScore: 6 })).toEqual(['s-c', 's-d'])
      expect(await ids({ maxScore: 7 })).toEqual(['s-b', 's-c', 's-d'])
      expect(await ids({ department: 'Engineering' })).toEqual(['s-b', 's-c'])
      expect(await ids({ hasError: true })).toEqual(['s-c'])
      expect(await ids({ hasError: false, sort: 'oldest' })).toEqual(['s-a', 's-b', 's-d', 's-e'])
      // A template matches the paths it stands for (query strings dropped) and the errors stored on it.
      expect(await ids({ route: '/checkout/:id', sort: 'oldest' })).toEqual(['s-b', 's-c', 's-e'])
      expect(await ids({ route: '/products/17' })).toEqual(['s-a'])
      expect(await ids({ route: '/products/:id', minScore: 5 })).toEqual(['s-a'])
      expect(await ids({ q: 'INTENT OF S-D' })).toEqual(['s-d'])
      // `%` and `_` are searched for, not wildcards.
      expect(await ids({ q: '%' })).toEqual([])
    })

    it('pages with LIMIT/OFFSET: every session once, and the total past the last page', async () => {
      const seen: string[] = []
      for (let page = 1; page <= 3; page++) {
        const list = await listSessions(database.db, projectId, { pageSize: 2, page, sort: 'newest' })
        expect(list.total).toBe(5)
        seen.push(...list.rows.map((r) => r.sessionId))
      }
      expect(seen).toEqual(['s-e', 's-d', 's-c', 's-b', 's-a'])
      const beyond = await listSessions(database.db, projectId, { pageSize: 2, page: 9 })
      expect(beyond.rows).toEqual([])
      expect(beyond.total).toBe(5)
    })
  })
}
