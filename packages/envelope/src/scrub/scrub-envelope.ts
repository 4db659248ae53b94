import type { Breadcrumb, Envelope, StackFrame } from '../schema/envelope.js'
import { scrubText } from './scrub-text.js'
import { scrubUrl } from './scrub-url.js'

function scrubOptional(value: string | undefined, scrub: (s: string) => string): string | undefined {
  return value === undefined ? undefined : scrub(value)
}

function scrubBreadcrumb(crumb: Breadcrumb): Breadcrumb {
  const scrubbed: Breadcrumb = { ...crumb, label: scrubText(crumb.label) }
  if (crumb.data) {
    const data: NonNullable<Breadcrumb['data']> = {}
    for (const [key, value] of Object.entries(crumb.data))
      data[key] = typeof value === 'string' ? scrubText(value) : value
    scrubbed.data = data
  }
  return scrubbed
}

function scrubFrame(frame: StackFrame): StackFrame {
  // Only the query string of a file URL can carry a secret; the path is needed for grouping.
  return frame.file !== null && /[?#@]/.test(frame.file) ? { ...frame, file: scrubUrl(frame.file) } : frame
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
  const copy = { ...envelope }
  copy.route = { ...envelope.route }
  withOptional(copy.route, 'url', scrubOptional(envelope.route.url, scrubUrl))
  copy.breadcrumbs = envelope.breadcrumbs.map(scrubBreadcrumb)
  withOptional(copy, 'attempting', scrubOptional(envelope.attempting, scrubText))
  if (envelope.tags) {
    const tags: Record<string, string> = {}
    for (const [key, value] of Object.entries(envelope.tags)) tags[key] = scrubText(value)
    copy.tags = tags
  }
  if (copy.kind === 'error' && envelope.kind === 'error') {
    const error = { ...envelope.error }
    error.message = scrubText(error.message)
    error.frames = error.frames.map(scrubFrame)
    withOptional(error, 'stack', scrubOptional(envelope.error.stack, scrubText))
    withOptional(error, 'componentStack', scrubOptional(envelope.error.componentStack, scrubText))
    copy.error = error
  } else if (copy.kind === 'feedback' && envelope.kind === 'feedback') {
    copy.feedback = { ...envelope.feedback, text: scrubText(envelope.feedback.text) }
  }
  return copy
}
