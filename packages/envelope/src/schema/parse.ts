import type { z } from 'zod'
import { type Envelope, envelopeSchema } from './envelope.js'
import { type SessionEvent, sessionEventSchema } from './session-event.js'

/** One problem with untrusted input, with the dotted path of the field (`error.frames.3.line`). */
export interface FieldIssue {
  readonly path: string
  readonly message: string
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] }

function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map((p) => String(p)).join('.')
}

/** Parses untrusted input against `schema`; never throws, whatever the input. */
export function safeParseWith<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.infer<S>> {
  try {
    const result = schema.safeParse(input)
    if (result.success) return { ok: true, value: result.data }
    return {
      ok: false,
      issues: result.error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    }
  } catch (error: unknown) {
    // Pathological input (e.g. nesting deep enough to overflow the stack) must still be a 400, not a crash.
    const reason = error instanceof Error ? error.message : String(error)
    return { ok: false, issues: [{ path: '(root)', message: `unparseable input: ${reason}` }] }
  }
}

/**
 * Validates an envelope from an untrusted sender.
 * @example
 * const result = parseEnvelope(JSON.parse(body))
 * if (!result.ok) return c.json({ issues: result.issues }, 400)
 */
export function parseEnvelope(input: unknown): ParseResult<Envelope> {
  return safeParseWith(envelopeSchema, input)
}

/** Validates a session event from an untrusted sender. */
export function parseSessionEvent(input: unknown): ParseResult<SessionEvent> {
  return safeParseWith(sessionEventSchema, input)
}
