import type { OnMerged, PullRequestMerger } from '@suture/fixer'
import type { ResolvedKey, SutureDatabase } from '@suture/store'
import type { Hono } from 'hono'
import type { Logger } from 'pino'
import type { KeyResolver } from './key-resolver.js'
import type { IngestMetrics } from './metrics.js'
import type { RateLimiter } from './rate-limit.js'

/** Hono's environment for the ingest app: the authenticated key, once `/v1/*` auth has run. */
export interface IngestEnv {
  Variables: {
    key: ResolvedKey
    /** The request's Origin when CORS allowed it; error answers repeat the CORS headers. */
    corsOrigin: string | undefined
  }
}

export type IngestApp = Hono<IngestEnv>

/** Everything a route needs; routes are registered by functions of this shape. */
export interface IngestDeps {
  readonly database: SutureDatabase
  readonly logger: Logger
  readonly metrics: IngestMetrics
  readonly keys: KeyResolver
  readonly limiter: RateLimiter | undefined
  readonly bodyLimitBytes: number
  /** When set, `/metrics` needs `Authorization: Bearer <token>`. */
  readonly metricsToken: string | undefined
  /** Flipped by graceful shutdown: `/readyz` answers 503 so balancers drain this server. */
  readonly lifecycle: { shuttingDown: boolean }
  /** Called after deploy markers are stored, off the request (see `CreateAppOptions.onDeploys`). */
  readonly onDeploys: ((projectId: string, releases: readonly string[]) => Promise<unknown>) | undefined
  /** Work started after a response was sent; graceful shutdown waits for it before closing storage. */
  readonly background: Set<Promise<unknown>>
  /** Where people reach this service (`SUTURE_PUBLIC_URL`), for links written into answers; else the request's origin. */
  readonly publicUrl: string | undefined
  /** Merges a proposal's PR from the Review page (see `CreateAppOptions.mergePullRequest`). */
  readonly mergePullRequest: PullRequestMerger | undefined
  /** What a recorded merge starts; undefined: pm-agent's validation (`startValidationOnMerge`). */
  readonly onMerged: OnMerged | undefined
}

/** Adds routes to the app; the built-in ones live in `routes/`, other packages pass their own. */
export type RegisterRoutes = (app: IngestApp, deps: IngestDeps) => void
