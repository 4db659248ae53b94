// `@suture/envelope/ingest`: what the server completes of an SDK envelope, without the zod schemas (the
// Sentry forwarder in the browser uses it too).
export { deriveAttempting, withAttempting } from '../attempting/derive-attempting.js'
export { completeEnvelope } from './complete-envelope.js'
