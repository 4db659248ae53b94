import { setTimeout as delay } from 'node:timers/promises'
import type { SessionEvent } from '@suture/envelope'
import type { Database } from '@suture/store'
import { storeSessionEvents } from '@suture/store'
import type { Kysely } from 'kysely'

/** PostHog answered with an error we cannot retry our way out of; the message says what to check. */
export class PostHogQueryError extends Error {
  override readonly name = 'PostHogQueryError'
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(
      status === 401 || status === 403
        ? `PostHog refused the personal API key (${status}): check POSTHOG_PERSONAL_API_KEY has the query:read scope for this project`
        : `PostHog query failed (${status}): ${detail}`,
    )
  }
}

/** PostHog-internal events that say nothing about the user's experience. */
const SKIPPED_EVENTS = [
  '$feature_flag_called',
  '$identify',
  '$set',
  '$groupidentify',
  '$create_alias',
  '$snapshot',
  '$web_vitals',
  '$opt_in',
  '$plugin_running_duration',
]

/** The smallest UUID: the keyset's starting point, before every real event at the window's start. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000'

/**
 * Pages by keyset on `(timestamp, uuid)`: PostHog refuses `OFFSET` on queries made with a personal API
 * key and asks for keyset pagination on `timestamp`; `uuid` breaks ties between events of the same
 * microsecond. Every `toDateTime` names `'UTC'`, because HogQL reads a string without a timezone in
 * the project's timezone.
 */
export const HOGQL_EVENTS_QUERY = `SELECT uuid, event, timestamp, distinct_id, properties.$session_id AS session_id, properties
FROM events
WHERE timestamp >= toDateTime({since}, 'UTC') AND timestamp < toDateTime({until}, 'UTC')
  AND (timestamp > toDateTime({after_ts}, 'UTC') OR (timestamp = toDateTime({after_ts}, 'UTC') AND uuid > toUUID({after_uuid})))
  AND properties.$session_id IS NOT NULL AND properties.$session_id != ''
  AND event NOT IN {skipped}
ORDER BY timestamp, uuid
LIMIT {limit}`

export interface PostHogImportOptions {
  /** App host of the PostHog instance, e.g. `https://eu.posthog.com` (not the `.i.` ingestion host). */
  readonly host: string
  readonly posthogProjectId: string
  readonly personalApiKey: string
  /** The Suture project the events belong to. */
  readonly projectId: string
  readonly since: Date
  readonly until: Date
  readonly pageSize?: number
  /** Attempts per page on 429/5xx (default 5). */
  readonly maxAttempts?: number
  readonly log?: ((line: string) => void) | undefined
  readonly fetch?: typeof fetch
}

export interface PostHogImportSummary {
  readonly pages: number
  readonly events: number
  readonly accepted: number
  readonly sessions: number
}

function toDateTime(d: Date): string {
  // ClickHouse DateTime literal, UTC: 2026-03-02 10:00:00
  return d
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, '')
    .replace('Z', '')
}

function retryAfterMs(header: string | null, attempt: number): number {
  if (header) {
    const seconds = Number(header)
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 120_000)
    const at = Date.parse(header)
    if (Number.isFinite(at)) return Math.min(Math.max(0, at - Date.now()), 120_000)
  }
  return Math.min(1000 * 2 ** attempt, 30_000)
}

/**
 * Imports PostHog events for `[since, until)` (UTC) into Suture's session events through the HogQL query
 * API (`POST /api/projects/:id/query/`), a keyset page at a time, waiting out rate limits (`429` +
 * `Retry-After`).
 * Event names are PostHog's own, so imported sessions score exactly like sessions from our SDK; event
 * uuids are the ids, so re-importing a window stores nothing twice.
 */
export async function importPostHogEvents(
  db: Kysely<Database>,
  options: PostHogImportOptions,
): Promise<PostHogImportSummary> {
  const doFetch = options.fetch ?? fetch
  const pageSize = options.pageSize ?? 5_000
  const url = `${options.host.replace(/\/$/, '')}/api/projects/${encodeURIComponent(options.posthogProjectId)}/query/`
  const sessions = new Set<string>()
  let pages = 0
  let events = 0
  let accepted = 0
  const since = toDateTime(options.since)
  // The cursor is the last row's own timestamp text, passed back as PostHog wrote it, so its
  // microseconds survive (a JavaScript Date would cut them to milliseconds and repeat rows).
  let cursor = { ts: since, uuid: NIL_UUID }
  for (;;) {
    const body = JSON.stringify({
      query: {
        kind: 'HogQLQuery',
        query: HOGQL_EVENTS_QUERY,
        values: {
          since,
          until: toDateTime(options.until),
          after_ts: cursor.ts,
          after_uuid: cursor.uuid,
          skipped: SKIPPED_EVENTS,
          limit: pageSize,
        },
      },
      name: 'suture session import',
    })
    const page = await queryWithRetry(doFetch, url, options.personalApiKey, body, options)
    pages++
    const rows: SessionEvent[] = []
    for (const row of page.results) {
      const [uuid, event, timestamp, distinctId, sessionId, properties] = row as unknown[]
      if (typeof sessionId !== 'string' || typeof event !== 'string' || typeof timestamp !== 'string')
        continue
      const props =
        typeof properties === 'string' ? (JSON.parse(properties) as Record<string, unknown>) : properties
      const ts = /[zZ]|[+-]\d\d:?\d\d$/.test(timestamp) ? timestamp : `${timestamp.replace(' ', 'T')}Z`
      rows.push({
        ...(typeof uuid === 'string' ? { id: uuid.slice(0, 64) } : {}),
        sessionId: sessionId.slice(0, 200),
        ts: new Date(ts).toISOString(),
        event: event.slice(0, 200),
        ...(typeof distinctId === 'string' ? { distinctId: distinctId.slice(0, 200) } : {}),
        properties: (props && typeof props === 'object' ? props : {}) as SessionEvent['properties'],
      })
      sessions.add(sessionId)
    }
    events += rows.length
    const results = await storeSessionEvents(db, options.projectId, rows)
    accepted += results.filter((r) => r.status === 'accepted').length
    options.log?.(`page ${pages}: ${rows.length} events (${accepted} new so far)`)
    if (page.results.length < pageSize) break
    const [lastUuid, , lastTs] = (page.results.at(-1) ?? []) as unknown[]
    if (typeof lastUuid !== 'string' || typeof lastTs !== 'string') {
      throw new PostHogQueryError(
        200,
        'a full page ended in a row without a uuid and timestamp, so the next page cannot be asked for; report this with the PostHog version',
      )
    }
    cursor = { ts: lastTs, uuid: lastUuid }
  }
  return { pages, events, accepted, sessions: sessions.size }
}

async function queryWithRetry(
  doFetch: typeof fetch,
  url: string,
  key: string,
  body: string,
  options: PostHogImportOptions,
): Promise<{ results: unknown[][] }> {
  const attempts = options.maxAttempts ?? 5
  for (let attempt = 0; ; attempt++) {
    const response = await doFetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body,
    })
    if (response.ok) {
      const json = (await response.json()) as { results?: unknown[][] }
      return { results: json.results ?? [] }
    }
    const text = await response.text().catch(() => '')
    const retryable = response.status === 429 || response.status >= 500
    if (!retryable || attempt + 1 >= attempts)
      throw new PostHogQueryError(response.status, text.slice(0, 500))
    const wait = retryAfterMs(response.headers.get('retry-after'), attempt)
    options.log?.(`PostHog answered ${response.status}; retrying in ${Math.round(wait / 1000)} s`)
    await delay(wait)
  }
}
