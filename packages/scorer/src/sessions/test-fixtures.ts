import type { Envelope, SessionEvent } from '@suture/envelope'
import type { Database } from '@suture/store'
import { createProject, storeEnvelopes, storeSessionEvents } from '@suture/store'
import type { Kysely } from 'kysely'

/**
 * Seeds sessions through the same ingest functions the HTTP API uses. Test helper: each session is a
 * short browse of `pages` page views starting at `start`, a minute apart, optionally ending in an error.
 */
export async function seedSessions(
  db: Kysely<Database>,
  sessions: readonly { id: string; start: Date; pages?: number; error?: boolean }[],
  projectId?: string,
): Promise<string> {
  const project = projectId ?? (await createProject(db, { name: 'Shop', allowDuplicate: true })).projectId
  const events: SessionEvent[] = []
  const envelopes: Envelope[] = []
  for (const s of sessions) {
    const pages = s.pages ?? 3
    for (let i = 0; i < pages; i++) {
      events.push({
        sessionId: s.id,
        ts: new Date(s.start.getTime() + i * 60_000).toISOString(),
        event: '$pageview',
        distinctId: `user-${s.id}`,
        properties: { $pathname: `/projects/${100 + i}` },
      })
    }
    if (s.error) envelopes.push(checkoutError(s.id, new Date(s.start.getTime() + pages * 60_000)))
  }
  await storeSessionEvents(db, project, events)
  if (envelopes.length > 0) await storeEnvelopes(db, project, envelopes)
  return project
}

/** A boundary-caught `TypeError` on a checkout route in `sessionId` at `at`, as the SDK sends it. */
export function checkoutError(sessionId: string, at: Date, route = '/checkout'): Envelope {
  return {
    id: `err-${sessionId}-000001`.replace(/[^A-Za-z0-9_-]/g, '-'),
    schemaVersion: 1,
    kind: 'error',
    occurredAt: at.toISOString(),
    app: { name: 'shop' },
    route: { template: route },
    sessionId,
    breadcrumbs: [],
    flags: {},
    frustration: { rageClicks: 0, deadClicks: 0, errorClicks: 0 },
    error: {
      type: 'TypeError',
      message: 'total is undefined',
      frames: [],
      handled: false,
      mechanism: 'boundary',
    },
  }
}
