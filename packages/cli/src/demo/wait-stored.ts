import type { SutureDatabase } from '@suture/store'
import type { RecordedPost } from './record-proxy.js'

type Db = SutureDatabase['db']

export interface SentIds {
  readonly envelopes: readonly string[]
  readonly events: readonly string[]
}

function listOf(body: unknown, field: string): unknown[] {
  if (Array.isArray(body)) return body
  if (body !== null && typeof body === 'object') {
    const list = (body as Record<string, unknown>)[field]
    return Array.isArray(list) ? list : [body]
  }
  return []
}

/** The distinct envelope and event ids the SDK posted (a retry posts the same id again). */
export function sentIds(posts: readonly RecordedPost[]): SentIds {
  const envelopes = new Set<string>()
  const events = new Set<string>()
  for (const post of posts) {
    const isEvents = post.path.endsWith('/v1/events')
    for (const item of listOf(post.body, isEvents ? 'events' : 'envelopes')) {
      const id = (item as { id?: unknown } | null)?.id
      if (typeof id === 'string') (isEvents ? events : envelopes).add(id)
    }
  }
  return { envelopes: [...envelopes], events: [...events] }
}

async function countStored(
  db: Db,
  table: 'envelopes' | 'session_events',
  projectId: string,
  ids: readonly string[],
): Promise<number> {
  let stored = 0
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500)
    const row = await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('project_id', '=', projectId)
      .where('id', 'in', chunk)
      .executeTakeFirst()
    stored += Number(row?.n ?? 0)
  }
  return stored
}

export interface StoredCount {
  readonly envelopes: { readonly stored: number; readonly sent: number }
  readonly events: { readonly stored: number; readonly sent: number }
}

/**
 * Polls until every id the SDK sent is stored, or the deadline passes (the caller reports a shortfall:
 * the server answers 2xx only after commit, so a gap means a request was refused, never a lost write).
 */
export async function waitUntilStored(
  db: Db,
  projectId: string,
  ids: SentIds,
  timeoutMs = 30_000,
): Promise<StoredCount> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const count: StoredCount = {
      envelopes: {
        stored: await countStored(db, 'envelopes', projectId, ids.envelopes),
        sent: ids.envelopes.length,
      },
      events: {
        stored: await countStored(db, 'session_events', projectId, ids.events),
        sent: ids.events.length,
      },
    }
    const complete =
      count.envelopes.stored >= count.envelopes.sent && count.events.stored >= count.events.sent
    if (complete || Date.now() > deadline) return count
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}
