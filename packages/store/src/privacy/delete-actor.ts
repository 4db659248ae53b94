import { type Kysely, sql } from 'kysely'
import type { Database } from '../tables/database.js'
import { type ActorQuery, type ActorTraces, findActorTraces, keyedIn } from './actor-traces.js'
import { needleForms, REDACTED, sweepNeedles } from './sweep-text.js'

// Shorter feedback ("ok", "broken") is removed with its rows but not swept from other text: replacing a
// common word everywhere would destroy other people's data. Clusters that quote it exactly still lose it.
const MIN_SWEPT_TEXT = 12

/** A step the operator must take outside Suture's database. */
export type ManualStep =
  | {
      readonly system: 'linear'
      readonly identifier: string | null
      readonly url: string | null
      readonly why: string
    }
  | {
      readonly system: 'posthog'
      /** The distinct id the scores were exported under: delete this person in PostHog. */
      readonly distinctId: string
      readonly exportedScores: number
      readonly why: string
    }

export interface DeleteActorResult {
  /** Rows deleted, by table; rows kept with the actor's traces replaced, as `<table> (rewritten)`. */
  readonly counts: Readonly<Record<string, number>>
  readonly manual: readonly ManualStep[]
  /** The `privacy_requests` row that records it (without the actor). */
  readonly requestId: number
}

export interface DeleteActorOptions extends ActorQuery {
  /** Who asked (a person, or `api:<key hint>`): kept in the record. */
  readonly requestedBy: string
}

/**
 * Removes everything tied to one actor, in one transaction: their envelopes (feedback text included),
 * session events, sessions and scores; their signals in clusters (members, pairs, decisions, samples);
 * and every remaining copy of their hash, ids and feedback text in any text or JSON column of any table
 * (cluster titles, local ticket bodies and comments, digests, job details), which is replaced with
 * `[deleted on request]`. Tickets in Linear and scores exported to PostHog cannot be reached from here:
 * they come back as manual steps. The request is recorded with counts only, never the actor.
 * @example
 * const { counts, manual } = await deleteActor(database.db, { actor: 'user-42', requestedBy: 'ops@acme' })
 */
export async function deleteActor(
  db: Kysely<Database>,
  options: DeleteActorOptions,
): Promise<DeleteActorResult> {
  return db.transaction().execute(async (trx) => {
    const traces = await findActorTraces(trx, options)
    const counts: Record<string, number> = {}
    const add = (table: string, n: bigint | number | undefined) => {
      const value = Number(n ?? 0)
      if (value > 0) counts[table] = (counts[table] ?? 0) + value
    }
    const manual = await manualSteps(trx, traces, options.projectId)
    const scope = options.projectId === undefined ? sql`true` : sql`project_id = ${options.projectId}`
    const ids = traces.identifiers

    const signals = [
      ...traces.envelopes.map((e) => ({ projectId: e.projectId, id: e.id })),
      ...traces.sessions.map((s) => ({ projectId: s.projectId, id: `session:${s.id}` })),
    ]
    const run = async (table: string, query: ReturnType<typeof sql>) =>
      add(table, (await query.execute(trx)).numAffectedRows)
    await run(
      'session_events',
      sql`delete from session_events where ${scope} and (${keyedIn('session_id', traces.sessions)}
        or distinct_id in (${sql.join(ids)}))`,
    )
    await run('envelopes', sql`delete from envelopes where ${keyedIn('id', traces.envelopes)}`)
    await run('scores', sql`delete from scores where ${keyedIn('session_id', traces.sessions)}`)
    await run('sessions', sql`delete from sessions where ${keyedIn('id', traces.sessions)}`)
    await run('cluster_members', sql`delete from cluster_members where ${keyedIn('signal_id', signals)}`)
    await run(
      'cluster_pairs',
      sql`delete from cluster_pairs where ${keyedIn('a', signals)} or ${keyedIn('b', signals)}`,
    )
    await run(
      'pair_decisions',
      sql`delete from pair_decisions where ${keyedIn('a', signals)} or ${keyedIn('b', signals)}`,
    )
    await run(
      'pair_verdicts',
      sql`delete from pair_verdicts where ${keyedIn('a', signals)} or ${keyedIn('b', signals)}`,
    )
    add('clusters (rewritten)', await pruneClusterSamples(trx, traces, options.projectId))

    const needles = needleForms([
      ...ids,
      ...traces.sessions.map((s) => s.id),
      ...traces.envelopes.map((e) => e.id),
      ...traces.feedbackTexts.filter((t) => t.length >= MIN_SWEPT_TEXT),
    ])
    for (const [table, n] of Object.entries(await sweepNeedles(trx, needles, options.projectId)))
      add(`${table} (rewritten)`, n)

    const recorded = await trx
      .insertInto('privacy_requests')
      .values({
        kind: 'delete',
        project_id: options.projectId ?? null,
        requested_by: options.requestedBy,
        counts: JSON.stringify(counts),
        manual_steps: manual.length,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { counts, manual, requestId: Number(recorded.id) }
  })
}

// Sample lists lose the actor's ids; a cluster whose title or message is the actor's feedback verbatim
// loses that text (the cluster and its counts stay: they describe a problem, not a person).
async function pruneClusterSamples(
  trx: Kysely<Database>,
  traces: ActorTraces,
  projectId: string | undefined,
): Promise<number> {
  const envelopeIds = new Set(traces.envelopes.map((e) => e.id))
  const sessionIds = new Set(traces.sessions.map((s) => s.id))
  const texts = new Set(traces.feedbackTexts)
  if (envelopeIds.size + sessionIds.size + texts.size === 0) return 0
  let query = trx
    .selectFrom('clusters')
    .select(['project_id', 'week', 'key', 'title', 'message', 'sample_ids', 'sample_session_ids'])
  if (projectId !== undefined) query = query.where('project_id', '=', projectId)
  let changed = 0
  for (const row of await query.execute()) {
    const samples = (row.sample_ids as string[]).filter((id) => !envelopeIds.has(id))
    const sessions = (row.sample_session_ids as string[]).filter((id) => !sessionIds.has(id))
    const title = texts.has(row.title) ? REDACTED : row.title
    const message = row.message !== null && texts.has(row.message) ? REDACTED : row.message
    if (
      samples.length === (row.sample_ids as string[]).length &&
      sessions.length === (row.sample_session_ids as string[]).length &&
      title === row.title &&
      message === row.message
    )
      continue
    await trx
      .updateTable('clusters')
      .set({
        sample_ids: JSON.stringify(samples),
        sample_session_ids: JSON.stringify(sessions),
        title,
        message,
        updated_at: new Date(),
      })
      .where('project_id', '=', row.project_id)
      .where('week', '=', row.week)
      .where('key', '=', row.key)
      .execute()
    changed++
  }
  return changed
}

async function manualSteps(
  trx: Kysely<Database>,
  traces: ActorTraces,
  projectId: string | undefined,
): Promise<ManualStep[]> {
  const steps: ManualStep[] = []
  // Linear tickets of clusters the actor's signals were in: their bodies may quote the samples.
  const signals = [
    ...traces.envelopes.map((e) => ({ projectId: e.projectId, id: e.id })),
    ...traces.sessions.map((s) => ({ projectId: s.projectId, id: `session:${s.id}` })),
  ]
  if (signals.length > 0) {
    const linear = await sql<{ identifier: string | null; url: string | null }>`
      select distinct t.identifier, t.url from ticket_links t
      join cluster_members m on m.project_id = t.project_id and m.cluster_key = t.cluster_key
      where t.tracker = 'linear' and ${keyedIn('signal_id', signals, 'm')}
      ${projectId === undefined ? sql`` : sql`and t.project_id = ${projectId}`}
    `.execute(trx)
    for (const row of linear.rows) {
      steps.push({
        system: 'linear',
        identifier: row.identifier,
        url: row.url,
        why: 'the ticket body and comments may quote this user’s feedback, session or envelope ids: edit them in Linear',
      })
    }
  }
  // Scores exported to PostHog, under the session's distinct id (or the session id when it had none).
  if (traces.sessions.length > 0) {
    const exported = await sql<{ distinct_id: string; n: number }>`
      select coalesce(s.distinct_id, sc.session_id) as distinct_id, count(*)::int as n
      from scores sc left join sessions s on s.project_id = sc.project_id and s.id = sc.session_id
      where sc.exported_at is not null and ${keyedIn('session_id', traces.sessions, 'sc')}
      group by 1
    `.execute(trx)
    for (const row of exported.rows) {
      steps.push({
        system: 'posthog',
        distinctId: row.distinct_id,
        exportedScores: row.n,
        why: 'implied-NPS scores were exported to PostHog under this distinct id: delete the person there',
      })
    }
  }
  return steps
}
