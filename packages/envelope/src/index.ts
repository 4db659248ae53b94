export { truncate } from './schema/bounded.js'
export type {
  Breadcrumb,
  BreadcrumbType,
  Envelope,
  EnvelopeInput,
  ErrorEnvelope,
  FeedbackEnvelope,
  StackFrame,
} from './schema/envelope.js'
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
  routeSchema,
  SCHEMA_VERSION,
  stackFrameSchema,
  workspaceSchema,
} from './schema/envelope.js'
export { LIMITS } from './schema/limits.js'
export type { FieldIssue, ParseResult } from './schema/parse.js'
export { parseEnvelope, parseSessionEvent, safeParseWith } from './schema/parse.js'
export type { SessionEvent, SessionEventInput } from './schema/session-event.js'
export { sessionEventSchema } from './schema/session-event.js'
