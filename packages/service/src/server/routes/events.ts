import { parseSessionEvent } from '@suture/envelope'
import { storeSessionEvents } from '@suture/store'
import { futureIssue } from '../clock-skew.js'
import type { RegisterRoutes } from '../context.js'
import { ingestBatch } from '../ingest-batch.js'

/** `POST /v1/events`: one session event, or `{ events: [...] }` (at most 100). */
export const eventRoutes: RegisterRoutes = (app, deps) => {
  app.post('/v1/events', (c) =>
    ingestBatch(c, deps, {
      kind: 'event',
      listField: 'events',
      parse: (input) => {
        const parsed = parseSessionEvent(input)
        const issue = parsed.ok ? futureIssue(parsed.value.ts, 'ts') : undefined
        return issue === undefined ? parsed : { ok: false, issues: [issue] }
      },
      store: (projectId, events) => storeSessionEvents(deps.database.db, projectId, events),
    }),
  )
}
