import { sql } from 'kysely'
import type { RegisterRoutes } from '../context.js'

const READY_TIMEOUT_MS = 2_000

/** `GET /healthz` (the process answers) and `GET /readyz` (the database answers, and not shutting down). */
export const healthRoutes: RegisterRoutes = (app, deps) => {
  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  app.get('/readyz', async (c) => {
    if (deps.lifecycle.shuttingDown) return c.json({ status: 'shutting_down' }, 503)
    let timer: NodeJS.Timeout | undefined
    try {
      await Promise.race([
        sql`select 1`.execute(deps.database.db),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('database did not answer in time')), READY_TIMEOUT_MS)
        }),
      ])
      return c.json({ status: 'ready', database: deps.database.kind })
    } catch (error: unknown) {
      deps.logger.warn({ err: error }, 'readiness check failed')
      return c.json({ status: 'database_unavailable' }, 503)
    } finally {
      clearTimeout(timer)
    }
  })
}
