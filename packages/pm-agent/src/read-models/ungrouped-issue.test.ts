import { createProject, type SutureDatabase, storeEnvelopes } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorEnvelope, feedbackEnvelope } from '../triage/testing/constructed-week.js'
import { readUngroupedIssue } from './ungrouped-issue.js'

const MONDAY = new Date('2026-03-02T10:00:00Z')
const minutes = (n: number) => new Date(MONDAY.getTime() + n * 60_000)
const frames = [{ file: 'src/pages/billing.tsx', line: 21, function: 'Invoices' }]

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`an error before any triage, as an issue, on ${backend.name}`, () => {
    let database: SutureDatabase
    let projectId: string
    let fingerprint: string
    beforeAll(async () => {
      database = await backend.open()
      projectId = (await createProject(database.db, { name: 'Shop' })).projectId
      const error = (id: string, at: Date, user: string) =>
        errorEnvelope({
          id,
          at,
          user,
          session: `s-${user}`,
          route: '/billing',
          type: 'TypeError',
          message: "Cannot read properties of undefined (reading 'total')",
          frames,
        })
      await storeEnvelopes(database.db, projectId, [
        error('err-0001', minutes(0), 'u1'),
        error('err-0002', minutes(5), 'u2'),
        error('err-0003', minutes(9), 'u2'),
        // The week after: not counted in the week asked for.
        error('err-0004', minutes(7 * 24 * 60), 'u3'),
        feedbackEnvelope({
          id: 'feedback-1',
          at: minutes(6),
          user: 'u2',
          session: 's-u2',
          route: '/billing',
          text: 'I was paying my invoice',
          linkedTo: 'wk-err-0002',
        }),
      ])
      const row = await database.db
        .selectFrom('envelopes')
        .select('fingerprint')
        .where('id', '=', 'wk-err-0001')
        .executeTakeFirstOrThrow()
      fingerprint = row.fingerprint ?? ''
    }, 120_000)
    afterAll(async () => {
      await database?.close()
    })

    it('counts the week, shows the newest samples and the feedback sent linked to them', async () => {
      const issue = await readUngroupedIssue(database.db, projectId, fingerprint, '2026-W10')
      expect(issue).toMatchObject({
        key: fingerprint,
        triaged: false,
        week: '2026-W10',
        title: "TypeError: Cannot read properties of undefined (reading 'total')",
        route: '/billing',
        counts: { signals: 3, users: 2, sessions: 2, workspaces: 2 },
        fingerprints: [fingerprint],
        feedback: [{ text: 'I was paying my invoice', count: 1 }],
        releases: ['2026.3.1'],
      })
      expect(issue?.samples.map((s) => s.id)).toEqual(['wk-err-0003', 'wk-err-0002', 'wk-err-0001'])
      expect(issue?.firstSeen?.toISOString()).toBe(minutes(0).toISOString())
      expect(issue?.sessionIds).toEqual(['s-u2', 's-u1'])
    })

    it('shows the newest week when none is asked for, and nothing for an unknown fingerprint or an empty week', async () => {
      expect((await readUngroupedIssue(database.db, projectId, fingerprint))?.week).toBe('2026-W11')
      expect(await readUngroupedIssue(database.db, projectId, 'no-such-fingerprint')).toBeUndefined()
      expect(await readUngroupedIssue(database.db, projectId, fingerprint, '2026-W09')).toBeUndefined()
    })
  })
}
