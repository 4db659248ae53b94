import { type Envelope, fingerprint, parseStack, scrubEnvelope } from '@suture/envelope'
import type { Insertable, Kysely } from 'kysely'
import type { EnvelopesTable } from './core-tables.js'
import type { Database } from './database.js'
import { addTouch, applySessionTouches, type SessionTouch } from './session-touch.js'
import { INDEXED_TEXT_BYTES, storableTime, truncateBytes } from './storable.js'
import type { ItemResult } from './store-result.js'

/**
 * What the server adds before storing: frames parsed from the raw stack when the client sent none, the
 * fingerprint when absent (same function as the SDK), and a second scrub (defence in depth).
 */
export function prepareEnvelope(envelope: Envelope): Envelope {
  if (envelope.kind !== 'error') return scrubEnvelope(envelope)
  const error = { ...envelope.error }
  if (error.frames.length === 0 && error.stack !== undefined) error.frames = parseStack(error.stack)
  error.fingerprint ??= fingerprint({ type: error.type, message: error.message, frames: error.frames })
  return scrubEnvelope({ ...envelope, error })
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
 * Stores already-validated envelopes for `projectId` in one transaction and resolves once it has
 * committed: each is `accepted` (new), `duplicate` (its id was stored before, or earlier in this batch)
 * or `rejected` (a timestamp Postgres cannot hold). Envelopes with a session id also create or widen
 * that session and count its errors and feedback, so scoring sees them. Every ingest route (ours and the
 * Sentry-compatible one) writes through here.
 * @example
 * const results = await storeEnvelopes(database.db, projectId, [envelope])
 */
export async function storeEnvelopes(
  db: Kysely<Database>,
  projectId: string,
  envelopes: readonly Envelope[],
): Promise<ItemResult[]> {
  const results: ItemResult[] = new Array(envelopes.length)
  const firstIndex = new Map<string, number>()
  const rows: Insertable<EnvelopesTable>[] = []
  const prepared = new Map<string, { envelope: Envelope; occurredAt: Date }>()
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
    const envelope = prepareEnvelope(raw)
    prepared.set(raw.id, { envelope, occurredAt })
    rows.push(envelopeRow(projectId, envelope, occurredAt))
  })
  if (rows.length > 0) {
    // Id order: concurrent batches with overlapping ids wait on each other instead of deadlocking.
    rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    const inserted = await db.transaction().execute(async (trx) => {
      const ids = await trx
        .insertInto('envelopes')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .execute()
      const accepted = new Set(ids.map((r) => r.id))
      const touches = new Map<string, SessionTouch>()
      for (const id of accepted) {
        const item = prepared.get(id)
        const sessionId = item?.envelope.sessionId
        if (item === undefined || sessionId === undefined) continue
        const { envelope, occurredAt } = item
        addTouch(
          touches,
          sessionId,
          occurredAt,
          envelope.kind === 'error' ? { errors: 1 } : { feedback: 1 },
          { actorHash: envelope.actor?.idHash ?? null, workspaceId: envelope.workspace?.id ?? null },
        )
      }
      await applySessionTouches(trx, projectId, touches)
      return accepted
    })
    for (const [id, index] of firstIndex) {
      results[index] = { id, status: inserted.has(id) ? 'accepted' : 'duplicate' }
    }
  }
  return results
}
