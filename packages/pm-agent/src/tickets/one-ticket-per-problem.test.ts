import { createProject, type Database, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LocalTracker } from '../trackers/local-tracker.js'
import { fileTickets, seenLine } from './file-tickets.js'
import { sampleCluster, sampleEnvelope } from './testing/sample-cluster.js'

const clusterUrl = (key: string) => `https://suture.test/clusters/${encodeURIComponent(key)}`

describe('seenLine', () => {
  it('says the running total since first seen and this period, with the previous count when it changed', () => {
    const history = { total: 312, since: '2026-11-03T09:00:00.000Z' }
    expect(seenLine(history, 41, 57, '2026-W48')).toBe('seen 312 times since 3 Nov; 41 this week, was 57')
    expect(seenLine(history, 41, 41, '2026-W48')).toBe('seen 312 times since 3 Nov; 41 this week')
    expect(seenLine({ total: 1, since: history.since }, 1, undefined, 'spike:burst:2026-11-03T10:00')).toBe(
      'seen once since 3 Nov; 1 in the last 7 days',
    )
  })
})

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`one ticket per problem on ${backend.name}`, () => {
    let database: SutureDatabase
    let db: Kysely<Database>
    beforeAll(async () => {
      database = await backend.open()
      db = database.db
    })
    afterAll(() => database.close())

    it('a spike ticket (fp:<fp>) is the ticket the weekly triage updates, with the running total', async () => {
      const { projectId } = await createProject(db, { name: 'twins' })
      const tracker = new LocalTracker({ db, projectId })
      const days = ['2026-01-05', '2026-01-06', '2026-01-08', '2026-01-13', '2026-01-14']
      await db
        .insertInto('envelopes')
        .values(
          days.flatMap((day, d) =>
            [0, 1, 2].map((k) => {
              const id = `twin_env_${d}_${k}`
              const at = `${day}T10:0${k}:00.000Z`
              return {
                project_id: projectId,
                id,
                kind: 'error' as const,
                occurred_at: at,
                route_template: '/checkout',
                fingerprint: 'fp_twin',
                body: JSON.stringify(sampleEnvelope(id, at)),
              }
            }),
          ),
        )
        .execute()

      // Thursday: the spike check files under the fingerprint's key.
      const spike = await fileTickets({
        db,
        projectId,
        tracker,
        clusters: [
          sampleCluster({
            key: 'fp:fp_twin',
            fingerprints: ['fp_twin'],
            counts: { signals: 6, users: 3, sessions: 3, workspaces: 1 },
            firstSeen: '2026-01-05T10:00:00.000Z',
            lastSeen: '2026-01-08T10:02:00.000Z',
          }),
        ],
        runKey: 'spike:burst:2026-01-08T10:05',
        shadow: false,
        clusterUrl,
      })
      expect(spike.entries.map((e) => e.action)).toEqual(['created'])
      const ticketId = spike.entries[0]?.ticket?.id

      // Monday: triage clusters the same problem (plus a second fingerprint) under its own key.
      const weekly = sampleCluster({
        key: 'c_checkout_total',
        fingerprints: ['fp_other', 'fp_twin'],
        counts: { signals: 7, users: 4, sessions: 4, workspaces: 2 },
        firstSeen: '2026-01-13T10:00:00.000Z',
        lastSeen: '2026-01-14T10:02:00.000Z',
      })
      // Shadow planning sees the twin too: an update, not a second ticket.
      const planned = await fileTickets({
        db,
        projectId,
        tracker,
        clusters: [weekly],
        runKey: '2026-W03',
        shadow: true,
        clusterUrl,
      })
      expect(planned.entries.map((e) => [e.action, e.ticket?.id])).toEqual([['updated', ticketId]])
      const filed = await fileTickets({
        db,
        projectId,
        tracker,
        clusters: [weekly],
        runKey: '2026-W03',
        shadow: false,
        clusterUrl,
      })
      expect(filed.entries.map((e) => [e.action, e.ticket?.id])).toEqual([['updated', ticketId]])
      const tickets = await db
        .selectFrom('local_tickets')
        .select('id')
        .where('project_id', '=', projectId)
        .execute()
      expect(tickets).toHaveLength(1)
      const links = await db
        .selectFrom('ticket_links')
        .select('cluster_key')
        .where('project_id', '=', projectId)
        .execute()
      expect(links.map((l) => l.cluster_key)).toEqual(['c_checkout_total'])
      // The ticket is findable by the triage cluster's URL as well.
      expect((await tracker.findByLink(clusterUrl('c_checkout_total')))?.id).toBe(ticketId)

      const comments = await db
        .selectFrom('local_ticket_comments')
        .select('body')
        .where('ticket_id', '=', ticketId ?? '')
        .execute()
      expect(comments.map((c) => c.body).join('\n')).toContain(
        'seen 15 times since 5 Jan; 7 this week, was 6',
      )
    })
  })
}
