import type { Envelope, FieldIssue } from '@suture/envelope'
import type { Database } from '@suture/store'
import { allKnownOrigins, originAllowed, type ResolvedKey, resolveKey } from '@suture/store'
import type { Context, Env, Hono } from 'hono'
import type { Kysely } from 'kysely'
import { futureIssue } from '../server/clock-skew.js'
import { keyFromDsn, sentryKeyFrom } from './auth.js'
import { decodeBody, firstLine, readBodyCapped } from './body.js'
import { matchesSentryProject } from './dsn.js'
import {
  DEFAULT_SENTRY_ENVELOPE_LIMITS,
  parseItemJson,
  parseSentryEnvelope,
  type SentryEnvelope,
} from './envelope-parser.js'
import { DEFAULT_ERROR_PAGE_TEXTS, type ErrorPageTexts, errorPageScript } from './error-page-script.js'
import { SentryIngestError } from './errors.js'
import { mapSentryEvent, mapSentryFeedback, mapSentryUserReport, type SentryMapContext } from './map-event.js'
import type { JsonObject } from './read.js'

/** Seconds to wait before retrying, or 0 when `cost` items may pass now (the ingest `RateLimiter.take`). */
export type SentryRateLimit = (keyId: string, cost: number) => number

/** Where the routes count items and rejects (the ingest server's `IngestMetrics` fits). */
export interface SentryMetrics {
  items(kind: string, status: string, count: number): void
  reject(reason: string, count?: number): void
}

export interface SentryLimits {
  /** Largest request body as sent (compressed), in bytes. */
  readonly maxBodyBytes: number
  /** Largest body after decompression: the zip-bomb cap. */
  readonly maxDecompressedBytes: number
  readonly maxItems: number
  readonly maxItemBytes: number
  readonly maxAttachmentBytes: number
}

/**
 * Sentry's documented limits, so nothing Sentry accepts is refused: a request of at most 20 MB as sent,
 * events of 1 MB, 100 MB of attachments (a feedback screenshot is an attachment in the same envelope as
 * the feedback); decompressed, the attachments plus 20 MiB for the rest. A request may so hold ~120 MiB
 * in memory while it is parsed.
 */
export const DEFAULT_SENTRY_LIMITS: SentryLimits = {
  maxBodyBytes: 20 * 1024 * 1024,
  maxDecompressedBytes: DEFAULT_SENTRY_ENVELOPE_LIMITS.maxAttachmentBytes + 20 * 1024 * 1024,
  ...DEFAULT_SENTRY_ENVELOPE_LIMITS,
}

export interface SentryRoutesOptions {
  readonly db: Kysely<Database>
  /** Durably and idempotently stores validated envelopes; resolves only after the commit. */
  readonly store: (projectId: string, envelopes: readonly Envelope[]) => Promise<unknown>
  /** Looks a DSN key up (defaults to a database lookup; pass the server's cached lookup). */
  readonly resolveKey?: (token: string) => Promise<ResolvedKey | undefined>
  /** Whether some project allows `origin` (key-less preflights, e.g. a tunnel); defaults to a lookup. */
  readonly anyProjectAllows?: (origin: string) => Promise<boolean>
  /** The server's per-key rate limiter, charged one token per item; no limit when absent. */
  readonly rateLimit?: SentryRateLimit
  /**
   * Secret mixed into the per-project salt that hashes `user.id`. Without it the salt is derived from the
   * project id alone, which still keeps hashes from joining across projects.
   */
  readonly userSaltSecret?: string
  readonly limits?: Partial<SentryLimits>
  readonly metrics?: SentryMetrics
  readonly now?: () => Date
}

const EXPOSED_HEADERS = 'X-Sentry-Rate-Limits, Retry-After, X-Sentry-Error'
const ITEM_LABEL = /^[a-z_]{1,32}$/

/** CORS headers for the request's origin, only once it is known to be allowed. */
// The DSN of an envelope header line, when it parses; the full parse later names any error.
function dsnOf(line: Buffer): unknown {
  try {
    const header: unknown = JSON.parse(line.toString('utf8'))
    return typeof header === 'object' && header !== null ? (header as { dsn?: unknown }).dsn : undefined
  } catch {
    return undefined
  }
}

function corsHeaders(c: Context, allowed: boolean): Record<string, string> {
  const origin = c.req.header('origin')
  if (origin === undefined || !allowed) return {}
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
    Vary: 'Origin',
  }
}

/** A refusal the SDK can act on, thrown inside a handler and answered in Sentry's `{ detail }` form. */
class Refusal extends Error {
  readonly status: 400 | 401 | 403 | 413 | 415 | 429
  readonly reason: string
  readonly headers: Readonly<Record<string, string>>
  readonly issues: readonly FieldIssue[] | undefined

  constructor(
    status: Refusal['status'],
    reason: string,
    detail: string,
    extra: { headers?: Record<string, string>; issues?: readonly FieldIssue[] } = {},
  ) {
    super(detail)
    this.status = status
    this.reason = reason
    this.headers = extra.headers ?? {}
    this.issues = extra.issues
  }
}

type Mapper = (payload: JsonObject, ctx: SentryMapContext) => ReturnType<typeof mapSentryEvent>

const MAPPERS: Readonly<Record<string, Mapper>> = {
  event: mapSentryEvent,
  feedback: mapSentryFeedback,
  user_report: mapSentryUserReport,
}

/**
 * Registers Sentry's ingestion endpoints on a Hono app, so an app instrumented with any Sentry SDK sends to
 * Suture by changing only its DSN: `POST /api/:projectId/envelope/` and the legacy
 * `POST /api/:projectId/store/` (with or without the trailing slash), authenticated by the DSN key, which
 * is the project's public ingest key. Event, feedback and user-report items are validated, scrubbed and
 * stored in one transaction (all or nothing); every other item type is counted and dropped.
 * @example
 * registerSentryRoutes(app, { db, store: (projectId, envelopes) => storeEnvelopes(db, projectId, envelopes) })
 */
export function registerSentryRoutes<E extends Env>(app: Hono<E>, options: SentryRoutesOptions): void {
  const limits: SentryLimits = { ...DEFAULT_SENTRY_LIMITS, ...options.limits }
  const metrics: SentryMetrics = options.metrics ?? { items() {}, reject() {} }
  const lookup = options.resolveKey ?? ((token: string) => resolveKey(options.db, token))
  const anyProjectAllows =
    options.anyProjectAllows ??
    (async (origin: string) => {
      const { any, origins } = await allKnownOrigins(options.db)
      return any || origins.has(origin)
    })
  const now = options.now ?? (() => new Date())
  const projectNames = new Map<string, string>()

  async function appNameOf(projectId: string): Promise<string> {
    const cached = projectNames.get(projectId)
    if (cached !== undefined) return cached
    const row = await options.db
      .selectFrom('projects')
      .select('name')
      .where('id', '=', projectId)
      .executeTakeFirst()
    const name = row?.name && row.name.trim() !== '' ? row.name : projectId
    if (projectNames.size > 10_000) projectNames.clear()
    projectNames.set(projectId, name)
    return name
  }

  function tokenOf(c: Context): string | undefined {
    return sentryKeyFrom({
      query: c.req.query('sentry_key'),
      xSentryAuth: c.req.header('x-sentry-auth'),
      authorization: c.req.header('authorization'),
    })
  }

  async function authorise(
    c: Context,
    token: string | undefined,
    urlProjectId: string = c.req.param('projectId') ?? '',
  ): Promise<ResolvedKey> {
    if (token === undefined) {
      throw new Refusal(401, 'missing_key', 'missing DSN key: send sentry_key in the query or X-Sentry-Auth')
    }
    const key = await lookup(token)
    if (key === undefined || key.kind !== 'public') {
      throw new Refusal(
        401,
        'invalid_key',
        'unknown or revoked DSN key; use a public key from `suture project keys list` in the DSN',
      )
    }
    if (!matchesSentryProject(urlProjectId, key.projectId)) {
      throw new Refusal(403, 'wrong_project', 'the DSN key does not belong to the project in the URL')
    }
    const origin = c.req.header('origin')
    if (origin !== undefined && !originAllowed(key.allowedOrigins, origin)) {
      throw new Refusal(
        403,
        'origin_not_allowed',
        `origin ${origin.slice(0, 100)} is not in this project's allow-list; add it with --origin`,
      )
    }
    return key
  }

  function chargeRate(key: ResolvedKey, cost: number): void {
    const wait = options.rateLimit?.(key.keyId, Math.max(1, cost)) ?? 0
    if (wait <= 0) return
    const seconds = Math.max(1, Math.ceil(wait))
    throw new Refusal(429, 'rate_limited', `rate limited; retry after ${seconds} s`, {
      headers: {
        'Retry-After': String(seconds),
        // `retry_after:categories:scope`; no categories means every kind of item.
        'X-Sentry-Rate-Limits': `${seconds}::key`,
      },
    })
  }

  async function readBody(c: Context): Promise<Buffer> {
    const raw = await readBodyCapped(c.req.raw.body, limits.maxBodyBytes)
    return decodeBody(raw, c.req.header('content-encoding'), limits.maxDecompressedBytes)
  }

  async function contextFor(key: ResolvedKey, header: JsonObject | undefined): Promise<SentryMapContext> {
    return {
      userSalt: `suture-sentry-user:${options.userSaltSecret ?? ''}:${key.projectId}`,
      appName: await appNameOf(key.projectId),
      envelopeHeader: header,
      receivedAt: now(),
    }
  }

  /** Maps every item first; only when all mapped does anything get stored (nothing is half-written). */
  async function ingest(
    key: ResolvedKey,
    items: readonly { type: string; payload: () => JsonObject }[],
    header: JsonObject | undefined,
  ): Promise<void> {
    const ctx = await contextFor(key, header)
    const envelopes: Envelope[] = []
    const issues: FieldIssue[] = []
    const ignored = new Map<string, number>()
    for (const [index, item] of items.entries()) {
      const mapper = MAPPERS[item.type]
      if (mapper === undefined) {
        const label = ITEM_LABEL.test(item.type) ? item.type : 'other'
        ignored.set(label, (ignored.get(label) ?? 0) + 1)
        continue
      }
      const result = mapper(item.payload(), ctx)
      const future = result.ok
        ? futureIssue(result.value.occurredAt, 'timestamp', ctx.receivedAt.getTime())
        : undefined
      if (future !== undefined) issues.push({ ...future, path: `items.${index}.${future.path}` })
      else if (result.ok) envelopes.push(result.value)
      else for (const issue of result.issues) issues.push({ ...issue, path: `items.${index}.${issue.path}` })
    }
    if (issues.length > 0) {
      const first = issues[0]
      throw new Refusal(400, 'invalid_event', `invalid item: ${first?.path}: ${first?.message}`, {
        issues: issues.slice(0, 20),
      })
    }
    chargeRate(key, items.length)
    for (const [type, count] of ignored) metrics.items(`sentry_${type}`, 'ignored', count)
    if (envelopes.length === 0) return
    const results = await options.store(key.projectId, envelopes)
    const statuses = Array.isArray(results) ? results : []
    for (const kind of ['error', 'feedback'] as const) {
      const count = envelopes.filter((e) => e.kind === kind).length
      metrics.items(`sentry_${kind}`, 'stored', count)
    }
    // storeEnvelopes refuses timestamps Postgres cannot hold; the mapper never produces them.
    const refused = statuses.find(
      (r): r is { issues: FieldIssue[] } => typeof r === 'object' && r !== null && r.status === 'rejected',
    )
    if (refused !== undefined) {
      throw new Refusal(400, 'invalid_event', 'an item could not be stored', { issues: refused.issues })
    }
  }

  // Refusals carry CORS headers only for an origin the key's project allows: an unknown key or a foreign
  // origin must not learn anything a same-origin page could not.
  function answerRefusal(c: Context, error: unknown, originAllowed: boolean): Response {
    const refusal =
      error instanceof Refusal
        ? error
        : error instanceof SentryIngestError
          ? new Refusal(error.status, error.reason.replace(/-/g, '_'), error.message)
          : undefined
    if (refusal === undefined) throw error
    metrics.reject(`sentry_${refusal.reason}`)
    const body =
      refusal.issues === undefined
        ? { detail: refusal.message }
        : { detail: refusal.message, issues: refusal.issues }
    // SDKs log X-Sentry-Error when they drop an event.
    return c.json(body, refusal.status, {
      ...corsHeaders(c, originAllowed),
      ...refusal.headers,
      // Header values must be printable ASCII; messages may quote client input.
      'X-Sentry-Error': refusal.message.slice(0, 200).replace(/[^\x20-\x7e]/g, '?'),
    })
  }

  async function handleEnvelope(c: Context): Promise<Response> {
    let authorised = false
    try {
      const token = tokenOf(c)
      const early = token === undefined ? undefined : await authorise(c, token)
      authorised = early !== undefined
      const raw = await readBodyCapped(c.req.raw.body, limits.maxBodyBytes)
      const encoding = c.req.header('content-encoding')
      // A tunnel: read just the header line and check its DSN's key before decompressing the rest.
      const headerLine = early === undefined ? await firstLine(raw, encoding) : undefined
      const dsn = headerLine === undefined ? undefined : dsnOf(headerLine)
      if (typeof dsn === 'string') await authorise(c, keyFromDsn(dsn))
      const envelope: SentryEnvelope = parseSentryEnvelope(
        await decodeBody(raw, encoding, limits.maxDecompressedBytes),
        limits,
      )
      // Tunnelled envelopes carry the DSN (and so the key) in their header instead.
      const key = early ?? (await authorise(c, keyFromDsn(envelope.header.dsn)))
      authorised = true
      const items = envelope.items.map((item, index) => ({
        type: item.type,
        payload: () => parseItemJson(item, index),
      }))
      await ingest(key, items, envelope.header)
      const eventId = envelope.header.event_id
      return c.json(typeof eventId === 'string' ? { id: eventId } : {}, 200, corsHeaders(c, true))
    } catch (error: unknown) {
      return answerRefusal(c, error, authorised)
    }
  }

  async function handleStore(c: Context): Promise<Response> {
    let authorised = false
    try {
      const key = await authorise(c, tokenOf(c))
      authorised = true
      const body = await readBody(c)
      if (body.length > limits.maxItemBytes) {
        throw new Refusal(413, 'too_large', `event is larger than ${limits.maxItemBytes} bytes`)
      }
      const event = parseItemJson({ type: 'event', header: {}, payload: body }, 0)
      const type = event.type === 'transaction' || event.type === 'feedback' ? event.type : 'event'
      await ingest(key, [{ type, payload: () => event }], undefined)
      const eventId = event.event_id
      return c.json(typeof eventId === 'string' ? { id: eventId } : {}, 200, corsHeaders(c, true))
    } catch (error: unknown) {
      return answerRefusal(c, error, authorised)
    }
  }

  /**
   * The key and the event a crash-report dialog is for, from the query `showReportDialog` builds: the
   * DSN (its key and project number) and `eventId`.
   */
  async function errorPageTarget(c: Context): Promise<{ key: ResolvedKey; eventId: string }> {
    const dsn = c.req.query('dsn')
    const token = keyFromDsn(dsn)
    if (token === undefined) {
      throw new Refusal(
        400,
        'missing_dsn',
        'missing or malformed dsn: open this dialog with Sentry.showReportDialog()',
      )
    }
    let dsnProject = ''
    try {
      dsnProject = new URL(dsn ?? '').pathname.split('/').filter(Boolean).at(-1) ?? ''
    } catch {
      // keyFromDsn already parsed it; an unparsable DSN has no key and was refused above.
    }
    const eventId = (c.req.query('eventId') ?? '').replace(/-/g, '').toLowerCase()
    if (!/^[0-9a-f]{32}$/.test(eventId)) {
      throw new Refusal(
        400,
        'missing_event_id',
        'missing or malformed eventId: the dialog reports on one event; pass the id captureException returned',
      )
    }
    return { key: await authorise(c, token, dsnProject), eventId }
  }

  /**
   * `GET /api/embed/error-page/`: the script `Sentry.showReportDialog()` (and `ErrorBoundary`'s
   * `showDialog`) loads, which opens Suture's crash-report dialog. A refusal fails the script load,
   * which the SDK reports through `onError`.
   */
  async function errorPage(c: Context): Promise<Response> {
    let authorised = false
    try {
      await errorPageTarget(c)
      authorised = true
      const option = (name: string, fallback: string): string => {
        const value = c.req.query(name)
        return value === undefined || value.trim() === '' ? fallback : value.slice(0, 500)
      }
      const texts = Object.fromEntries(
        Object.entries(DEFAULT_ERROR_PAGE_TEXTS).map(([name, text]) => [name, option(name, text)]),
      ) as unknown as ErrorPageTexts
      const script = errorPageScript({
        endpoint: c.req.url,
        name: option('name', ''),
        email: option('email', ''),
        texts,
      })
      return c.body(script, 200, {
        ...corsHeaders(c, true),
        'Content-Type': 'application/javascript; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      })
    } catch (error: unknown) {
      return answerRefusal(c, error, authorised)
    }
  }

  /**
   * `POST /api/embed/error-page/`: the dialog's report (`name`, `email`, `comments`, form-encoded or
   * JSON), stored as feedback linked to the event, through the same mapping as a `user_report` item —
   * so name and email are never stored.
   */
  async function errorPageReport(c: Context): Promise<Response> {
    let authorised = false
    try {
      const { key, eventId } = await errorPageTarget(c)
      authorised = true
      const raw = (await readBodyCapped(c.req.raw.body, 64 * 1024)).toString('utf8')
      let fields: Record<string, unknown>
      if ((c.req.header('content-type') ?? '').includes('application/json')) {
        fields = parseItemJson({ type: 'user_report', header: {}, payload: Buffer.from(raw) }, 0)
      } else {
        fields = Object.fromEntries(new URLSearchParams(raw))
      }
      const report: JsonObject = {
        event_id: eventId,
        ...(typeof fields.name === 'string' ? { name: fields.name } : {}),
        ...(typeof fields.email === 'string' ? { email: fields.email } : {}),
        ...(typeof fields.comments === 'string' ? { comments: fields.comments } : {}),
      }
      await ingest(key, [{ type: 'user_report', payload: () => report }], undefined)
      return c.json({ id: eventId }, 200, corsHeaders(c, true))
    } catch (error: unknown) {
      return answerRefusal(c, error, authorised)
    }
  }

  /**
   * Preflights pass only for an origin the DSN key's project allows, or, without a key (a tunnel), that
   * some project allows, as on `/v1/*`.
   */
  async function preflight(c: Context): Promise<Response> {
    const origin = c.req.header('origin')
    const token = tokenOf(c)
    if (origin !== undefined) {
      const key = token === undefined ? undefined : await lookup(token)
      const allowed =
        token === undefined
          ? await anyProjectAllows(origin)
          : key !== undefined && originAllowed(key.allowedOrigins, origin)
      if (!allowed) {
        metrics.reject('sentry_origin_not_allowed')
        return c.body(null, 403)
      }
    }
    return c.body(null, 204, {
      ...corsHeaders(c, true),
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Allow-Headers':
        c.req.header('access-control-request-headers') ?? 'content-type, content-encoding, x-sentry-auth',
      'Access-Control-Max-Age': '600',
    })
  }

  for (const path of ['/api/:projectId/envelope/', '/api/:projectId/envelope']) {
    app.post(path, handleEnvelope)
    app.options(path, preflight)
  }
  for (const path of ['/api/:projectId/store/', '/api/:projectId/store']) {
    app.post(path, handleStore)
    app.options(path, preflight)
  }
  for (const path of ['/api/embed/error-page/', '/api/embed/error-page']) {
    app.get(path, errorPage)
    app.post(path, errorPageReport)
    app.options(path, preflight)
  }
}
