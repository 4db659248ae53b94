import type { Envelope, FieldIssue } from '@suture/envelope'
import type { Context, Env, Hono } from 'hono'
import type { Kysely } from 'kysely'
import { originAllowed } from '../projects/origins.js'
import { type ResolvedKey, resolveKey } from '../projects/projects.js'
import type { Database } from '../storage/database.js'
import { keyFromDsn, sentryKeyFrom } from './auth.js'
import { decodeBody, readBodyCapped } from './body.js'
import { matchesSentryProject } from './dsn.js'
import {
  DEFAULT_SENTRY_ENVELOPE_LIMITS,
  parseItemJson,
  parseSentryEnvelope,
  type SentryEnvelope,
} from './envelope-parser.js'
import { SentryIngestError } from './errors.js'
import { mapSentryEvent, mapSentryFeedback, mapSentryUserReport, type SentryMapContext } from './map-event.js'
import { obj } from './read.js'
import { SentryIngestStats } from './stats.js'

/** A rate-limit decision for one request on one key. */
export type SentryRateDecision =
  | { readonly allowed: true }
  | { readonly allowed: false; readonly retryAfterSeconds: number }

export interface SentryLimits {
  /** Largest request body as sent (compressed), in bytes. */
  readonly maxBodyBytes: number
  /** Largest body after decompression: the zip-bomb cap. */
  readonly maxDecompressedBytes: number
  readonly maxItems: number
  readonly maxItemBytes: number
}

export const DEFAULT_SENTRY_LIMITS: SentryLimits = {
  maxBodyBytes: 1_000_000,
  maxDecompressedBytes: 8_000_000,
  ...DEFAULT_SENTRY_ENVELOPE_LIMITS,
}

export interface SentryRoutesOptions {
  readonly db: Kysely<Database>
  /** Durably and idempotently stores validated envelopes; resolves only after the commit. */
  readonly store: (projectId: string, envelopes: readonly Envelope[]) => Promise<unknown>
  /** Looks a DSN key up (defaults to a database lookup; pass the server's cached lookup). */
  readonly resolveKey?: (token: string) => Promise<ResolvedKey | undefined>
  /** The server's per-key rate limiter; no limit when absent. */
  readonly rateLimit?: (keyId: string) => SentryRateDecision
  /**
   * Secret mixed into the per-project salt that hashes `user.id`. Without it the salt is derived from the
   * project id alone, which still keeps hashes from joining across projects.
   */
  readonly userSaltSecret?: string
  readonly limits?: Partial<SentryLimits>
  readonly stats?: SentryIngestStats
  readonly now?: () => Date
}

const EXPOSED_HEADERS = 'X-Sentry-Rate-Limits, Retry-After, X-Sentry-Error'

function corsHeaders(c: Context): Record<string, string> {
  const origin = c.req.header('origin')
  if (origin === undefined) return {}
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
    Vary: 'Origin',
  }
}

function reject(
  c: Context,
  stats: SentryIngestStats,
  status: number,
  reason: string,
  detail: string,
  extra = {},
) {
  stats.countRejected(reason)
  // Sentry answers `{ "detail": … }` and SDKs log X-Sentry-Error.
  const headers = { ...corsHeaders(c), 'X-Sentry-Error': detail.slice(0, 200), ...extra }
  return c.json({ detail, ...extra }, status as 400, headers)
}

interface Authorised {
  readonly key: ResolvedKey
}

/**
 * Registers Sentry's ingestion endpoints on an existing Hono app, so an app instrumented with any Sentry
 * SDK sends to Suture by changing only its DSN:
 * `POST /api/:projectId/envelope/` and the legacy `POST /api/:projectId/store/` (with or without the
 * trailing slash), authenticated by the DSN public key (Suture's public ingest key).
 * @example
 * registerSentryRoutes(app, { db, store: (projectId, envelopes) => storeEnvelopes(db, projectId, envelopes) })
 */
export function registerSentryRoutes<E extends Env>(
  app: Hono<E>,
  options: SentryRoutesOptions,
): SentryIngestStats {
  const limits: SentryLimits = { ...DEFAULT_SENTRY_LIMITS, ...options.limits }
  const stats = options.stats ?? new SentryIngestStats()
  const lookup = options.resolveKey ?? ((token: string) => resolveKey(options.db, token))
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

  async function authorise(c: Context, token: string | undefined): Promise<Authorised | Response> {
    if (token === undefined) {
      return reject(
        c,
        stats,
        401,
        'unauthorized',
        'missing DSN key: send sentry_key in the query or X-Sentry-Auth',
      )
    }
    const key = await lookup(token)
    if (key === undefined || key.kind !== 'public') {
      return reject(
        c,
        stats,
        401,
        'unauthorized',
        'unknown or revoked DSN key; copy the DSN from `suture project keys`',
      )
    }
    if (!matchesSentryProject(c.req.param('projectId') ?? '', key.projectId)) {
      return reject(c, stats, 403, 'forbidden', 'the DSN key does not belong to the project in the URL')
    }
    const origin = c.req.header('origin')
    if (origin !== undefined && !originAllowed(key.allowedOrigins, origin)) {
      return reject(c, stats, 403, 'forbidden', 'origin not allowed for this project; add it with --origin')
    }
    const decision = options.rateLimit?.(key.keyId) ?? { allowed: true }
    if (!decision.allowed) {
      const seconds = Math.max(1, Math.ceil(decision.retryAfterSeconds))
      stats.countRejected('rate-limited')
      return c.json({ detail: 'rate limited; retry later' }, 429, {
        ...corsHeaders(c),
        'Retry-After': String(seconds),
        // `retry_after:categories:scope`; no categories means every kind of item.
        'X-Sentry-Rate-Limits': `${seconds}::key`,
      })
    }
    return { key }
  }

  async function readBody(c: Context): Promise<Buffer> {
    const raw = await readBodyCapped(c.req.raw.body, limits.maxBodyBytes)
    return decodeBody(raw, c.req.header('content-encoding'), limits.maxDecompressedBytes)
  }

  function queryKey(c: Context): string | undefined {
    return sentryKeyFrom({
      query: c.req.query('sentry_key'),
      xSentryAuth: c.req.header('x-sentry-auth'),
      authorization: c.req.header('authorization'),
    })
  }

  async function finish(
    c: Context,
    key: ResolvedKey,
    envelopes: Envelope[],
    issues: FieldIssue[],
    eventId: string | undefined,
  ): Promise<Response> {
    if (issues.length > 0) {
      // All or nothing: a request with one bad item stores none of its items.
      return c.json(
        { detail: `invalid event: ${issues[0]?.path}: ${issues[0]?.message}`, issues: issues.slice(0, 20) },
        400,
        corsHeaders(c),
      )
    }
    if (envelopes.length > 0) await options.store(key.projectId, envelopes)
    return c.json(eventId === undefined ? {} : { id: eventId }, 200, corsHeaders(c))
  }

  async function mapContext(key: ResolvedKey, header: Readonly<Record<string, unknown>> | undefined) {
    const ctx: SentryMapContext = {
      userSalt: `suture-sentry-user:${options.userSaltSecret ?? ''}:${key.projectId}`,
      appName: await appNameOf(key.projectId),
      envelopeHeader: header,
      receivedAt: now(),
    }
    return ctx
  }

  async function handleEnvelope(c: Context): Promise<Response> {
    try {
      const token = queryKey(c)
      const early = token === undefined ? undefined : await authorise(c, token)
      if (early instanceof Response) return early
      const body = await readBody(c)
      const envelope: SentryEnvelope = parseSentryEnvelope(body, limits)
      // Tunnelled envelopes carry the DSN in their header instead.
      const auth = early ?? (await authorise(c, keyFromDsn(envelope.header.dsn)))
      if (auth instanceof Response) return auth
      const ctx = await mapContext(auth.key, envelope.header)
      const envelopes: Envelope[] = []
      const issues: FieldIssue[] = []
      for (const [index, item] of envelope.items.entries()) {
        const mapper =
          item.type === 'event'
            ? mapSentryEvent
            : item.type === 'feedback'
              ? mapSentryFeedback
              : item.type === 'user_report'
                ? mapSentryUserReport
                : undefined
        if (mapper === undefined) {
          stats.countItem(item.type, 'ignored')
          continue
        }
        const result = mapper(parseItemJson(item, index), ctx)
        if (result.ok) envelopes.push(result.value)
        else
          for (const issue of result.issues) issues.push({ ...issue, path: `items.${index}.${issue.path}` })
      }
      const headerId = typeof envelope.header.event_id === 'string' ? envelope.header.event_id : undefined
      const response = await finish(c, auth.key, envelopes, issues, headerId ?? envelopes[0]?.id)
      if (response.status === 200) for (const e of envelopes) stats.countItem(typeOf(e), 'stored')
      else stats.countRejected('invalid')
      return response
    } catch (error: unknown) {
      if (error instanceof SentryIngestError)
        return reject(c, stats, error.status, error.reason, error.message)
      throw error
    }
  }

  async function handleStore(c: Context): Promise<Response> {
    try {
      const auth = await authorise(c, queryKey(c))
      if (auth instanceof Response) return auth
      const body = await readBody(c)
      if (body.length > limits.maxItemBytes) {
        throw new SentryIngestError('too-large', `event is larger than ${limits.maxItemBytes} bytes`)
      }
      const event = parseItemJson({ type: 'event', header: {}, payload: body }, 0)
      const type = obj(event)?.type
      if (type === 'transaction') {
        stats.countItem('transaction', 'ignored')
        return c.json({ id: event.event_id }, 200, corsHeaders(c))
      }
      const ctx = await mapContext(auth.key, undefined)
      const result = type === 'feedback' ? mapSentryFeedback(event, ctx) : mapSentryEvent(event, ctx)
      const envelopes = result.ok ? [result.value] : []
      const response = await finish(c, auth.key, envelopes, result.ok ? [] : result.issues, envelopes[0]?.id)
      if (response.status === 200) stats.countItem(type === 'feedback' ? 'feedback' : 'event', 'stored')
      else stats.countRejected('invalid')
      return response
    } catch (error: unknown) {
      if (error instanceof SentryIngestError)
        return reject(c, stats, error.status, error.reason, error.message)
      throw error
    }
  }

  function preflight(c: Context): Response {
    return c.body(null, 204, {
      ...corsHeaders(c),
      'Access-Control-Allow-Methods': 'POST, OPTIONS',
      'Access-Control-Allow-Headers':
        c.req.header('access-control-request-headers') ?? 'content-type, content-encoding, x-sentry-auth',
      'Access-Control-Max-Age': '86400',
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
  return stats
}

function typeOf(envelope: Envelope): string {
  return envelope.kind === 'error' ? 'event' : 'feedback'
}
