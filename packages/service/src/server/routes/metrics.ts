import { createHash, timingSafeEqual } from 'node:crypto'
import { type Database, retentionSummary } from '@suture/store'
import type { Kysely } from 'kysely'
import type { RegisterRoutes } from '../context.js'
import { HttpError } from '../http-error.js'

const digest = (value: string) => createHash('sha256').update(value).digest()

/**
 * `GET /metrics`: Prometheus text format. With a metrics token (`SUTURE_METRICS_TOKEN`), scrapers must send
 * `Authorization: Bearer <token>`, as Prometheus's `authorization` scrape setting does.
 */
export const metricsRoutes: RegisterRoutes = (app, deps) => {
  const token = deps.metricsToken === undefined ? undefined : digest(deps.metricsToken)
  app.get('/metrics', async (c) => {
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
    const stored = await storedMetrics(deps.database.db)
    return c.text(deps.metrics.render() + stored, 200, {
      'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
    })
  })
}

const STORED_TTL_MS = 60_000
let cached: { at: number; text: Promise<string>; db: Kysely<Database> } | undefined

/**
 * What the worker did, read from the database (the worker is another process): rows retention dropped,
 * by project and kind, since the ledger began. Read at most once a minute, so a scrape costs one
 * small aggregate query at most; a failed read shows as an absent series, not a failed scrape.
 */
function storedMetrics(db: Kysely<Database>): Promise<string> {
  const now = Date.now()
  if (cached && cached.db === db && now - cached.at < STORED_TTL_MS) return cached.text
  const text = retentionSummary(db, {})
    .then((rows) => {
      const name = 'suture_retention_dropped_total'
      const totals = new Map<string, number>()
      for (const row of rows) {
        const key = `{project="${row.scope.replace(/["\\\n]/g, '_')}",kind="${row.kind}"}`
        totals.set(key, (totals.get(key) ?? 0) + row.dropped)
      }
      const lines = [
        `# HELP ${name} Rows the daily retention job dropped, by project and kind.`,
        `# TYPE ${name} counter`,
      ]
      for (const [labels, value] of totals) lines.push(`${name}${labels} ${value}`)
      return `${lines.join('\n')}\n`
    })
    .catch(() => '')
  cached = { at: now, text, db }
  return text
}
