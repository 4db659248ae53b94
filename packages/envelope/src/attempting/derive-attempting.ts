import type { Breadcrumb, Envelope } from '../schema/envelope.js'

/** How far back an action still explains what the user was doing when the error happened. */
const RECENT_MS = 30_000

function quoted(label: string): string | undefined {
  return /'(.+)'/.exec(label)?.[1]
}

/**
 * One line saying what the user was doing at `at` (ms), from their last meaningful action in the
 * breadcrumbs: the newest form submit or click since they arrived on this route, else just the route.
 * Rage and dead clicks are frustration, not intent, and are skipped.
 * @example
 * deriveAttempting(envelope.breadcrumbs, '/settings/members', Date.parse(envelope.occurredAt))
 * // "submitting the 'Invite teammate' form on /settings/members"
 */
export function deriveAttempting(crumbs: readonly Breadcrumb[], route: string, at: number): string {
  for (let i = crumbs.length - 1; i >= 0; i--) {
    const crumb = crumbs[i]
    if (!crumb) continue
    const ts = Date.parse(crumb.ts)
    // Breadcrumbs stamped after the envelope (a skewed clock, a hand-built envelope) still count.
    if (at - ts > RECENT_MS) break
    if (crumb.type === 'submit') {
      const form = quoted(crumb.label)
      return form ? `submitting the '${form}' form on ${route}` : `submitting a form on ${route}`
    }
    if (crumb.type === 'navigation') break
    const target = crumb.type === 'click' && !crumb.data?.frustration ? quoted(crumb.label) : undefined
    if (target) return `clicking '${target}' on ${route}`
  }
  return `viewing ${route}`
}

/**
 * The envelope with its `attempting` line: the app's own (a boundary's `attempting` prop, `captureError`'s
 * context) is kept; without one it is derived from the breadcrumbs and the route template, as the browser
 * SDK once did in the page. Run it after `normalizeRoutes`, so the line names the template. Idempotent.
 * @example
 * const stored = withAttempting(normalizeRoutes(parsed.value))
 */
export function withAttempting<T extends Envelope>(envelope: T): T {
  if (envelope.attempting !== undefined) return envelope
  const at = Date.parse(envelope.occurredAt)
  return { ...envelope, attempting: deriveAttempting(envelope.breadcrumbs, envelope.route.template, at) }
}
