import { captureException, withScope } from '@sentry/browser'
import type { Envelope } from '@suture/envelope'
import { fingerprint } from '@suture/envelope/fingerprint'
import { completeEnvelope } from '@suture/envelope/ingest'
import { parseStack } from '@suture/envelope/stack'

export interface SentryForwarderOptions {
  /** Also forward feedback envelopes as Sentry messages (default false). */
  readonly feedback?: boolean
}

/**
 * Forwards Suture's error envelopes to Sentry (already initialised by your app), with the route
 * template, boundary, flags, attempting, frustration, breadcrumbs and fingerprint mapped onto Sentry
 * tags, contexts, breadcrumbs and fingerprint. Returns the Sentry event id.
 * @example
 * import { sentryForwarder } from '@suture/error-boundary/sentry'
 * init({ ...config, forward: sentryForwarder() })
 */
export function sentryForwarder(
  _options: SentryForwarderOptions = {},
): (envelope: Envelope, error: unknown) => string | undefined {
  return (sent, error) => {
    if (sent.kind !== 'error') return undefined
    // The core sends raw paths and no "attempting" line for Suture's server to complete; Sentry gets the
    // templates and the line it always got.
    const envelope = completeEnvelope(sent)
    return withScope((scope) => {
      scope.setTag('route', envelope.route.template)
      scope.setTag('suture.envelope_id', envelope.id)
      scope.setTag('suture.mechanism', envelope.error.mechanism)
      if (envelope.boundary) scope.setTag('boundary', envelope.boundary)
      if (envelope.app.release) scope.setTag('release', envelope.app.release)
      if (envelope.workspace?.id) scope.setTag('workspace', envelope.workspace.id)
      if (envelope.actor?.idHash) scope.setUser({ id: envelope.actor.idHash })
      for (const [key, value] of Object.entries(envelope.tags ?? {})) scope.setTag(key, value)
      scope.setContext('flags', envelope.flags)
      scope.setContext('suture', {
        attempting: envelope.attempting ?? null,
        frustration: envelope.frustration,
        route: envelope.route.template,
        sessionId: envelope.sessionId ?? null,
      })
      // The core SDK leaves frames and the fingerprint to the server; Sentry needs ours now, and this
      // entry (unlike the core) can afford the parser.
      const { type, message, stack } = envelope.error
      const frames = envelope.error.frames.length > 0 ? envelope.error.frames : parseStack(stack ?? '')
      scope.setFingerprint([envelope.error.fingerprint ?? fingerprint({ type, message, frames })])
      for (const crumb of envelope.breadcrumbs) {
        scope.addBreadcrumb({
          category: `suture.${crumb.type}`,
          message: crumb.label,
          timestamp: Date.parse(crumb.ts) / 1_000,
          ...(crumb.data ? { data: crumb.data } : {}),
        })
      }
      const original =
        error instanceof Error
          ? error
          : Object.assign(new Error(envelope.error.message), { name: envelope.error.type })
      return captureException(original, {
        mechanism: { type: `suture.${envelope.error.mechanism}`, handled: envelope.error.handled },
      })
    })
  }
}
