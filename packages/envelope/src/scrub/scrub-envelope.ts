import type { Breadcrumb, Envelope, StackFrame } from '../schema/envelope.js'
import { scrubText } from './scrub-text.js'

type Scrub = (text: string) => string

function scrubOptional(value: string | undefined, scrub: (s: string) => string): string | undefined {
  return value === undefined ? undefined : scrub(value)
}

function scrubBreadcrumb(crumb: Breadcrumb, scrub: Scrub): Breadcrumb {
  const scrubbed: Breadcrumb = { ...crumb, label: scrub(crumb.label) }
  if (crumb.data) {
    const data: NonNullable<Breadcrumb['data']> = {}
    for (const [key, value] of Object.entries(crumb.data))
      data[key] = typeof value === 'string' ? scrub(value) : value
    scrubbed.data = data
  }
  return scrubbed
}

function scrubFrame(frame: StackFrame, scrub: Scrub): StackFrame {
  // Only the query string of a file URL can carry a secret; the path is needed for grouping.
  return frame.file !== null && /[?#@]/.test(frame.file) ? { ...frame, file: scrub(frame.file) } : frame
}

function withOptional<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value
}

/**
 * Returns a copy of `envelope` with personal data and secrets replaced by typed placeholders in every
 * free-text field: the error message, raw stack and component stack, frame file URLs, breadcrumb labels and
 * string data, the route URL, `attempting`, tags, and feedback text. Ids, timestamps and flags are kept.
 * Idempotent, so the SDK and the server can both apply it.
 * @example
 * const safe = scrubEnvelope(envelope)
 */
export function scrubEnvelope<T extends Envelope>(envelope: T): T {
  return scrubEnvelopeWith(envelope, scrubText)
}

// scrubUrl is scrubText (URL secrets are among its detectors), so one function serves both.
/** {@link scrubEnvelope} with another text scrubber (the server's thorough one). */
export function scrubEnvelopeWith<T extends Envelope>(envelope: T, scrub: Scrub): T {
  const copy = { ...envelope }
  copy.route = { ...envelope.route }
  withOptional(copy.route, 'url', scrubOptional(envelope.route.url, scrub))
  copy.breadcrumbs = envelope.breadcrumbs.map((crumb) => scrubBreadcrumb(crumb, scrub))
  withOptional(copy, 'attempting', scrubOptional(envelope.attempting, scrub))
  if (envelope.tags) {
    const tags: Record<string, string> = {}
    for (const [key, value] of Object.entries(envelope.tags)) tags[key] = scrub(value)
    copy.tags = tags
  }
  if (copy.kind === 'error' && envelope.kind === 'error') {
    const error = { ...envelope.error }
    error.message = scrub(error.message)
    error.frames = error.frames.map((frame) => scrubFrame(frame, scrub))
    withOptional(error, 'stack', scrubOptional(envelope.error.stack, scrub))
    withOptional(error, 'componentStack', scrubOptional(envelope.error.componentStack, scrub))
    copy.error = error
  } else if (copy.kind === 'feedback' && envelope.kind === 'feedback') {
    copy.feedback = { ...envelope.feedback, text: scrub(envelope.feedback.text) }
  }
  return copy
}

/**
 * {@link scrubEnvelope} over a batch, scrubbing each distinct string once: stacks, messages, route URLs and
 * frame files repeat across the envelopes of one request (the same error, the same bundle). The results
 * are exactly those of `envelopes.map(scrubEnvelope)`; the memo lives only for the call.
 * @example
 * const safe = scrubEnvelopes(batch)
 */
export function scrubEnvelopes<T extends Envelope>(envelopes: readonly T[]): T[] {
  return scrubEnvelopesWith(envelopes, scrubText)
}

/** {@link scrubEnvelopes} with another text scrubber (the server's thorough one). */
export function scrubEnvelopesWith<T extends Envelope>(envelopes: readonly T[], scrub: Scrub): T[] {
  const memo = new Map<string, string>()
  const scrubOnce = (text: string): string => {
    let scrubbed = memo.get(text)
    if (scrubbed === undefined) {
      scrubbed = scrub(text)
      memo.set(text, scrubbed)
    }
    return scrubbed
  }
  return envelopes.map((envelope) => scrubEnvelopeWith(envelope, scrubOnce))
}
