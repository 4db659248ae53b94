import type { OnMerged, PullRequestMerger } from '@suture/fixer'
import type { SutureDatabase } from '@suture/store'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { matchedRoutes } from 'hono/route'
import { type Logger, pino } from 'pino'
import { adminRoutes } from '../admin/admin-routes.js'
import { dashboardRoutes } from '../dashboard/routes.js'
import {
  GITHUB_WEBHOOK_PATH,
  type GitHubWebhookOptions,
  githubWebhookRoutes,
} from '../github/webhook-route.js'
import { mcpRoutes } from '../mcp/http-route.js'
import { bodyLimit, DASHBOARD_BODY_LIMIT_BYTES } from './body-limit.js'
import type { IngestDeps, IngestEnv, RegisterRoutes } from './context.js'
import { corsAndAuth, setCorsHeaders } from './cors-auth.js'
import { HttpError } from './http-error.js'
import { KeyResolver } from './key-resolver.js'
import { IngestMetrics } from './metrics.js'
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitOptions } from './rate-limit.js'
import { DEFAULT_BODY_LIMIT_BYTES } from './read-body.js'
import { RejectLog } from './reject-log.js'
import { deployRoutes } from './routes/deploys.js'
import { envelopeRoutes } from './routes/envelopes.js'
import { eventRoutes } from './routes/events.js'
import { fixRoutes } from './routes/fixes.js'
import { healthRoutes } from './routes/health.js'
import { metricsRoutes } from './routes/metrics.js'
import { privacyRoutes } from './routes/privacy.js'
import { sourceMapRoutes } from './routes/sourcemaps.js'

/** Requests handled at once before the server sheds load with 503. */
export const DEFAULT_MAX_IN_FLIGHT = 64
// Probes and scrapes stay answerable under overload: they are cheap and tell operators what is going on.
const UNSHED = new Set(['/healthz', '/readyz', '/metrics'])

/** The built-in routes, in registration order. */
export const INGEST_ROUTES: readonly RegisterRoutes[] = [
  healthRoutes,
  metricsRoutes,
  envelopeRoutes,
  eventRoutes,
  deployRoutes,
  sourceMapRoutes,
  fixRoutes,
  privacyRoutes,
  mcpRoutes,
  dashboardRoutes(),
]

export interface CreateAppOptions {
  readonly database: SutureDatabase
  readonly logger?: Logger
  /** Per-key token bucket over items; `false` turns it off. Default 500/s, bursts of 5,000. */
  readonly rateLimit?: RateLimitOptions | false
  /** Default 1 MB. */
  readonly bodyLimitBytes?: number
  /**
   * Requests handled at once; beyond it the server answers 503 + `Retry-After` at once instead of
   * queueing (health and metrics are exempt). Default 64; 0 turns shedding off.
   */
  readonly maxInFlight?: number
  /** Protects `/metrics` (`Authorization: Bearer <token>`); open when absent. */
  readonly metricsToken?: string | undefined
  /** How long a key lookup (and its revocation) is cached; default 5 s. */
  readonly keyCacheTtlMs?: number
  /** Extra routes (e.g. the Sentry-compatible ingest), registered after the built-in ones. */
  readonly routes?: readonly RegisterRoutes[]
  /** `POST /v1/github/webhook`: off (404 saying how to turn it on) without a secret. */
  readonly githubWebhook?: GitHubWebhookOptions | undefined
  readonly metrics?: IngestMetrics
  readonly lifecycle?: { shuttingDown: boolean }
  /**
   * Runs after `POST /v1/deploys` stored new markers, without delaying the answer: `suture serve`
   * validates the project's pending fixes here (pm-agent's `runValidationTick`), so the andon cord does
   * not wait for the worker's next tick. Failures are logged; the worker's tick covers the same slot.
   */
  readonly onDeploys?: ((projectId: string, releases: readonly string[]) => Promise<unknown>) | undefined
  /** Where people reach this service behind a proxy (`SUTURE_PUBLIC_URL`); links default to the request's origin. */
  readonly publicUrl?: string | undefined
  /**
   * Merges proposals' pull requests from the Review page (`suture serve` passes fixer's
   * `GitHubPullMerger` when GITHUB_TOKEN and the fix repository are configured). Without it the button
   * reads "Mark merged" and only records the decision.
   */
  readonly mergePullRequest?: PullRequestMerger | undefined
  /**
   * What a merge recorded by this server starts (the Review page's Merge, and the webhook unless
   * `githubWebhook.onMerged` is set). Default: pm-agent's post-merge validation (`startValidationOnMerge`).
   */
  readonly onMerged?: OnMerged | undefined
  /**
   * Turns on the admin API under `/admin/v1` (projects: list, create, footprint, delete, origins, go-live;
   * their keys: list, add, revoke) for callers that send this token as `Authorization: Bearer`; off (404)
   * without one.
   * `suture serve` makes one per run.
   */
  readonly adminToken?: string | undefined
}

export interface IngestAppHandle {
  readonly app: Hono<IngestEnv>
  readonly deps: IngestDeps
}

// Transient storage failures (connection lost, too many clients, server shutting down or starting up) are
// worth a retry. `pg` reports a connection that died under a query without a code, by message only.
const LOST_CONNECTION =
  /^Connection terminated|not queryable|^timeout exceeded when trying to connect|Connection terminated due to connection timeout/
function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  if ('code' in error && typeof error.code === 'string') {
    return /^(08|53|57)|^ECONN|^ETIMEDOUT|^EPIPE/.test(error.code)
  }
  return LOST_CONNECTION.test(error.message)
}

/**
 * The ingest HTTP app. Stateless: any number of these can serve one database.
 * @example
 * const { app } = createApp({ database })
 * const res = await app.request('/healthz')
 */
export function createApp(options: CreateAppOptions): IngestAppHandle {
  const logger = options.logger ?? pino({ level: 'silent' })
  const deps: IngestDeps = {
    database: options.database,
    logger,
    metrics: options.metrics ?? new IngestMetrics(),
    keys: new KeyResolver(options.database.db, options.keyCacheTtlMs ?? 5_000),
    limiter:
      options.rateLimit === false ? undefined : new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT),
    bodyLimitBytes: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    metricsToken: options.metricsToken || undefined,
    lifecycle: options.lifecycle ?? { shuttingDown: false },
    onDeploys: options.onDeploys,
    background: new Set(),
    publicUrl: options.publicUrl,
    mergePullRequest: options.mergePullRequest,
    onMerged: options.onMerged,
  }
  const app = new Hono<IngestEnv>()

  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT
  app.use('*', async (c, next) => {
    const start = performance.now()
    deps.metrics.inFlightRequests++
    try {
      // Queueing past what the database can take only grows latency for everyone (and memory): refuse
      // early and cheaply, before the body is read; SDKs back off on 503 + Retry-After.
      if (maxInFlight > 0 && deps.metrics.inFlightRequests > maxInFlight && !UNSHED.has(c.req.path)) {
        deps.metrics.reject('overloaded')
        return c.json(
          { error: 'overloaded', message: 'The server is at capacity; nothing was stored. Retry later.' },
          503,
          { 'Retry-After': '1' },
        )
      }
      await next()
    } finally {
      deps.metrics.inFlightRequests--
      // The matched pattern, not the path: bounded label values. Middleware-only matches are 'unmatched'.
      const route = matchedRoutes(c).findLast((r) => r.method !== 'ALL')?.path ?? 'unmatched'
      deps.metrics.request(route, c.req.method, c.res.status)
      if (c.req.path.startsWith('/v1/')) deps.metrics.latency(route, (performance.now() - start) / 1000)
      // The path only: `?key=` must never reach the logs.
      logger.debug({ method: c.req.method, path: c.req.path, status: c.res.status }, 'request')
    }
  })
  // `/v1/*` and the Sentry endpoints (`/api/*`) cap their bodies while reading, in their own answer
  // format; every other route (the dashboard has its own smaller cap, health, metrics, extra routes) here.
  const limitBody = bodyLimit(deps.bodyLimitBytes)
  const limitForm = bodyLimit(DASHBOARD_BODY_LIMIT_BYTES)
  app.use('*', (c, next) => {
    const path = c.req.path
    if (path.startsWith('/v1/') || path.startsWith('/api/')) return next()
    return path === '/app' || path.startsWith('/app/') ? limitForm(c, next) : limitBody(c, next)
  })
  const auth = corsAndAuth(deps)
  // GitHub cannot send a Suture key: the webhook authenticates by its body's signature instead.
  app.use('/v1/*', (c, next) => (c.req.path === GITHUB_WEBHOOK_PATH ? next() : auth(c, next)))

  const github = githubWebhookRoutes(options.githubWebhook ?? { secret: undefined })
  const admin = options.adminToken ? [adminRoutes(options.adminToken)] : []
  for (const register of [...INGEST_ROUTES, github, ...admin, ...(options.routes ?? [])]) register(app, deps)

  app.notFound((c) =>
    c.json({ error: 'not_found', message: `No route for ${c.req.method} ${c.req.path}.` }, 404),
  )

  const rejects = new RejectLog(logger)
  app.onError((error, c) => {
    const origin = c.get('corsOrigin')
    if (origin !== undefined) setCorsHeaders(c, origin)
    if (error instanceof HttpError) {
      deps.metrics.reject(error.code)
      // Rate limiting answers many requests by design; everything else refused is worth a (rate-limited) line.
      if (error.status !== 429)
        rejects.note({
          status: error.status,
          code: error.code,
          message: error.message,
          origin,
          path: c.req.path,
        })
      for (const [name, value] of Object.entries(error.headers)) c.header(name, value)
      return c.json({ error: error.code, message: error.message, issues: error.issues }, error.status)
    }
    if (error instanceof HTTPException) {
      deps.metrics.reject('http_exception')
      return c.json({ error: 'bad_request', message: error.message }, error.status)
    }
    if (isUnavailable(error)) {
      deps.metrics.reject('storage_unavailable')
      logger.warn({ err: error }, 'storage unavailable')
      c.header('Retry-After', '5')
      return c.json(
        { error: 'storage_unavailable', message: 'Storage is unavailable; nothing was stored. Retry later.' },
        503,
      )
    }
    deps.metrics.reject('internal')
    logger.error({ err: error, path: c.req.path }, 'unhandled error')
    return c.json({ error: 'internal', message: 'Internal error; nothing was stored. Retry later.' }, 500)
  })

  return { app, deps }
}
