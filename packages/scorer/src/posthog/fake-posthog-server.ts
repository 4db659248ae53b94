import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'

/**
 * A local stand-in for PostHog, behaving like the real service where Suture depends on it:
 * - `/batch/` (what `posthog-node` posts to, gzip or plain JSON) drops events whose `uuid` is not a
 *   UUID (PostHog's "Refused to process event with invalid UUID") and stores an event once per
 *   `(uuid, event, distinct_id, day)` — the key PostHog's events table deduplicates on — so a resent
 *   event with the same `uuid` is not counted twice (`events`), while `captured` keeps every arrival.
 * - the HogQL query API (`/api/projects/:id/query/`) refuses `OFFSET` on personal-API-key queries with
 *   PostHog's own validation error, reads `toDateTime('…')` without a timezone argument in the
 *   project's timezone (`timezone`, like HogQL's tz-aware `toDateTime`), and evaluates the window,
 *   the skipped-event list, the `(timestamp, uuid)` keyset condition, `ORDER BY timestamp, uuid` and
 *   `LIMIT` over `rows` (`[uuid, event, timestamp, distinct_id, session_id, properties]`; a timestamp
 *   without an offset is UTC, as ClickHouse stores it). Test helper.
 */
export interface FakePostHog {
  readonly url: string
  /** Every event that arrived at `/batch/`, in arrival order, duplicates included. */
  readonly captured: Record<string, unknown>[]
  /** The events PostHog would keep: invalid uuids dropped, duplicates by PostHog's key merged. */
  readonly events: Record<string, unknown>[]
  /** Every query request body. */
  readonly queries: Record<string, unknown>[]
  /** Status codes to answer the next query requests with before serving (e.g. [429]). */
  readonly failNextQueries: number[]
  /** Status codes to answer the next capture requests with; 0 serves that request normally. */
  readonly failNextCaptures: number[]
  close(): Promise<void>
}

/** PostHog's answer to a query with OFFSET made with a personal API key (posthog#68637). */
export const OFFSET_REFUSED =
  'OFFSET is not supported on queries made with a personal API key. For pagination, use keyset pagination on the `timestamp` column, e.g. `WHERE timestamp > :last_seen_timestamp ORDER BY timestamp LIMIT N`. For bulk data extraction, use batch exports: https://posthog.com/docs/cdp/batch-exports'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  let raw = Buffer.concat(chunks)
  if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw)
  return JSON.parse(raw.toString('utf8')) as Record<string, unknown>
}

/** Milliseconds a zone is ahead of UTC at a UTC instant. */
function zoneOffsetMs(zone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return asUtc - Math.floor(utcMs / 1000) * 1000
}

/**
 * A DateTime64(6) as microseconds since the epoch, parsed like ClickHouse's best-effort parser for the
 * ISO shapes PostHog returns and accepts; a string without an offset is read in `zone`.
 */
function toMicros(text: string, zone: string): bigint | undefined {
  const m =
    /^(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d\d:?\d\d)?$/i.exec(
      text.trim(),
    )
  if (!m) return undefined
  const naive = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4] ?? 0),
    Number(m[5] ?? 0),
    Number(m[6] ?? 0),
  )
  let utc: number
  const offset = m[8]
  if (offset === undefined) {
    const guess = naive - zoneOffsetMs(zone, naive)
    utc = naive - zoneOffsetMs(zone, guess)
  } else if (offset.toUpperCase() === 'Z') {
    utc = naive
  } else {
    const sign = offset.startsWith('-') ? -1 : 1
    const digits = offset.slice(1).replace(':', '')
    utc = naive - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000
  }
  const fraction = (m[7] ?? '').padEnd(6, '0').slice(0, 6)
  return BigInt(utc) * 1000n + BigInt(fraction)
}

class QueryError extends Error {}

interface Row {
  readonly raw: unknown[]
  readonly uuid: string
  readonly event: string
  readonly ts: bigint
  readonly sessionId: unknown
}

/** Evaluates the parts of a HogQL events query Suture writes; anything it cannot read is a 400. */
function runQuery(text: string, values: Record<string, unknown>, rows: readonly Row[], zone: string) {
  if (/\bOFFSET\b/i.test(text)) throw new QueryError(OFFSET_REFUSED)
  if (!/\bFROM\s+events\b/i.test(text)) throw new QueryError('expected a HogQLQuery over events')
  const value = (name: string): unknown => {
    if (!(name in values)) throw new QueryError(`Placeholder {${name}} is not defined in values`)
    return values[name]
  }
  const time = (name: string, tz: string | undefined): bigint => {
    const raw = value(name)
    const micros = typeof raw === 'string' ? toMicros(raw, tz ?? zone) : undefined
    if (micros === undefined) throw new QueryError(`Cannot parse {${name}} as a DateTime: ${String(raw)}`)
    return micros
  }
  const conditions: ((row: Row) => boolean)[] = []
  // HogQL's toDateTime is tz-aware: without a second argument it is given the project's timezone.
  const toDateTime = String.raw`toDateTime\(\{(\w+)\}(?:\s*,\s*'([^']+)')?\)`
  const keyset = new RegExp(
    String.raw`\(\s*timestamp\s*>\s*${toDateTime}\s+OR\s+\(\s*timestamp\s*=\s*${toDateTime}\s+AND\s+uuid\s*>\s*toUUID\(\{(\w+)\}\)\s*\)\s*\)`,
    'i',
  )
  const k = keyset.exec(text)
  let rest = text
  if (k) {
    const after = time(k[1] as string, k[2])
    const same = time(k[3] as string, k[4])
    const afterUuid = String(value(k[5] as string))
    conditions.push((r) => r.ts > after || (r.ts === same && r.uuid > afterUuid))
    rest = text.replace(k[0], '')
  }
  for (const c of rest.matchAll(new RegExp(String.raw`timestamp\s*(>=|<=|>|<|=)\s*${toDateTime}`, 'gi'))) {
    const bound = time(c[2] as string, c[3])
    const op = c[1]
    conditions.push((r) =>
      op === '>='
        ? r.ts >= bound
        : op === '<='
          ? r.ts <= bound
          : op === '>'
            ? r.ts > bound
            : op === '<'
              ? r.ts < bound
              : r.ts === bound,
    )
  }
  const notIn = /event\s+NOT\s+IN\s+\{(\w+)\}/i.exec(text)
  if (notIn) {
    const skipped = value(notIn[1] as string)
    if (!Array.isArray(skipped)) throw new QueryError(`{${notIn[1]}} must be a list`)
    conditions.push((r) => !skipped.includes(r.event))
  }
  if (/\$session_id\s+IS\s+NOT\s+NULL/i.test(text)) {
    conditions.push((r) => typeof r.sessionId === 'string' && r.sessionId !== '')
  }
  const limitMatch = /\bLIMIT\s+(?:\{(\w+)\}|(\d+))/i.exec(text)
  const limit = limitMatch ? Number(limitMatch[1] ? value(limitMatch[1]) : limitMatch[2]) : 100 // the API's default row limit
  if (!Number.isInteger(limit) || limit < 0 || limit > 50_000)
    throw new QueryError(`LIMIT must be an integer up to 50000, not ${String(limit)}`)
  const ordered = /ORDER\s+BY\s+timestamp\s*,\s*uuid\b/i.test(text)
  const matching = rows.filter((r) => conditions.every((c) => c(r)))
  if (ordered)
    matching.sort((a, b) =>
      a.ts < b.ts ? -1 : a.ts > b.ts ? 1 : a.uuid < b.uuid ? -1 : a.uuid > b.uuid ? 1 : 0,
    )
  return { results: matching.slice(0, limit).map((r) => r.raw), hasMore: matching.length > limit, limit }
}

export async function startFakePostHog(
  options: {
    rows?: unknown[][]
    personalApiKey?: string
    /** The project's timezone (PostHog project settings); default UTC. */
    timezone?: string
  } = {},
): Promise<FakePostHog> {
  const captured: Record<string, unknown>[] = []
  const events: Record<string, unknown>[] = []
  const seen = new Set<string>()
  const queries: Record<string, unknown>[] = []
  const failNextQueries: number[] = []
  const failNextCaptures: number[] = []
  const zone = options.timezone ?? 'UTC'
  const rows: Row[] = (options.rows ?? []).map((raw) => {
    const [uuid, event, timestamp, , sessionId] = raw
    const ts = typeof timestamp === 'string' ? toMicros(timestamp, 'UTC') : undefined
    if (typeof uuid !== 'string' || typeof event !== 'string' || ts === undefined)
      throw new Error(`fake PostHog row needs a uuid, an event and a timestamp: ${JSON.stringify(raw)}`)
    return { raw, uuid, event, ts, sessionId }
  })
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake')
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(JSON.stringify(body))
    }
    if (req.method === 'POST' && url.pathname === '/batch/') {
      const body = await readJson(req)
      const fail = failNextCaptures.shift()
      if (fail) return json(fail, { type: 'server_error', detail: 'fake failure' })
      if (typeof body.api_key !== 'string')
        return json(401, { type: 'authentication_error', detail: 'no api_key' })
      for (const event of (body.batch ?? []) as Record<string, unknown>[]) {
        captured.push(event)
        if (typeof event.uuid !== 'string' || !UUID.test(event.uuid)) continue
        const day = typeof event.timestamp === 'string' ? event.timestamp.slice(0, 10) : ''
        const key = JSON.stringify([event.uuid.toLowerCase(), event.event, event.distinct_id, day])
        if (seen.has(key)) continue
        seen.add(key)
        events.push(event)
      }
      return json(200, { status: 1 })
    }
    const query = /^\/api\/projects\/([^/]+)\/query\/$/.exec(url.pathname)
    if (req.method === 'POST' && query) {
      if (options.personalApiKey && req.headers.authorization !== `Bearer ${options.personalApiKey}`) {
        return json(401, { type: 'authentication_error', detail: 'Invalid personal API key.' })
      }
      const body = await readJson(req)
      queries.push(body)
      const fail = failNextQueries.shift()
      if (fail === 429)
        return json(
          429,
          { type: 'throttled_error', detail: 'Request was throttled.' },
          { 'retry-after': '0' },
        )
      if (fail) return json(fail, { type: 'server_error', detail: 'fake failure' }, { 'retry-after': '0' })
      const q = body.query as { kind?: string; query?: string; values?: Record<string, unknown> }
      if (q?.kind !== 'HogQLQuery' || typeof q.query !== 'string') {
        return json(400, { type: 'validation_error', detail: 'expected a HogQLQuery', attr: null })
      }
      try {
        const result = runQuery(q.query, q.values ?? {}, rows, zone)
        return json(200, {
          columns: ['uuid', 'event', 'timestamp', 'distinct_id', 'session_id', 'properties'],
          types: [],
          ...result,
        })
      } catch (error: unknown) {
        if (!(error instanceof QueryError)) throw error
        return json(400, {
          type: 'validation_error',
          code: 'invalid_input',
          detail: error.message,
          attr: null,
        })
      }
    }
    json(404, { type: 'invalid_request', detail: `${req.method} ${url.pathname}` })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    captured,
    events,
    queries,
    failNextQueries,
    failNextCaptures,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
