import { type EnvelopeInput, parseEnvelope, parseSessionEvent } from '@suture/envelope'
import { createHeuristicScorer, scoreStoredSessions } from '@suture/scorer'
import type { SutureDatabase } from '@suture/store'
import { createProject, storeEnvelopes, storeSessionEvents } from '@suture/store'
import { errorEnvelopeFromStack, feedbackEnvelope, realSessions, realStacks } from '@suture/store/testing'
import { sql } from 'kysely'

/** What the dashboard tests seed: a project with real sessions, scored by the real heuristic scorer. */
export interface SeededProject {
  readonly projectId: string
  readonly publicKey: string
  readonly secretKey: string
  readonly sessionIds: readonly string[]
  /** Sessions that got an error envelope (their timelines show it). */
  readonly erroredSessionIds: readonly string[]
  /** Ids of the stored error envelopes, in session order. */
  readonly errorEnvelopeIds: readonly string[]
  readonly scored: number
}

const HOUR = 3_600_000

function unwrap<T>(result: { ok: true; value: T } | { ok: false; issues: unknown }): T {
  if (!result.ok) throw new Error(`test seed is invalid: ${JSON.stringify(result.issues)}`)
  return result.value
}

/**
 * Real e-commerce sessions (shared/data/scoring), moved so they start over the `days` before `end`
 * (relative times inside each session kept), a real browser stack as an error envelope in every
 * fifth session plus a feedback envelope, all stored through the ingest store functions and scored by
 * the heuristic scorer through the same run the nightly job uses. Tests only.
 */
export async function seedScoredProject(
  database: SutureDatabase,
  options: { sessions?: number; days?: number; end?: Date; name?: string } = {},
): Promise<SeededProject> {
  const db = database.db
  // Tests seed several projects into one database, often under the default name.
  const project = await createProject(db, { name: options.name ?? 'Demo shop', allowDuplicate: true })
  const sessions = realSessions(options.sessions ?? 60)
  const stacks = realStacks(50)
  const days = options.days ?? 14
  const end = options.end ?? new Date('2026-11-23T18:00:00Z')
  const span = days * 24 * HOUR
  const erroredSessionIds: string[] = []
  const envelopes: EnvelopeInput[] = []
  const events = sessions.flatMap((session, i) => {
    const first = Date.parse(session.events[0]?.ts ?? '2017-01-01T00:00:00Z')
    const start = end.getTime() - span + Math.floor((span * i) / sessions.length)
    const moved = session.events.map((e) => ({
      ...e,
      ts: new Date(start + (Date.parse(e.ts) - first)).toISOString(),
    }))
    if (i % 5 === 0) {
      const stack = stacks[i % stacks.length]
      const at = moved[Math.min(1, moved.length - 1)]?.ts ?? new Date(start).toISOString()
      if (stack) {
        erroredSessionIds.push(session.session_id)
        envelopes.push(
          errorEnvelopeFromStack(stack, {
            sessionId: session.session_id,
            occurredAt: at,
            route: { template: '/checkout/:id', url: 'https://shop.example/checkout/77' },
          }),
          feedbackEnvelope({ sessionId: session.session_id, occurredAt: at }),
        )
      }
    }
    return moved.map((e) =>
      unwrap(
        parseSessionEvent({
          sessionId: session.session_id,
          ts: e.ts,
          event: e.event,
          properties: e.properties,
        }),
      ),
    )
  })
  await storeSessionEvents(db, project.projectId, events)
  await storeEnvelopes(
    db,
    project.projectId,
    envelopes.map((e) => unwrap(parseEnvelope(e))),
  )
  const summary = await scoreStoredSessions(db, {
    scorer: createHeuristicScorer(),
    projectId: project.projectId,
    now: new Date(end.getTime() + 24 * HOUR),
  })
  return {
    projectId: project.projectId,
    publicKey: project.publicKey,
    secretKey: project.secretKey,
    sessionIds: sessions.map((s) => s.session_id),
    erroredSessionIds,
    errorEnvelopeIds: envelopes.filter((e) => e.kind === 'error').map((e) => e.id),
    scored: summary.scored,
  }
}

/** A ticket with a validation and a digest, written into migration 0004's tables as the ticket code writes them. */
export async function seedTicketAndDigest(
  database: SutureDatabase,
  projectId: string,
  input: { clusterKey: string; title: string; week: string; html: string; markdown: string },
): Promise<void> {
  const db = database.db
  await sql`
    insert into local_tickets (id, project_id, title, body, priority, labels, state)
    values (${`lt-${input.clusterKey}`}, ${projectId}, ${input.title}, 'body', 2, ${JSON.stringify(['bug', 'checkout'])}::jsonb, 'done')
    on conflict do nothing
  `.execute(db)
  await sql`
    insert into ticket_links (project_id, cluster_key, tracker, client_id, ticket_id, identifier, title, state, priority, counts, route_template, fix_release)
    values (${projectId}, ${input.clusterKey}, 'local', ${`cid-${input.clusterKey}`}, ${`lt-${input.clusterKey}`}, 'LOCAL-1', ${input.title}, 'done', 2,
      ${JSON.stringify({ signals: 12, users: 7, sessions: 9, workspaces: 3 })}::jsonb, '/checkout/:id', '1.0.1')
    on conflict do nothing
  `.execute(db)
  await sql`
    insert into ticket_validations (project_id, cluster_key, release, evaluated_on, ticket_id, verdict, action, p_lower, p_higher, rate_ratio, before_count, after_count, evidence)
    values (${projectId}, ${input.clusterKey}, '1.0.1', '2026-11-24', ${`lt-${input.clusterKey}`}, 'back-to-baseline', 'close', 0.001, 0.99, 0.12, 41, 2,
      '41 failures in 7 days before 1.0.1, 2 in 7 days after (exact Poisson p = 0.001)')
    on conflict do nothing
  `.execute(db)
  await sql`
    insert into digests (project_id, week, markdown, html, data, shadow)
    values (${projectId}, ${input.week}, ${input.markdown}, ${input.html}, '{}'::jsonb, false)
    on conflict do nothing
  `.execute(db)
}

/**
 * One week of triage as `@suture/pm-agent` stores it (migration 0003): a ticketed checkout cluster, a
 * billing cluster held for humans, and one needs-confirmation pair between two stored error envelopes.
 */
export async function seedTriageWeek(
  database: SutureDatabase,
  projectId: string,
  input: { week: string; ticketKey: string; pair: readonly [string, string] },
): Promise<void> {
  const db = database.db
  const [a, b] = input.pair
  await db
    .insertInto('triage_runs')
    .values({
      project_id: projectId,
      week: input.week,
      status: 'succeeded',
      clusters: 2,
      needs_confirmation: 1,
    })
    .onConflict((oc) => oc.doNothing())
    .execute()
  const common = {
    project_id: projectId,
    week: input.week,
    improvement: null,
    priority_parts: JSON.stringify({ breadth: 0.7, depth: 0.4, duration: 0.5, rate: 0.9 }),
    nps_drop: 3.1,
    evidence: JSON.stringify({ 'structure+stack': 9, 'semantics+stack': 2 }),
    department: 'Engineering',
    reasons: JSON.stringify([]),
    boundary: 'CheckoutBoundary',
    attempting: 'paying for an order',
    releases: JSON.stringify(['1.0.0']),
    days_active: 5,
    first_seen: '2026-11-16T08:00:00Z',
    last_seen: '2026-11-22T20:00:00Z',
    sample_session_ids: JSON.stringify([]),
    code_pointers: JSON.stringify([]),
  }
  await db
    .insertInto('clusters')
    .values([
      {
        ...common,
        key: input.ticketKey,
        title: 'TypeError on /checkout/:id',
        kind: 'bug',
        decision: 'ticket',
        decision_reason: '7 users ≥ 5',
        priority: 2,
        priority_score: 0.71,
        trend: 'rising',
        rate: JSON.stringify({
          thisWeek: 12,
          previousWeeks: [3, 2],
          previousMean: 2.5,
          ratio: 4.8,
          pValue: 0.002,
        }),
        depth_share: 0.18,
        labels: JSON.stringify(['bug', 'auto-fixable']),
        auto_fixable: true,
        held_reasons: JSON.stringify([]),
        route_template: '/checkout/:id',
        routes: JSON.stringify(['/checkout/:id']),
        error_type: 'TypeError',
        message: 'Cannot read properties of undefined',
        fingerprints: JSON.stringify(['fp_3f2a9c1d7e5b4a60']),
        signal_count: 12,
        user_count: 7,
        session_count: 9,
        workspace_count: 3,
        sample_ids: JSON.stringify([a]),
      },
      {
        ...common,
        key: 'cluster-billing-invoice',
        title: 'Invoice download fails on /billing/invoices/:id',
        kind: 'bug',
        decision: 'held-for-humans',
        decision_reason: 'touches billing',
        priority: 3,
        priority_score: 0.42,
        trend: 'steady',
        rate: JSON.stringify({
          thisWeek: 3,
          previousWeeks: [3, 2],
          previousMean: 2.5,
          ratio: 1.2,
          pValue: 0.6,
        }),
        depth_share: 0.04,
        labels: JSON.stringify(['bug', 'held-for-humans', 'billing']),
        auto_fixable: false,
        held_reasons: JSON.stringify([
          { category: 'billing', field: 'route', value: '/billing/invoices/:id' },
        ]),
        route_template: '/billing/invoices/:id',
        routes: JSON.stringify(['/billing/invoices/:id']),
        error_type: 'Error',
        message: 'Invoice not found',
        fingerprints: JSON.stringify(['fp_91bd02ee4c7a1180']),
        signal_count: 3,
        user_count: 2,
        session_count: 3,
        workspace_count: 2,
        sample_ids: JSON.stringify([b]),
      },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute()
  await db
    .insertInto('cluster_members')
    .values([
      { project_id: projectId, week: input.week, signal_id: a, cluster_key: input.ticketKey, kind: 'error' },
      {
        project_id: projectId,
        week: input.week,
        signal_id: b,
        cluster_key: 'cluster-billing-invoice',
        kind: 'error',
      },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute()
  await db
    .insertInto('cluster_pairs')
    .values({
      project_id: projectId,
      week: input.week,
      a: b,
      b: a,
      cluster_a: 'cluster-billing-invoice',
      cluster_b: input.ticketKey,
      signal: 'semantics',
      score: 0.62,
    })
    .onConflict((oc) => oc.doNothing())
    .execute()
}
