export { deriveAttempting, withAttempting } from './attempting/derive-attempting.js'
export { completeEnvelope } from './ingest/complete-envelope.js'
export { fingerprint, fingerprintParts } from './fingerprint/fingerprint.js'
export { fnv1a64 } from './fingerprint/fnv1a.js'
export { normalizeMessage } from './fingerprint/normalize-message.js'
export { seededRandom } from './random/seeded-random.js'
export { isInAppFile, isInAppFrame, normalizeFile, normalizeFunction } from './fingerprint/normalize-frame.js'
export {
  envelopeJsonSchema,
  renderJsonSchemaFiles,
  sessionEventJsonSchema,
  TRUNCATE_KEYWORD,
} from './json-schema/envelope-json-schema.js'
export { normalizeRoutes, routeTemplateOf } from './route/normalize-routes.js'
export { isIdSegment, parameterizeRoute, parameterizeRouteCached } from './route/parameterize-route.js'
export { truncate } from './schema/bounded.js'
export {
  actorSchema,
  appSchema,
  breadcrumbSchema,
  breadcrumbTypeSchema,
  envelopeIdSchema,
  envelopeSchema,
  errorDetailSchema,
  errorEnvelopeSchema,
  feedbackDetailSchema,
  feedbackEnvelopeSchema,
  frustrationSchema,
  originalFrameSchema,
  routeSchema,
  SCHEMA_VERSION,
  sourceContextSchema,
  stackFrameSchema,
  workspaceSchema,
} from './schema/envelope.js'
export { LIMITS } from './schema/limits.js'
export { parseEnvelope, parseSessionEvent, safeParseWith } from './schema/parse.js'
export { sessionEventSchema } from './schema/session-event.js'
export { findPii } from './scrub/find-pii.js'
export { luhnValid } from './scrub/luhn.js'
export { scrubEnvelope, scrubEnvelopes } from './scrub/scrub-envelope.js'
export { scrubText } from './scrub/scrub-text.js'
export { scrubUrl } from './scrub/scrub-url.js'
export { parseStack } from './stack/parse-stack.js'
export { isSymbolicated, sourceFrame, sourceFrames } from './stack/source-frame.js'

export type { FingerprintInput } from './fingerprint/fingerprint.js'
export type {
  Breadcrumb,
  BreadcrumbType,
  Envelope,
  EnvelopeInput,
  ErrorEnvelope,
  FeedbackEnvelope,
  OriginalFrame,
  SourceContext,
  StackFrame,
} from './schema/envelope.js'
export type { SourceFrame } from './stack/source-frame.js'
export type { FieldIssue, ParseResult } from './schema/parse.js'
export type { SessionEvent, SessionEventInput } from './schema/session-event.js'
export type { PiiKind, PiiSpan } from './scrub/types.js'
