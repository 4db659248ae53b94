import { withAttempting } from '../attempting/derive-attempting.js'
import { normalizeRoutes } from '../route/normalize-routes.js'
import type { Envelope } from '../schema/envelope.js'

/**
 * What ingest completes of an envelope the browser SDK sent, so the page ships neither the URL
 * parameteriser nor the "attempting" derivation: raw paths become route templates (`normalizeRoutes`),
 * and a missing `attempting` line is derived from the breadcrumbs (`withAttempting`). Stored envelopes
 * read as when the browser did both. Idempotent; envelopes from older SDKs (templates and a line already
 * there) come back as they are.
 * @example
 * const parsed = parseEnvelope(body)
 * if (parsed.ok) await storeEnvelopes(db, projectId, [completeEnvelope(parsed.value)])
 */
export function completeEnvelope<T extends Envelope>(envelope: T): T {
  return withAttempting(normalizeRoutes(envelope))
}
