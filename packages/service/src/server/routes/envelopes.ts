import { completeEnvelope, parseEnvelope } from '@suture/envelope'
import { storeEnvelopes } from '@suture/store'
import { futureIssue } from '../clock-skew.js'
import type { RegisterRoutes } from '../context.js'
import { ingestBatch } from '../ingest-batch.js'

/**
 * `POST /v1/envelopes`: one envelope, or `{ envelopes: [...] }` (at most 100). The SDK sends raw paths
 * (`/users/123`) and no derived "attempting" line; they are stored as route templates (`/users/:id`) with
 * the line derived from the breadcrumbs (`completeEnvelope`), as the browser once did it.
 */
export const envelopeRoutes: RegisterRoutes = (app, deps) => {
  app.post('/v1/envelopes', (c) =>
    ingestBatch(c, deps, {
      kind: 'envelope',
      listField: 'envelopes',
      parse: (input) => {
        const parsed = parseEnvelope(input)
        const issue = parsed.ok ? futureIssue(parsed.value.occurredAt, 'occurredAt') : undefined
        if (issue !== undefined) return { ok: false, issues: [issue] }
        return parsed.ok ? { ok: true, value: completeEnvelope(parsed.value) } : parsed
      },
      store: (projectId, envelopes) => storeEnvelopes(deps.database.db, projectId, envelopes),
    }),
  )
}
