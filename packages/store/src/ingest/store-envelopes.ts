import { type Envelope, type ErrorEnvelope, fingerprint, parseStack, type StackFrame } from '@suture/envelope'
import { scrubEnvelopesThorough, scrubEnvelopeThorough } from '@suture/envelope/scrub-server'
import { type Insertable, type Kysely, type QueryCreator, sql } from 'kysely'
import { type Symbolicator, symbolicatorFor } from '../sourcemaps/symbolicator.js'
import type { EnvelopesTable } from '../tables/core-tables.js'
import type { Database } from '../tables/database.js'
import { INDEXED_TEXT_BYTES, storableTime, truncateBytes } from './storable.js'
import type { ItemResult } from './store-result.js'

interface DeriveMemo {
  readonly frames: Map<string, StackFrame[]>
  /**
   * Fingerprints by frames array, then type and message. A stack repeated in the batch is parsed into one
   * array, and the symbolicator resolves one array into one, so repeats share arrays whether or not they
   * were symbolicated; nothing mutates a frames array during a call.
   */
  readonly fingerprints: Map<readonly StackFrame[], Map<string, string>>
  /** Whether a fingerprint is the default of an unsymbolicated frames array (see isDefaultFingerprint). */
  readonly defaults: Map<readonly StackFrame[], Map<string, boolean>>
}

function newMemo(): DeriveMemo {
  return { frames: new Map(), fingerprints: new Map(), defaults: new Map() }
}

function memoized<K, V>(
  memo: Map<K, Map<string, V>> | undefined,
  outer: K,
  inner: string,
  compute: () => V,
): V {
  const known = memo?.get(outer)?.get(inner)
  if (known !== undefined) return known
  const value = compute()
  if (memo !== undefined) {
    let byInner = memo.get(outer)
    if (byInner === undefined) {
      byInner = new Map()
      memo.set(outer, byInner)
    }
    byInner.set(inner, value)
  }
  return value
}

// Frames parsed from the raw stack when the client sent none. With a memo, a stack repeated within the
// batch is parsed once.
function withFrames(envelope: Envelope, memo?: DeriveMemo): Envelope {
  if (envelope.kind !== 'error') return envelope
  const stack = envelope.error.stack
  if (envelope.error.frames.length > 0 || stack === undefined) return envelope
  let frames = memo?.frames.get(stack)
  if (frames === undefined) {
    frames = parseStack(stack)
    memo?.frames.set(stack, frames)
  }
  return { ...envelope, error: { ...envelope.error, frames } }
}

// The fingerprint when absent (same function as the SDK), computed once per frames array, type and message.
function derive(envelope: Envelope, memo?: DeriveMemo): Envelope {
  if (envelope.kind !== 'error') return envelope
  const framed = withFrames(envelope, memo)
  if (framed.kind !== 'error' || framed.error.fingerprint !== undefined) return framed
  const error = { ...framed.error }
  error.fingerprint = memoized(memo?.fingerprints, error.frames, `${error.type}\u0000${error.message}`, () =>
    fingerprint({ type: error.type, message: error.message, frames: error.frames }),
  )
  return { ...framed, error }
}

// Whether a stored or sent fingerprint is the default one of these frames (as opposed to a custom grouping
// a sender chose, e.g. Sentry's `fingerprint`), so symbolication may replace it with the original frames'.
function isDefaultFingerprint(value: string, error: ErrorEnvelope['error'], memo?: DeriveMemo): boolean {
  return memoized(memo?.defaults, error.frames, `${error.type}\u0000${error.message}\u0000${value}`, () => {
    const stripped = error.frames.map(({ original: _o, ...frame }) => frame)
    const bare = stripped.map(({ inApp: _i, ...frame }) => frame)
    const withOriginals = error.frames.map(({ inApp: _i, ...frame }) => frame)
    return [error.frames, stripped, bare, withOriginals].some(
      (frames) => fingerprint({ type: error.type, message: error.message, frames }) === value,
    )
  })
}

/**
 * `after` (symbolicated `before`) without its fingerprint when that was the default of the unsymbolicated
 * frames, so it is recomputed from the original frames; a custom fingerprint is kept.
 */
export function regroupSymbolicated(before: Envelope, after: Envelope): Envelope {
  return regroup(before, after)
}

function regroup(before: Envelope, after: Envelope, memo?: DeriveMemo): Envelope {
  if (before.kind !== 'error' || after.kind !== 'error' || before === after) return after
  const value = after.error.fingerprint
  if (value === undefined || !isDefaultFingerprint(value, before.error, memo)) return after
  const { fingerprint: _default, ...error } = after.error
  return { ...after, error }
}

/**
 * What the server adds before storing: frames parsed from the raw stack when the client sent none, the
 * fingerprint when absent (same function as the SDK), and a second scrub with the server's thorough
 * scrubber (phone numbers of every region, more key formats than the SDK's light one can carry).
 */
export function prepareEnvelope(envelope: Envelope): Envelope {
  return scrubEnvelopeThorough(derive(envelope))
}

/**
 * {@link prepareEnvelope} over a batch, with the same results: a stack, message or URL that repeats in the
 * batch (the same error firing again) is parsed, fingerprinted and scrubbed once.
 */
export function prepareEnvelopes(envelopes: readonly Envelope[]): Envelope[] {
  return prepareWith(envelopes, newMemo())
}

function prepareWith(envelopes: readonly Envelope[], memo: DeriveMemo): Envelope[] {
  return scrubEnvelopesThorough(envelopes.map((envelope) => derive(envelope, memo)))
}

/**
 * {@link prepareEnvelopes} with symbolication first: frames are parsed, resolved through the project's
 * uploaded source maps, and the fingerprint computed from the original frames (a default fingerprint the
 * client computed from minified frames is replaced; a custom one is kept).
 */
export async function prepareSymbolicated(
  symbolicator: Symbolicator,
  projectId: string,
  envelopes: readonly Envelope[],
): Promise<Envelope[]> {
  const memo = newMemo()
  const framed = envelopes.map((envelope) => withFrames(envelope, memo))
  const symbolicated = await symbolicator.symbolicate(projectId, framed)
  return prepareWith(
    symbolicated.map((after, i) => regroup(framed[i] as Envelope, after, memo)),
    memo,
  )
}

/** The row an envelope (already prepared) is stored as. */
export function envelopeRow(
  projectId: string,
  envelope: Envelope,
  occurredAt: Date,
): Insertable<EnvelopesTable> {
  const isError = envelope.kind === 'error'
  return {
    project_id: projectId,
    id: envelope.id,
    kind: envelope.kind,
    occurred_at: occurredAt,
    route_template: truncateBytes(envelope.route.template, INDEXED_TEXT_BYTES),
    fingerprint: isError ? (envelope.error.fingerprint ?? null) : null,
    session_id: envelope.sessionId ?? null,
    actor_hash: envelope.actor?.idHash ?? null,
    workspace_id: envelope.workspace?.id ?? null,
    release: envelope.app.release ?? null,
    environment: envelope.app.environment ?? null,
    boundary: envelope.boundary ?? null,
    error_type: isError ? envelope.error.type : null,
    message: isError ? envelope.error.message : envelope.feedback.text,
    rating: isError ? null : (envelope.feedback.rating ?? null),
    body: JSON.stringify(envelope),
  }
}

/**
 * Stores already-validated envelopes for `projectId` and resolves once they are committed: each is
 * `accepted` (new), `duplicate` (its id was stored before, or earlier in this batch) or `rejected` (a
 * timestamp Postgres cannot hold). Envelopes with a session id also create or widen that session and count
 * its errors and feedback, so scoring sees them. Every ingest route (ours and the Sentry-compatible one)
 * writes through here. Frames are resolved through the project's uploaded source maps first
 * ({@link prepareSymbolicated}); a frame without a map is stored as reported.
 *
 * The whole batch is **one statement** (the session upsert is a data-modifying CTE over the rows the insert
 * returned): atomic on its own, so no BEGIN/COMMIT round trips; under load each round trip costs far more
 * than the SQL itself.
 * @example
 * const results = await storeEnvelopes(database.db, projectId, [envelope])
 */
export async function storeEnvelopes(
  db: Kysely<Database>,
  projectId: string,
  envelopes: readonly Envelope[],
  options: { readonly symbolicator?: Symbolicator } = {},
): Promise<ItemResult[]> {
  const results: ItemResult[] = new Array(envelopes.length)
  const firstIndex = new Map<string, number>()
  const accepted: { envelope: Envelope; occurredAt: Date }[] = []
  envelopes.forEach((raw, index) => {
    const occurredAt = storableTime(raw.occurredAt)
    if (occurredAt === undefined) {
      results[index] = {
        id: raw.id,
        status: 'rejected',
        issues: [{ path: 'occurredAt', message: 'timestamp outside the years 0001–9999' }],
      }
      return
    }
    if (firstIndex.has(raw.id)) {
      results[index] = { id: raw.id, status: 'duplicate' }
      return
    }
    firstIndex.set(raw.id, index)
    accepted.push({ envelope: raw, occurredAt })
  })
  const prepared = await prepareSymbolicated(
    options.symbolicator ?? symbolicatorFor(db),
    projectId,
    accepted.map((a) => a.envelope),
  )
  const candidates = prepared.map((envelope, i) =>
    envelopeRow(projectId, envelope, (accepted[i] as (typeof accepted)[number]).occurredAt),
  )
  if (candidates.length === 0) return results
  // On Postgres envelopes are partitioned by time, so the primary key holds the time and ON CONFLICT alone
  // would store an id again when it is re-sent with another `occurredAt`: an id already stored is a
  // duplicate whatever its time (retries of the same envelope are still caught by ON CONFLICT below).
  const known = await db
    .selectFrom('envelopes')
    .select('id')
    .where('project_id', '=', projectId)
    .where(
      'id',
      'in',
      candidates.map((row) => row.id),
    )
    .execute()
  const knownIds = new Set(known.map((row) => row.id))
  const rows = candidates.filter((row) => !knownIds.has(row.id))
  if (rows.length === 0) {
    for (const [id, index] of firstIndex) results[index] = { id, status: 'duplicate' }
    return results
  }
  // Id order (and session id order below): concurrent batches with overlapping ids or sessions take
  // their locks in the same order, so they wait on each other instead of deadlocking.
  rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const hasSessions = rows.some((row) => row.session_id != null)
  const insert = (qb: QueryCreator<Database>) =>
    qb
      .insertInto('envelopes')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'kind', 'occurred_at', 'session_id', 'actor_hash', 'workspace_id'])
  const inserted = hasSessions
    ? await db
        .with('inserted', insert)
        .with('touched', (qb) =>
          qb
            .insertInto('sessions')
            .columns([
              'project_id',
              'id',
              'started_at',
              'last_event_at',
              'actor_hash',
              'workspace_id',
              'error_count',
              'feedback_count',
            ])
            .expression((eb) =>
              eb
                .selectFrom('inserted')
                .where('session_id', 'is not', null)
                .groupBy('session_id')
                .orderBy('session_id')
                .select((s) => [
                  s.val(projectId).as('project_id'),
                  s.ref('session_id').$castTo<string>().as('id'),
                  s.fn.min('occurred_at').as('started_at'),
                  s.fn.max('occurred_at').as('last_event_at'),
                  s.fn.min('actor_hash').as('actor_hash'),
                  s.fn.min('workspace_id').as('workspace_id'),
                  sql<number>`(count(*) filter (where kind = 'error'))::int`.as('error_count'),
                  sql<number>`(count(*) filter (where kind = 'feedback'))::int`.as('feedback_count'),
                ]),
            )
            .onConflict((oc) =>
              oc.columns(['project_id', 'id']).doUpdateSet({
                started_at: sql`least(sessions.started_at, excluded.started_at)`,
                last_event_at: sql`greatest(sessions.last_event_at, excluded.last_event_at)`,
                actor_hash: sql`coalesce(sessions.actor_hash, excluded.actor_hash)`,
                workspace_id: sql`coalesce(sessions.workspace_id, excluded.workspace_id)`,
                error_count: sql`sessions.error_count + excluded.error_count`,
                feedback_count: sql`sessions.feedback_count + excluded.feedback_count`,
                updated_at: sql`now()`,
              }),
            )
            .returning('id'),
        )
        .selectFrom('inserted')
        .select('id')
        .execute()
    : await insert(db).execute()
  const stored = new Set(inserted.map((r) => r.id))
  for (const [id, index] of firstIndex) {
    results[index] = { id, status: stored.has(id) ? 'accepted' : 'duplicate' }
  }
  return results
}
