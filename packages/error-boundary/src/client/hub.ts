import type { CaptureContext, FeedbackInput } from './client.js'
import { compact, SutureClient } from './client.js'
import type { JsonValue, SutureConfig } from './config.js'

let current: SutureClient | undefined

/**
 * Starts Suture for this page: breadcrumbs, frustration signals, global error capture and delivery.
 * Calling it again replaces the previous client.
 * @example
 * init({ endpoint: 'https://suture.example.com', publicKey: 'sut_pub_…', app: { name: 'web' } })
 */
export function init(config: SutureConfig): SutureClient {
  current?.close()
  current = new SutureClient(config)
  return current
}

/** The client `init()` created, if any. */
export function getClient(): SutureClient | undefined {
  return current
}

/** Stops the current client (listeners and patches are removed; queued envelopes are kept). */
export function close(): void {
  current?.close()
  current = undefined
}

/**
 * Reports an error by hand. Returns the envelope id, to link feedback to it.
 * @example
 * try { await save() } catch (error) { captureError(error, { attempting: 'saving the draft' }) }
 */
export function captureError(error: unknown, context?: CaptureContext): string | undefined {
  return current?.captureError(error, { mechanism: 'manual', handled: true, ...context })
}

/**
 * Sends user feedback; `linkedTo` ties it to the error it follows. Through `client` when given (a
 * `<SutureProvider>`'s), else the one `init()` made. A function, not a client method, so an app that
 * never sends feedback does not ship this code.
 * @example
 * captureFeedback({ text: 'The invite never arrived', rating: 3, linkedTo: errorId })
 */
export function captureFeedback(input: FeedbackInput, client = current): string | undefined {
  return client?.send({
    kind: 'feedback',
    feedback: compact({
      text: input.text,
      rating: input.rating,
      channel: input.channel ?? 'api',
      linkedTo: input.linkedTo,
    }),
  })
}

/** Adds a custom breadcrumb. */
export function addBreadcrumb(label: string, data?: Record<string, string | number | boolean | null>): void {
  current?.guard(() =>
    current?.breadcrumbs.add({ at: Date.now(), type: 'custom', label, ...(data && { data }) }),
  )()
}

/**
 * Records a goal, conversion or other product event in the current session.
 * @example
 * track('invite_sent', { role: 'admin' })
 */
export function track(event: string, properties?: Record<string, JsonValue>): void {
  current?.guard(() => current?.sessionEvents?.track(event, properties))()
}
