import { createHash, timingSafeEqual } from 'node:crypto'
import type { RegisterRoutes } from '../context.js'
import { HttpError } from '../http-error.js'

const digest = (value: string) => createHash('sha256').update(value).digest()

/**
 * `GET /metrics`: Prometheus text format. With a metrics token (`SUTURE_METRICS_TOKEN`), scrapers must send
 * `Authorization: Bearer <token>`, as Prometheus's `authorization` scrape setting does.
 */
export const metricsRoutes: RegisterRoutes = (app, deps) => {
  const token = deps.metricsToken === undefined ? undefined : digest(deps.metricsToken)
  app.get('/metrics', (c) => {
    if (token !== undefined) {
      const sent = /^Bearer (.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]
      // Compared as hashes: equal length, constant time.
      if (sent === undefined || !timingSafeEqual(digest(sent), token)) {
        throw new HttpError(
          401,
          'metrics_token_required',
          'Send the metrics token as Authorization: Bearer <token>.',
          {
            headers: { 'WWW-Authenticate': 'Bearer realm="metrics"' },
          },
        )
      }
    }
    return c.text(deps.metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' })
  })
}
