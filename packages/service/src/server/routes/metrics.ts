import type { RegisterRoutes } from '../context.js'

/** `GET /metrics`: Prometheus text format. */
export const metricsRoutes: RegisterRoutes = (app, deps) => {
  app.get('/metrics', (c) =>
    c.text(deps.metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }),
  )
}
