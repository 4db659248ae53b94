import { storeEnvelopes } from '@suture/store'
import type { RegisterRoutes } from '../server/context.js'
import { registerSentryRoutes, type SentryLimits } from './routes.js'

export interface SentryIngestOptions {
  /** See `SentryRoutesOptions.userSaltSecret`. */
  readonly userSaltSecret?: string
  /** Defaults: the server's body limit as sent, 8 MiB decompressed, 100 items, 1 MB per item. */
  readonly limits?: Partial<SentryLimits>
}

/**
 * The Sentry-compatible endpoints as a route set for the ingest server, sharing its key cache, rate
 * limiter, body limit, metrics and durable store with `/v1/envelopes`.
 * @example
 * const server = await startServer({ database, routes: [sentryIngestRoutes()] })
 */
export function sentryIngestRoutes(options: SentryIngestOptions = {}): RegisterRoutes {
  return (app, deps) =>
    registerSentryRoutes(app, {
      db: deps.database.db,
      resolveKey: (token) => deps.keys.resolve(token),
      anyProjectAllows: (origin) => deps.keys.anyProjectAllows(origin),
      ...(deps.limiter === undefined
        ? {}
        : { rateLimit: (keyId: string, cost: number) => deps.limiter?.take(keyId, cost) ?? 0 }),
      metrics: deps.metrics,
      ...(options.userSaltSecret === undefined ? {} : { userSaltSecret: options.userSaltSecret }),
      limits: { maxBodyBytes: deps.bodyLimitBytes, ...options.limits },
      async store(projectId, envelopes) {
        deps.metrics.queueDepth++
        try {
          return await storeEnvelopes(deps.database.db, projectId, envelopes)
        } finally {
          deps.metrics.queueDepth--
        }
      },
    })
}
