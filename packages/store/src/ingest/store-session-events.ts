import { createHash } from 'node:crypto'
import type { SessionEvent } from '@suture/envelope'
import { scrubTextThorough, scrubUrlThorough } from '@suture/envelope/scrub-server'
import type { Insertable, Kysely } from 'kysely'
import type { SessionEventsTable } from '../tables/core-tables.js'
import type { Database } from '../tables/database.js'
import { addTouch, applySessionTouches, type SessionTouch } from './session-touch.js'
import { storableTime } from './storable.js'
import type { ItemResult } from './store-result.js'

/**
 * The id of an event sent without one: a hash of its content, so a retried batch dedupes the same way
 * as one with client ids.
 */
export function sessionEventId(event: SessionEvent): string {
  const content = JSON.stringify([
    event.sessionId,
    event.ts,
    event.event,
    event.distinctId ?? null,
    event.properties,
  ])
  return `h_${createHash('sha256').update(content, 'utf8').digest('hex').slice(0, 40)}`
}

function scrubProperties(value: unknown, key = ''): unknown {
  if (typeof value === 'string')
    return /url|href|referrer/i.test(key) ? scrubUrlThorough(value) : scrubTextThorough(value)
  if (Array.isArray(value)) return value.map((item) => scrubProperties(item, key))
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) out[k] = scrubProperties(v, k)
    return out
  }
  return value
}

/**
 * Stores validated session events in one transaction (resolving after commit) and creates or widens
 * their sessions: `started_at` is the earliest event, `last_event_at` the latest, `event_count` counts
 * new events only, so retries change nothing.
 */
export async function storeSessionEvents(
  db: Kysely<Database>,
  projectId: string,
  events: readonly SessionEvent[],
): Promise<ItemResult[]> {
  const results: ItemResult[] = new Array(events.length)
  const firstIndex = new Map<string, number>()
  const rows: Insertable<SessionEventsTable>[] = []
  const byId = new Map<string, { event: SessionEvent; ts: Date }>()
  events.forEach((event, index) => {
    const id = event.id ?? sessionEventId(event)
    const ts = storableTime(event.ts)
    if (ts === undefined) {
      results[index] = {
        id,
        status: 'rejected',
        issues: [{ path: 'ts', message: 'timestamp outside the years 0001–9999' }],
      }
      return
    }
    if (firstIndex.has(id)) {
      results[index] = { id, status: 'duplicate' }
      return
    }
    firstIndex.set(id, index)
    byId.set(id, { event, ts })
    rows.push({
      project_id: projectId,
      id,
      session_id: event.sessionId,
      ts,
      event: event.event,
      distinct_id: event.distinctId ?? null,
      properties: JSON.stringify(scrubProperties(event.properties)),
    })
  })
  if (rows.length > 0) {
    rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    const inserted = await db.transaction().execute(async (trx) => {
      const ids = await trx
        .insertInto('session_events')
        .values(rows)
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .execute()
      const accepted = new Set(ids.map((r) => r.id))
      const touches = new Map<string, SessionTouch>()
      for (const id of accepted) {
        const item = byId.get(id)
        if (item === undefined) continue
        addTouch(
          touches,
          item.event.sessionId,
          item.ts,
          { events: 1 },
          { distinctId: item.event.distinctId ?? null },
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
