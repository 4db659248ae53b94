import { type Envelope, parseEnvelope, sourceFrames, truncate } from '@suture/envelope'
import { z } from 'zod'

/** A stack frame as the dedup engine sees it. */
export interface SignalFrame {
  readonly function?: string | undefined
  readonly file?: string | undefined
  readonly line?: number | undefined
  readonly inApp?: boolean | undefined
}

export type SignalKind = 'error' | 'feedback' | 'session' | 'record'

/**
 * One failure signal: an error or feedback envelope, a low-scored session's improvement text, or a
 * minimal record from a file. Every field but `id` is optional; fields a signal lacks do not vote.
 */
export interface Signal {
  readonly id: string
  readonly kind: SignalKind
  readonly title?: string | undefined
  readonly text?: string | undefined
  readonly frames?: readonly SignalFrame[] | undefined
  readonly fingerprint?: string | undefined
  /** Parameterised route template (`/projects/:id`). */
  readonly route?: string | undefined
  readonly errorType?: string | undefined
  readonly boundary?: string | undefined
  readonly component?: string | undefined
  readonly department?: string | undefined
  /** ISO timestamp. */
  readonly createdAt?: string | undefined
  readonly userId?: string | undefined
  readonly workspaceId?: string | undefined
  readonly sessionId?: string | undefined
  /** Feedback rating or the session's implied NPS, 0–10. */
  readonly rating?: number | undefined
  /** What the user was trying to do, shown in tickets (not used for similarity). */
  readonly attempting?: string | undefined
  readonly release?: string | undefined
  /** Feedback only: the id of the error envelope the user wrote it about (typed into that error's fallback). */
  readonly linkedTo?: string | undefined
}

/** The first component named in a React component stack (`at MembersTable (…)`). */
export function firstComponent(componentStack: string | undefined): string | undefined {
  if (!componentStack) return undefined
  const match = /^\s*(?:at\s+)?([A-Z][\w$.]*)/m.exec(componentStack)
  return match?.[1]
}

/** Turns a validated envelope into a signal. */
export function signalFromEnvelope(envelope: Envelope): Signal {
  const common = {
    id: envelope.id,
    route: envelope.route.template,
    boundary: envelope.boundary,
    department: envelope.tags?.department,
    createdAt: envelope.occurredAt,
    userId: envelope.actor?.idHash,
    workspaceId: envelope.workspace?.id,
    sessionId: envelope.sessionId,
    attempting: envelope.attempting,
    release: envelope.app.release,
  }
  if (envelope.kind === 'error') {
    const { error } = envelope
    return {
      ...common,
      kind: 'error',
      title: `${error.type}: ${error.message}`,
      text: error.message,
      errorType: error.type,
      // Original source frames when a source map resolved them: what code pointers and grouping need.
      frames: sourceFrames(error.frames).map((f) => ({
        function: f.function ?? undefined,
        file: f.file ?? undefined,
        line: f.line ?? undefined,
        inApp: f.inApp,
      })),
      fingerprint: error.fingerprint,
      component: firstComponent(error.componentStack),
    }
  }
  return {
    ...common,
    kind: 'feedback',
    text: envelope.feedback.text,
    rating: envelope.feedback.rating,
    linkedTo: envelope.feedback.linkedTo,
  }
}

/** A session that scored low, with the scorer's note on what would have helped. */
export interface SessionSignalInput {
  readonly sessionId: string
  readonly improvement: string
  readonly score?: number | undefined
  readonly route?: string | undefined
  readonly userId?: string | undefined
  readonly workspaceId?: string | undefined
  readonly createdAt?: string | undefined
}

export function signalFromSession(session: SessionSignalInput): Signal {
  return {
    id: `session:${session.sessionId}`,
    kind: 'session',
    text: session.improvement,
    rating: session.score,
    route: session.route,
    userId: session.userId,
    workspaceId: session.workspaceId,
    sessionId: session.sessionId,
    createdAt: session.createdAt,
  }
}

/** Long reports are cut, not rejected: the first 20,000 characters say what the problem is. */
const optionalText = z
  .string()
  .transform((text) => truncate(text, 20_000))
  .optional()

/** The minimal file form: `{ id, title?, text?, stack?, route?, errorType?, createdAt? }` (+ a few extras). */
export const signalRecordSchema = z.object({
  id: z.union([z.string().min(1).max(200), z.number()]).transform(String),
  title: optionalText,
  text: optionalText,
  stack: z
    .array(
      z.object({
        function: z.string().max(500).nullish(),
        file: z.string().max(2000).nullish(),
        line: z.number().int().nullish(),
        inApp: z.boolean().optional(),
      }),
    )
    .max(200)
    .optional(),
  fingerprint: z.string().max(200).optional(),
  route: z.string().max(2000).optional(),
  errorType: z.string().max(200).optional(),
  boundary: z.string().max(200).optional(),
  component: z.string().max(200).optional(),
  department: z.string().max(200).optional(),
  createdAt: z.string().max(64).optional(),
  userId: z.string().max(200).optional(),
  workspaceId: z.string().max(200).optional(),
  sessionId: z.string().max(200).optional(),
})

export type SignalRecord = z.infer<typeof signalRecordSchema>

export function signalFromRecord(record: SignalRecord): Signal {
  return {
    id: record.id,
    kind: 'record',
    title: record.title,
    text: record.text,
    frames: record.stack?.map((f) => ({
      function: f.function ?? undefined,
      file: f.file ?? undefined,
      line: f.line ?? undefined,
      inApp: f.inApp,
    })),
    fingerprint: record.fingerprint,
    route: record.route,
    errorType: record.errorType,
    boundary: record.boundary,
    component: record.component,
    department: record.department,
    createdAt: record.createdAt,
    userId: record.userId,
    workspaceId: record.workspaceId,
    sessionId: record.sessionId,
  }
}

export type SignalParseResult = { ok: true; signal: Signal } | { ok: false; problem: string }

/**
 * Reads one untrusted input line: an envelope (anything with `schemaVersion` and `kind`) or a minimal
 * record. Never throws.
 */
export function parseSignalInput(input: unknown): SignalParseResult {
  if (typeof input === 'object' && input !== null && 'schemaVersion' in input && 'kind' in input) {
    const parsed = parseEnvelope(input)
    if (!parsed.ok) {
      return { ok: false, problem: parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ') }
    }
    return { ok: true, signal: signalFromEnvelope(parsed.value) }
  }
  const parsed = signalRecordSchema.safeParse(input)
  if (!parsed.success) {
    return {
      ok: false,
      problem: parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
    }
  }
  return { ok: true, signal: signalFromRecord(parsed.data) }
}
