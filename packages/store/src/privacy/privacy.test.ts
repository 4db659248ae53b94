import { type Envelope, parseEnvelope, parseSessionEvent, type SessionEvent } from '@suture/envelope'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SutureDatabase } from '../database/open-database.js'
import { storeEnvelopes } from '../ingest/store-envelopes.js'
import { storeSessionEvents } from '../ingest/store-session-events.js'
import { createProject } from '../projects/projects.js'
import { errorEnvelopeFromStack, feedbackEnvelope, realStacks, TEST_DATABASES } from '../testing/index.js'
import { actorHash } from './actor.js'
import { deleteActor } from './delete-actor.js'
import { exportActor } from './export-actor.js'

const RAW_ID = 'user-4711'
const FEEDBACK = "The export button ate my quarterly report twice, it's gone"
const OTHER_FEEDBACK = 'Search results load forever on the billing page'

function parsed<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(JSON.stringify(result.issues))
  return result.value
}

/**
 * Every text and JSON column of every table in the schema (partitions and bookkeeping included), read
 * from the catalog independently of the code under test: which of them still hold any needle.
 */
async function traces(database: SutureDatabase, needles: readonly string[]): Promise<string[]> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and data_type in ('text', 'character varying', 'json', 'jsonb')
  `.execute(database.db)
  expect(columns.rows.length).toBeGreaterThan(100)
  const forms = needles.flatMap((n) => [n, JSON.stringify(n).slice(1, -1), n.replaceAll("'", '&#39;')])
  const found: string[] = []
  for (const { table_name, column_name } of columns.rows) {
    for (const form of forms) {
      const hit = await sql<{ n: number }>`
        select count(*)::int as n from ${sql.table(table_name)} where strpos(${sql.ref(column_name)}::text, ${form}) > 0
      `.execute(database.db)
      if ((hit.rows[0]?.n ?? 0) > 0) found.push(`${table_name}.${column_name} ∋ ${form}`)
    }
  }
  return found
}

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`deletion and export on request on ${backend.name}`, () => {
    let database: SutureDatabase
    let web: string
    let shop: string
    const hash = actorHash(RAW_ID, 'web')
    const otherHash = actorHash('user-1', 'web')
    let actorEnvelopes: Envelope[]
    let otherEnvelopes: Envelope[]

    beforeAll(async () => {
      database = await backend.open()
      const db = database.db
      web = (await createProject(db, { name: 'web' })).projectId
      shop = (await createProject(db, { name: 'shop' })).projectId
      const stack = realStacks(1)[0] as ReturnType<typeof realStacks>[number]
      const app = { name: 'web', release: '1.0.0' }
      actorEnvelopes = [
        parsed(
          parseEnvelope(
            feedbackEnvelope({
              app,
              sessionId: 'sess-actor-1',
              actor: { idHash: hash },
              feedback: { text: FEEDBACK, rating: 2, channel: 'fallback' },
            }),
          ),
        ),
        parsed(
          parseEnvelope(
            errorEnvelopeFromStack(stack, { app, sessionId: 'sess-actor-1', actor: { idHash: hash } }),
          ),
        ),
        // Sent before the user signed in: no actor, but the actor's session.
        parsed(parseEnvelope(errorEnvelopeFromStack(stack, { app, sessionId: 'sess-actor-1' }))),
      ]
      otherEnvelopes = [
        parsed(
          parseEnvelope(
            feedbackEnvelope({
              app,
              sessionId: 'sess-other',
              actor: { idHash: otherHash },
              feedback: { text: OTHER_FEEDBACK, rating: 3, channel: 'fallback' },
            }),
          ),
        ),
        parsed(
          parseEnvelope(
            errorEnvelopeFromStack(stack, { app, sessionId: 'sess-other', actor: { idHash: otherHash } }),
          ),
        ),
      ]
      await storeEnvelopes(db, web, [...actorEnvelopes, ...otherEnvelopes])
      const shopEnvelope = parsed(
        parseEnvelope(feedbackEnvelope({ app, sessionId: 'sess-actor-shop', actor: { idHash: hash } })),
      )
      await storeEnvelopes(db, shop, [shopEnvelope])
      const event = (sessionId: string, distinctId?: string): SessionEvent =>
        parsed(
          parseSessionEvent({
            sessionId,
            ts: new Date().toISOString(),
            event: '$pageview',
            properties: { $pathname: '/reports' },
            ...(distinctId ? { distinctId } : {}),
          }),
        )
      await storeSessionEvents(db, web, [
        event('sess-actor-1', hash),
        event('sess-actor-2', hash),
        event('sess-other', otherHash),
      ])
      // A PostHog import carries the app's raw distinct id.
      await storeSessionEvents(db, web, [event('sess-actor-ph', RAW_ID)])
      await db
        .insertInto('scores')
        .values(
          ['sess-actor-1', 'sess-actor-2', 'sess-other'].map((session_id) => ({
            project_id: web,
            session_id,
            scorer: 'heuristic',
            version: '1',
            status: 'scored' as const,
            score: 3,
            improvement: session_id === 'sess-other' ? 'faster search' : 'keep my reports',
            exported_at: session_id === 'sess-actor-1' ? new Date() : null,
          })),
        )
        .execute()
      const [feedback, error] = actorEnvelopes as [Envelope, Envelope]
      const [otherFeedback] = otherEnvelopes as [Envelope]
      await db
        .insertInto('clusters')
        .values({
          project_id: web,
          week: '2026-W48',
          key: 'c-export',
          title: FEEDBACK,
          kind: 'improvement',
          decision: 'ticket',
          decision_reason: 'threshold met',
          priority: 2,
          priority_score: 0.5,
          priority_parts: '{}',
          trend: 'new',
          rate: '{}',
          auto_fixable: false,
          message: FEEDBACK,
          signal_count: 2,
          user_count: 2,
          session_count: 2,
          workspace_count: 1,
          days_active: 1,
          first_seen: new Date(),
          last_seen: new Date(),
          sample_ids: JSON.stringify([feedback.id, otherFeedback.id]),
          sample_session_ids: JSON.stringify(['sess-actor-1', 'sess-other']),
        })
        .execute()
      await db
        .insertInto('cluster_members')
        .values([
          {
            project_id: web,
            week: '2026-W48',
            signal_id: feedback.id,
            cluster_key: 'c-export',
            kind: 'feedback',
          },
          {
            project_id: web,
            week: '2026-W48',
            signal_id: otherFeedback.id,
            cluster_key: 'c-export',
            kind: 'feedback',
          },
          {
            project_id: web,
            week: '2026-W48',
            signal_id: 'session:sess-actor-2',
            cluster_key: 'c-export',
            kind: 'session',
          },
        ])
        .execute()
      await db
        .insertInto('cluster_pairs')
        .values({
          project_id: web,
          week: '2026-W48',
          a: error.id,
          b: otherFeedback.id,
          cluster_a: 'c-export',
          cluster_b: 'c-x',
          signal: 'semantics',
          score: 0.8,
        })
        .execute()
      await db
        .insertInto('ticket_links')
        .values([
          {
            project_id: web,
            cluster_key: 'c-export-before-merge',
            tracker: 'local',
            client_id: 'cl1',
            title: FEEDBACK,
            state: 'open',
            priority: 2,
            counts: '{}',
          },
          {
            project_id: web,
            cluster_key: 'c-export',
            tracker: 'linear',
            client_id: 'cl2',
            identifier: 'ENG-12',
            url: 'https://linear.app/acme/issue/ENG-12',
            title: 'Export',
            state: 'open',
            priority: 2,
            counts: '{}',
          },
        ])
        .execute()
      await db
        .insertInto('local_tickets')
        .values({
          id: 't1',
          project_id: web,
          title: `Users say: ${FEEDBACK}`,
          body: `Samples:\n> ${FEEDBACK}\nsession sess-actor-1, envelope ${feedback.id}\n> ${OTHER_FEEDBACK}`,
          priority: 2,
          labels: '["suture"]',
          state: 'open',
        })
        .execute()
      await db
        .insertInto('local_ticket_comments')
        .values({ id: 'tc1', ticket_id: 't1', body: `Seen again in sess-actor-2` })
        .execute()
      await db
        .insertInto('digests')
        .values({
          project_id: web,
          week: '2026-W48',
          markdown: `- ${FEEDBACK}\n- ${OTHER_FEEDBACK}`,
          html: `<li>${FEEDBACK.replaceAll("'", '&#39;')}</li><li>${OTHER_FEEDBACK}</li>`,
          data: JSON.stringify({
            samples: [{ text: FEEDBACK, session: 'sess-actor-1' }, { text: OTHER_FEEDBACK }],
          }),
          shadow: false,
        })
        .execute()
      await db
        .insertInto('job_runs')
        .values({
          name: 'triage',
          key: '2026-W48',
          status: 'succeeded',
          details: JSON.stringify({ last: 'sess-actor-2', by: hash }),
        })
        .execute()
    }, 120_000)

    afterAll(async () => {
      await database?.close()
    })

    it('exports everything held about the actor as JSON, by raw id or by hash', async () => {
      const byId = await exportActor(database.db, { actor: RAW_ID, projectId: web, requestedBy: 'test' })
      expect(byId.actorHashes).toContain(hash)
      expect(byId.envelopes.map((e) => e.id).sort()).toEqual(actorEnvelopes.map((e) => e.id).sort())
      expect(byId.sessions.map((s) => s.id).sort()).toEqual(['sess-actor-1', 'sess-actor-2', 'sess-actor-ph'])
      expect(byId.sessionEvents).toHaveLength(3)
      expect(byId.scores).toHaveLength(2)
      expect(byId.clusters).toEqual([{ projectId: web, week: '2026-W48', key: 'c-export', title: FEEDBACK }])
      expect(JSON.stringify(byId)).toContain(FEEDBACK)
      expect(JSON.stringify(byId)).not.toContain(OTHER_FEEDBACK)
      const byHash = await exportActor(database.db, { actor: hash, requestedBy: 'test' })
      // By hash alone the raw PostHog distinct id cannot be known; every project is searched.
      expect(byHash.envelopes).toHaveLength(4)
    }, 60_000)

    it('deletes a project’s traces only in that project, then every trace everywhere; others keep theirs', async () => {
      const needles = [
        hash,
        RAW_ID,
        FEEDBACK,
        'sess-actor-1',
        'sess-actor-2',
        'sess-actor-ph',
        ...actorEnvelopes.map((e) => e.id),
      ]
      const webOnly = await deleteActor(database.db, {
        actor: RAW_ID,
        projectId: web,
        requestedBy: 'ops@acme',
      })
      expect(webOnly.counts).toMatchObject({ envelopes: 3, session_events: 3, scores: 2, sessions: 3 })
      expect(webOnly.manual).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ system: 'linear', identifier: 'ENG-12' }),
          expect.objectContaining({ system: 'posthog', distinctId: hash, exportedScores: 1 }),
        ]),
      )
      // The shop project still has the actor's feedback.
      expect(
        (await traces(database, [hash])).some((t) => t.startsWith('envelopes.') || t.includes('envelopes_')),
      ).toBe(true)

      await deleteActor(database.db, { actor: hash, requestedBy: 'ops@acme' })
      expect(await traces(database, [...needles, 'sess-actor-shop'])).toEqual([])

      // Other people's data is untouched.
      const left = await database.db
        .selectFrom('envelopes')
        .select('id')
        .where('project_id', '=', web)
        .execute()
      expect(left.map((e) => e.id).sort()).toEqual(otherEnvelopes.map((e) => e.id).sort())
      const cluster = await database.db.selectFrom('clusters').selectAll().executeTakeFirstOrThrow()
      expect(cluster.sample_ids).toEqual([(otherEnvelopes[0] as Envelope).id])
      expect(cluster.sample_session_ids).toEqual(['sess-other'])
      expect(cluster.signal_count).toBe(2)
      const ticket = await database.db.selectFrom('local_tickets').select('body').executeTakeFirstOrThrow()
      expect(ticket.body).toContain(OTHER_FEEDBACK)
      expect(ticket.body).toContain('[deleted on request]')
      const digest = await database.db
        .selectFrom('digests')
        .select(['html', 'data'])
        .executeTakeFirstOrThrow()
      expect(digest.html).toContain(OTHER_FEEDBACK)
      expect(JSON.stringify(digest.data)).toContain(OTHER_FEEDBACK)
      expect((await database.db.selectFrom('sessions').select('id').execute()).map((s) => s.id)).toEqual([
        'sess-other',
      ])

      // Recorded, without whom.
      const requests = await database.db.selectFrom('privacy_requests').selectAll().orderBy('id').execute()
      expect(requests.map((r) => r.kind)).toEqual(['export', 'export', 'delete', 'delete'])
      expect(requests[2]?.manual_steps).toBe(2)

      // A second request finds nothing left.
      const again = await deleteActor(database.db, { actor: RAW_ID, salts: ['web'], requestedBy: 'ops@acme' })
      expect(again.counts).toEqual({})
      expect(again.manual).toEqual([])
    }, 180_000)
  })
}
