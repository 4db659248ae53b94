import { storeEnvelopes } from '@suture/store'
import type { RegisterRoutes } from '../server/context.js'
import { registerSentryRoutes, type SentryLimits } from './routes.js'

export interface SentryIngestOptions {
  /** See `SentryRoutesOptions.userSaltSecret`. */
  readonly userSaltSecret?: string
  /**
   * Defaults: Sentry's own limits (`DEFAULT_SENTRY_LIMITS`: 20 MiB as sent, 1 MB per event, 100 MiB of
   * attachments), not the server's JSON body limit, so an envelope with a feedback screenshot is taken.
   */
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
      ...(options.limits === undefined ? {} : { limits: options.limits }),
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
