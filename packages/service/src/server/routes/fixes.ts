import { parseFixReport, storeFixReports } from '../../fixes/report-fix.js'
import type { RegisterRoutes } from '../context.js'
import { ingestBatch } from '../ingest-batch.js'

/**
 * `POST /v1/fixes`: an external fixer's proposal, `{ ticket, pr, costUsd?, state?, agent? }` or
 * `{ "fixes": [...] }`; secret key only. `(ticket, pr)` is the idempotency key.
 */
export const fixRoutes: RegisterRoutes = (app, deps) => {
  app.post('/v1/fixes', (c) =>
    ingestBatch(c, deps, {
      kind: 'fix',
      listField: 'fixes',
      parse: parseFixReport,
      store: (projectId, fixes) => storeFixReports(deps.database.db, projectId, fixes),
      keyKinds: ['secret'],
    }),
  )
}
