import { createHash, createHmac, randomUUID } from 'node:crypto'
import {
  type Envelope,
  envelopeIdSchema,
  type FieldIssue,
  fingerprint,
  LIMITS,
  type ParseResult,
  parameterizeRoute,
  parseEnvelope,
  SCHEMA_VERSION,
  type StackFrame,
  scrubEnvelope,
  truncate,
  withAttempting,
} from '@suture/envelope'
import { mapBreadcrumbs } from './map-breadcrumbs.js'
import { mapFrames, sourceMapDebugIds } from './map-frames.js'
import { arr, isoTime, type JsonObject, obj, storable, str, text } from './read.js'

/** What the mapper needs besides the event itself. */
export interface SentryMapContext {
  /**
   * Keys the HMAC that turns `user.id` into `actor.idHash`. Per project, so the same person cannot be
   * joined across projects; the raw id is never stored.
   */
  readonly userSalt: string
  /** `app.name` when the event does not say (Sentry events have no app name): usually the project's name. */
  readonly appName: string
  /** The envelope header: `sent_at` and `sdk` are read from it. */
  readonly envelopeHeader?: JsonObject | undefined
  /** Fallback for events without a usable timestamp. */
  readonly receivedAt: Date
}

/** The error type Suture gives `captureMessage` events, which have no exception. */
export const SENTRY_MESSAGE_TYPE = 'Message'
/** Sentry's placeholder for "the default grouping" inside a custom fingerprint. */
const DEFAULT_FINGERPRINT_PART = '{{ default }}'
/** Route template when the event carries no URL (server events outside a request, workers). */
export const UNKNOWN_ROUTE = '(unknown)'

/** `actor.idHash` for a Sentry `user.id`: HMAC-SHA-256 keyed by the project's salt, 32 hex digits. */
export function hashUserId(id: string, salt: string): string {
  return createHmac('sha256', salt).update(id).digest('hex').slice(0, 32)
}

function tsOf(event: JsonObject, ctx: SentryMapContext): { occurredAt: string; sentAt?: string } {
  const occurredAt =
    isoTime(event.timestamp) ?? isoTime(event.start_timestamp) ?? ctx.receivedAt.toISOString()
  const sentAt = isoTime(ctx.envelopeHeader?.sent_at)
  return sentAt === undefined ? { occurredAt } : { occurredAt, sentAt }
}

function appOf(event: JsonObject, ctx: SentryMapContext): Envelope['app'] {
  const release = text(event.release)
  const appContext = obj(obj(event.contexts)?.app)
  // Releases are conventionally `name@version`; the name part is the best app name an event has.
  const fromRelease = release?.includes('@') ? release.slice(0, release.lastIndexOf('@')) : undefined
  const name = str(appContext?.app_name) ?? (fromRelease !== '' ? fromRelease : undefined) ?? ctx.appName
  const app: Envelope['app'] = { name: truncate(name, LIMITS.shortText) }
  if (release !== undefined) app.release = release
  const environment = text(event.environment)
  if (environment !== undefined) app.environment = environment
  return app
}

function safeTemplate(url: string): string {
  try {
    const template = parameterizeRoute(url)
    return template === '' ? UNKNOWN_ROUTE : template
  } catch {
    return UNKNOWN_ROUTE
  }
}

function routeOf(event: JsonObject, fallbackUrl?: string): Envelope['route'] {
  const url = str(obj(event.request)?.url) ?? fallbackUrl
  if (url !== undefined) return { template: safeTemplate(url), url: truncate(url, LIMITS.url) }
  // Server SDKs name the transaction after the route (`GET /users/:id`) when there is no request.
  const transaction = str(event.transaction)
  const path = transaction?.match(/(?:^|\s)(\/\S*)$/)?.[1]
  return { template: path !== undefined ? safeTemplate(path) : UNKNOWN_ROUTE }
}

function actorOf(event: JsonObject, salt: string): Envelope['actor'] {
  const user = obj(event.user)
  if (user === undefined) return undefined
  // Sentry's user may be identified by id, username or email; any of them is personal, so all are hashed.
  const id = text(user.id) ?? text(user.username) ?? text(user.email)
  const actor: NonNullable<Envelope['actor']> = {}
  if (id !== undefined) actor.idHash = hashUserId(id, salt)
  const role = text(user.role)
  if (role !== undefined) actor.role = truncate(role, LIMITS.shortText)
  const plan = text(user.plan) ?? text(user.segment)
  if (plan !== undefined) actor.plan = truncate(plan, LIMITS.shortText)
  return Object.keys(actor).length > 0 ? actor : undefined
}

function workspaceOf(event: JsonObject): Envelope['workspace'] {
  const ws = obj(obj(event.contexts)?.workspace)
  if (ws === undefined) return undefined
  const out: NonNullable<Envelope['workspace']> = {}
  for (const key of ['id', 'name', 'plan'] as const) {
    const value = text(ws[key])
    if (value !== undefined) out[key] = truncate(value, LIMITS.shortText)
  }
  return Object.keys(out).length > 0 ? out : undefined
}

/** The `flags` context (`{ values: [{ flag, result }] }`, from Sentry's feature-flag integrations) → flags. */
function flagsOf(event: JsonObject): Record<string, unknown> {
  const flags: Record<string, unknown> = {}
  for (const entry of arr(obj(obj(event.contexts)?.flags)?.values)) {
    const e = obj(entry)
    const name = str(e?.flag)
    if (e === undefined || name === undefined || Object.keys(flags).length >= LIMITS.flags) continue
    const result = e.result
    if (typeof result === 'boolean' || typeof result === 'string' || typeof result === 'number')
      flags[name] = result
  }
  return flags
}

/**
 * Event tags, plus the contexts Sentry itself promotes to tags (browser, os, runtime, device), so they can
 * be filtered on the same way. Values are strings, as in Sentry.
 */
function tagsOf(event: JsonObject, extra: Record<string, string>): Record<string, string> | undefined {
  const tags: Record<string, string> = {}
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined && Object.keys(tags).length < LIMITS.tags && !(key in tags)) {
      tags[truncate(key, 100)] = truncate(value, LIMITS.shortText)
    }
  }
  const raw = event.tags
  if (Array.isArray(raw)) {
    // The legacy protocol allowed `[[key, value], …]`.
    for (const pair of raw) if (Array.isArray(pair)) put(text(pair[0]) ?? '', text(pair[1]))
  } else {
    for (const [key, value] of Object.entries(obj(raw) ?? {})) put(key, text(value))
  }
  delete tags['']
  const contexts = obj(event.contexts)
  for (const name of ['browser', 'os', 'runtime', 'device'] as const) {
    const c = obj(contexts?.[name])
    const label = [text(c?.name), text(c?.version)].filter((p) => p !== undefined).join(' ')
    put(name, label === '' ? undefined : label)
  }
  if (!('browser' in tags)) put('browser', browserFromUserAgent(userAgentOf(event)))
  put('level', text(event.level))
  for (const [key, value] of Object.entries(extra)) put(key, value)
  return Object.keys(tags).length > 0 ? tags : undefined
}

function userAgentOf(event: JsonObject): string | undefined {
  const headers = obj(obj(event.request)?.headers)
  if (headers === undefined) return undefined
  for (const [key, value] of Object.entries(headers))
    if (key.toLowerCase() === 'user-agent') return str(value)
  return undefined
}

const BROWSERS: readonly [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\/(\d+)/, 'Edge'],
  [/\bOPR\/(\d+)/, 'Opera'],
  [/\bFirefox\/(\d+)/, 'Firefox'],
  [/\b(?:Headless)?Chrom(?:e|ium)\/(\d+)/, 'Chrome'],
  [/\bVersion\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//, 'Safari'],
]

/**
 * Browser SDKs send no `browser` context (Sentry's server derives it from the User-Agent), so derive the
 * same `browser` tag (`Chrome 131`) here.
 */
export function browserFromUserAgent(userAgent: string | undefined): string | undefined {
  if (userAgent === undefined) return undefined
  for (const [pattern, name] of BROWSERS) {
    const major = pattern.exec(userAgent)?.[1]
    if (major !== undefined) return `${name} ${major}`
  }
  return undefined
}

function sdkOf(event: JsonObject, ctx: SentryMapContext): Envelope['sdk'] {
  const sdk = obj(event.sdk) ?? obj(ctx.envelopeHeader?.sdk)
  const name = text(sdk?.name)
  const version = text(sdk?.version)
  return name !== undefined && version !== undefined ? { name, version } : undefined
}

function messageOf(event: JsonObject): string | undefined {
  const m = event.message
  const entry = obj(m) ?? obj(event.logentry)
  return str(m) ?? str(entry?.formatted) ?? str(entry?.message)
}

/**
 * The grouping key. Sentry's own `fingerprint` wins when the SDK set one (`{{ default }}` inside it stands
 * for Suture's default); otherwise Suture's `fingerprint()`, computed without Sentry's `in_app` flags so a
 * Sentry event and a native envelope of the same stack group together.
 */
export function fingerprintFor(
  sentryFingerprint: unknown,
  error: { type: string; message: string; frames: readonly StackFrame[] },
): string {
  const frames = error.frames.map(({ inApp: _inApp, ...frame }) => frame)
  const ours = fingerprint({ type: error.type, message: error.message, frames })
  const parts = arr(sentryFingerprint)
    .map((p) => text(p))
    .filter((p) => p !== undefined)
  if (parts.length === 0 || parts.every((p) => p === DEFAULT_FINGERPRINT_PART)) return ours
  const joined = parts.map((p) => (p === DEFAULT_FINGERPRINT_PART ? ours : p)).join('\u0000')
  return `sentry-${createHash('sha256').update(joined).digest('hex').slice(0, 32)}`
}

function validated(candidate: unknown): ParseResult<Envelope> {
  // NUL and lone surrogates cannot be stored by Postgres; `storable` also drops undefined members.
  const parsed = parseEnvelope(storable(candidate))
  if (!parsed.ok) return parsed
  // The "attempting" line Suture's own SDK envelopes get at ingest, from the mapped breadcrumbs (a click
  // on `[aria-label="Pay now"]` reads `Clicked 'Pay now'`); an event that names no route gets none, as
  // "viewing (unknown)" would say nothing.
  const value = parsed.value.route.template === UNKNOWN_ROUTE ? parsed.value : withAttempting(parsed.value)
  return { ok: true, value: scrubEnvelope(value) }
}

/**
 * @sentry/react sends the React component stack as a chained exception named `React ErrorBoundary <type>`
 * whose frames are the components; rebuild React's text form (innermost component first) from them.
 */
function componentStackOf(values: readonly unknown[]): string | undefined {
  const boundary = values.map(obj).find((v) => text(v?.type)?.startsWith('React ErrorBoundary ') === true)
  if (boundary === undefined) return undefined
  const lines = mapFrames(boundary.stacktrace).map((f) => {
    const where = [f.file, f.line, f.column].filter((p) => p !== null).join(':')
    return `    at ${f.function ?? '<anonymous>'}${where === '' ? '' : ` (${where})`}`
  })
  return lines.length > 0 ? `\n${lines.join('\n')}` : undefined
}

/**
 * The event's own id; the envelope header's `event_id` stands in only when the payload has none (never
 * when it has an invalid one, which would make a second item take the first one's id).
 */
function eventIdOf(event: JsonObject, ctx: SentryMapContext): string | undefined {
  if (event.event_id !== undefined) return idOf(event.event_id)
  const header = ctx.envelopeHeader?.event_id
  // Neither has one: Sentry's server assigns an id, and so does Suture.
  return header === undefined ? randomUUID().replace(/-/g, '') : idOf(header)
}

// Absent is fine (captureMessage); present but not `{ values: [...] }` is a broken event, not a message.
function exceptionShapeIssue(exception: unknown): FieldIssue | undefined {
  if (exception === undefined || exception === null) return undefined
  if (obj(exception) === undefined) return { path: 'exception', message: 'expected an object with values' }
  const values = (exception as JsonObject).values
  if (values !== undefined && values !== null && !Array.isArray(values)) {
    return { path: 'exception.values', message: 'expected an array of exceptions' }
  }
  return undefined
}

function idOf(value: unknown): string | undefined {
  const id = str(value)
  return id !== undefined && envelopeIdSchema.safeParse(id).success ? id : undefined
}

function missingId(): ParseResult<Envelope> {
  const issue: FieldIssue = { path: 'event_id', message: 'expected 32 hex digits (the Sentry event id)' }
  return { ok: false, issues: [issue] }
}

/**
 * Maps a Sentry error event (an `event` item, or a legacy `/store/` body) to a Suture error envelope,
 * validated and scrubbed. `captureMessage` events become errors of type `Message` whose message is the
 * captured text (server SDKs send them as a synthetic exception without a type; browser SDKs
 * put the stack, when `attachStacktrace` is on, in `threads`).
 * @example
 * const result = mapSentryEvent(JSON.parse(payload), { userSalt, appName: 'shop', receivedAt: new Date() })
 * if (result.ok) await store([result.value])
 */
export function mapSentryEvent(event: JsonObject, ctx: SentryMapContext): ParseResult<Envelope> {
  const id = eventIdOf(event, ctx)
  if (id === undefined) return missingId()

  const shapeIssue = exceptionShapeIssue(event.exception)
  if (shapeIssue !== undefined) return { ok: false, issues: [shapeIssue] }
  const values = arr(obj(event.exception)?.values)
  // Chained exceptions are listed oldest first; the last one is what was actually thrown.
  const primary = obj(values.at(-1))
  const mechanism = obj(primary?.mechanism)
  let type: string
  let message: string
  let frames: StackFrame[]
  const debugIds = sourceMapDebugIds(event.debug_meta)
  // Server SDKs send captureMessage as a synthetic exception without a type.
  const synthetic = mechanism?.synthetic === true && text(primary?.type) === undefined
  if (primary !== undefined && !synthetic) {
    type = text(primary.type) ?? 'Error'
    message = text(primary.value) ?? messageOf(event) ?? ''
    frames = mapFrames(primary.stacktrace, debugIds)
  } else {
    type = SENTRY_MESSAGE_TYPE
    message = messageOf(event) ?? text(primary?.value) ?? ''
    const thread = arr(obj(event.threads)?.values)
      .map(obj)
      .find((t) => t?.stacktrace !== undefined)
    frames = mapFrames(thread?.stacktrace ?? event.stacktrace, debugIds)
  }
  type = truncate(type, LIMITS.shortText)
  message = truncate(message, LIMITS.message)

  const extraTags: Record<string, string> = {}
  const mechanismType = text(mechanism?.type)
  if (mechanismType !== undefined) extraTags['sentry.mechanism'] = mechanismType
  const componentStack = str(obj(obj(event.contexts)?.react)?.componentStack) ?? componentStackOf(values)

  const envelope = {
    id,
    schemaVersion: SCHEMA_VERSION,
    kind: 'error',
    ...tsOf(event, ctx),
    app: appOf(event, ctx),
    route: routeOf(event),
    actor: actorOf(event, ctx.userSalt),
    workspace: workspaceOf(event),
    breadcrumbs: mapBreadcrumbs(event.breadcrumbs),
    flags: flagsOf(event),
    tags: tagsOf(event, extraTags),
    sdk: sdkOf(event, ctx),
    error: {
      type,
      message,
      frames,
      componentStack:
        componentStack === undefined ? undefined : truncate(componentStack, LIMITS.componentStack),
      fingerprint: fingerprintFor(event.fingerprint, { type, message, frames }),
      handled: typeof mechanism?.handled === 'boolean' ? mechanism.handled : true,
      mechanism: 'sentry',
    },
  }
  return validated(envelope)
}

/**
 * Maps a Sentry feedback item (`captureFeedback`, the feedback widget: an event whose `contexts.feedback`
 * holds the message) to a Suture feedback envelope linked to its error. Name and email are dropped.
 */
export function mapSentryFeedback(event: JsonObject, ctx: SentryMapContext): ParseResult<Envelope> {
  const id = eventIdOf(event, ctx)
  if (id === undefined) return missingId()
  const feedback = obj(obj(event.contexts)?.feedback)
  const textValue = text(feedback?.message)
  if (textValue === undefined) {
    return {
      ok: false,
      issues: [{ path: 'contexts.feedback.message', message: 'expected the feedback text' }],
    }
  }
  const linkedTo = idOf(feedback?.associated_event_id)
  const source = text(feedback?.source)
  const envelope = {
    id,
    schemaVersion: SCHEMA_VERSION,
    kind: 'feedback',
    ...tsOf(event, ctx),
    app: appOf(event, ctx),
    route: routeOf(event, str(feedback?.url)),
    actor: actorOf(event, ctx.userSalt),
    workspace: workspaceOf(event),
    breadcrumbs: mapBreadcrumbs(event.breadcrumbs),
    flags: flagsOf(event),
    tags: tagsOf(event, source === undefined ? {} : { 'sentry.feedback_source': source }),
    sdk: sdkOf(event, ctx),
    feedback: { text: truncate(textValue, LIMITS.feedbackText), channel: 'sentry', linkedTo },
  }
  return validated(envelope)
}

/**
 * Maps a legacy `user_report` item (`{ event_id, name, email, comments }`), which older SDKs send from
 * `captureUserFeedback` and native SDKs still send; the crash-report dialog does not send one — it posts
 * its form to `/api/embed/error-page/`, which Suture maps through this function too. Its `event_id` is the
 * error it is about, so the feedback's own id is derived from it and the text: a retried report dedupes,
 * a second different report on the same error does not.
 */
export function mapSentryUserReport(report: JsonObject, ctx: SentryMapContext): ParseResult<Envelope> {
  const linkedTo = idOf(report.event_id)
  if (linkedTo === undefined) return missingId()
  const comments = text(report.comments)
  if (comments === undefined) {
    return { ok: false, issues: [{ path: 'comments', message: 'expected the user report text' }] }
  }
  const id = `ur-${createHash('sha256').update(`${linkedTo}\u0000${comments}`).digest('hex').slice(0, 40)}`
  const occurredAt = isoTime(ctx.envelopeHeader?.sent_at) ?? ctx.receivedAt.toISOString()
  const sdk = sdkOf({}, ctx)
  const envelope = {
    id,
    schemaVersion: SCHEMA_VERSION,
    kind: 'feedback',
    occurredAt,
    app: { name: truncate(ctx.appName, LIMITS.shortText) },
    route: { template: UNKNOWN_ROUTE },
    sdk,
    feedback: { text: truncate(comments, LIMITS.feedbackText), channel: 'sentry', linkedTo },
  }
  return validated(envelope)
}
