import { z } from 'zod'
import { boundedList, boundedRecord, boundedString } from './bounded.js'
import { LIMITS } from './limits.js'

export const SCHEMA_VERSION = 1 as const

const isoTimestamp = z.iso.datetime({ offset: true })

/** Client-generated id: the idempotency key. UUIDs and ULIDs both fit. */
export const envelopeIdSchema = z
  .string()
  .min(8)
  .max(LIMITS.id)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, "-" and "_" only')

/** Lines of original source around a symbolicated frame, from the source map's `sourcesContent`. */
export const sourceContextSchema = z.object({
  pre: boundedList(boundedString(LIMITS.contextLine), LIMITS.contextLines),
  line: boundedString(LIMITS.contextLine),
  post: boundedList(boundedString(LIMITS.contextLine), LIMITS.contextLines),
})

/**
 * Where a minified frame points in the original source, filled by the server from an uploaded source map.
 * `line` and `column` are 1-based like the frame's own.
 */
export const originalFrameSchema = z.object({
  function: boundedString(LIMITS.shortText).nullable(),
  file: boundedString(LIMITS.url),
  line: z.number().int().positive(),
  column: z.number().int().positive().nullable(),
  context: sourceContextSchema.optional(),
})

export const stackFrameSchema = z.object({
  function: boundedString(LIMITS.shortText).nullable(),
  file: boundedString(LIMITS.url).nullable(),
  line: z.number().int().nonnegative().nullable(),
  column: z.number().int().nonnegative().nullable(),
  inApp: z.boolean().optional(),
  /** The debug id of the bundle this frame runs in (Sentry's `debug_meta` images), when the sender knows it. */
  debugId: boundedString(LIMITS.shortText).optional(),
  /** Set by the server when a source map resolved this frame; the minified fields above stay as they were. */
  original: originalFrameSchema.optional(),
})

export const breadcrumbTypeSchema = z.enum([
  'click',
  'navigation',
  'input',
  'submit',
  'fetch',
  'console',
  'custom',
])

const breadcrumbDataValue = z.union([boundedString(LIMITS.url), z.number(), z.boolean(), z.null()])

/**
 * One thing the user did, written for a human ("Clicked 'Invite teammate'"). Input breadcrumbs carry
 * the field's name only, never its value.
 */
export const breadcrumbSchema = z.object({
  ts: isoTimestamp,
  type: breadcrumbTypeSchema,
  label: boundedString(LIMITS.label),
  data: boundedRecord(breadcrumbDataValue, LIMITS.dataKeys).optional(),
})

export const appSchema = z.object({
  name: boundedString(LIMITS.shortText).min(1),
  release: boundedString(LIMITS.shortText).optional(),
  environment: boundedString(LIMITS.shortText).optional(),
})

export const routeSchema = z.object({
  /** Parameterised template, e.g. `/projects/:id/settings`; ingest templates a raw path (`normalizeRoutes`). */
  template: boundedString(LIMITS.url).min(1),
  /** The scrubbed URL the user was on. */
  url: boundedString(LIMITS.url).optional(),
})

export const actorSchema = z.object({
  /** Hashed on the client with a per-app salt; never the raw user id. */
  idHash: boundedString(LIMITS.shortText).optional(),
  role: boundedString(LIMITS.shortText).optional(),
  plan: boundedString(LIMITS.shortText).optional(),
})

export const workspaceSchema = z.object({
  id: boundedString(LIMITS.shortText).optional(),
  name: boundedString(LIMITS.shortText).optional(),
  plan: boundedString(LIMITS.shortText).optional(),
})

export const frustrationSchema = z.object({
  rageClicks: z.number().int().nonnegative().default(0),
  deadClicks: z.number().int().nonnegative().default(0),
  errorClicks: z.number().int().nonnegative().default(0),
})

export const sdkSchema = z.object({
  name: boundedString(LIMITS.shortText),
  version: boundedString(LIMITS.shortText),
})

const baseFields = {
  id: envelopeIdSchema,
  schemaVersion: z.literal(SCHEMA_VERSION),
  /** When it happened on the client. */
  occurredAt: isoTimestamp,
  /** When the SDK sent it (differs from occurredAt after an offline spell). */
  sentAt: isoTimestamp.optional(),
  app: appSchema,
  route: routeSchema,
  actor: actorSchema.optional(),
  workspace: workspaceSchema.optional(),
  sessionId: boundedString(LIMITS.shortText).optional(),
  /** The name of the error boundary that caught it, shown in tickets. */
  boundary: boundedString(LIMITS.shortText).optional(),
  breadcrumbs: boundedList(breadcrumbSchema, LIMITS.breadcrumbs).default([]),
  flags: boundedRecord(z.json(), LIMITS.flags).default({}),
  /** One line: what the user was trying to do ("submitting the 'Invite teammate' form on /settings/members"). */
  attempting: boundedString(LIMITS.label).optional(),
  frustration: frustrationSchema.default({ rageClicks: 0, deadClicks: 0, errorClicks: 0 }),
  tags: boundedRecord(boundedString(LIMITS.shortText), LIMITS.tags).optional(),
  sdk: sdkSchema.optional(),
}

export const errorDetailSchema = z.object({
  type: boundedString(LIMITS.shortText).min(1),
  message: boundedString(LIMITS.message),
  frames: boundedList(stackFrameSchema, LIMITS.frames).default([]),
  /** The raw stack string, when frames were not parsed on the client. */
  stack: boundedString(LIMITS.message * 2).optional(),
  componentStack: boundedString(LIMITS.componentStack).optional(),
  /** Computed by `fingerprint()`; the server recomputes it when absent. */
  fingerprint: boundedString(LIMITS.shortText).optional(),
  handled: z.boolean(),
  /** How it was caught: `boundary`, `onerror`, `unhandledrejection`, `manual`, `react-root`, `sentry`. */
  mechanism: boundedString(LIMITS.shortText),
})

export const feedbackDetailSchema = z.object({
  text: boundedString(LIMITS.feedbackText),
  /** 0–10, the NPS scale; SDKs with a 1–5 widget map onto it. */
  rating: z.number().int().min(0).max(10).optional(),
  channel: z.enum(['fallback', 'widget', 'api', 'sentry']).default('api'),
  /** The id of the error envelope this feedback follows. */
  linkedTo: envelopeIdSchema.optional(),
})

export const errorEnvelopeSchema = z.object({
  ...baseFields,
  kind: z.literal('error'),
  error: errorDetailSchema,
})

export const feedbackEnvelopeSchema = z.object({
  ...baseFields,
  kind: z.literal('feedback'),
  feedback: feedbackDetailSchema,
})

export const envelopeSchema = z.discriminatedUnion('kind', [errorEnvelopeSchema, feedbackEnvelopeSchema])

export type StackFrame = z.infer<typeof stackFrameSchema>
export type OriginalFrame = z.infer<typeof originalFrameSchema>
export type SourceContext = z.infer<typeof sourceContextSchema>
export type BreadcrumbType = z.infer<typeof breadcrumbTypeSchema>
export type Breadcrumb = z.infer<typeof breadcrumbSchema>
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>
export type FeedbackEnvelope = z.infer<typeof feedbackEnvelopeSchema>
export type Envelope = z.infer<typeof envelopeSchema>
/** What a sender may send: defaults not yet applied. */
export type EnvelopeInput = z.input<typeof envelopeSchema>
