import type { RawBreadcrumb } from '../breadcrumbs/ring-buffer.js'

/** How far back an action still explains what the user was doing when the error happened. */
const RECENT_MS = 30_000

function quoted(label: string): string | undefined {
  return /'(.+)'/.exec(label)?.[1]
}

/**
 * One line saying what the user was doing, from their last meaningful action: the newest form submit or
 * click since they arrived on this route, else just the route.
 * @example "submitting the 'Invite teammate' form on /settings/members"
 */
export function deriveAttempting(crumbs: readonly RawBreadcrumb[], route: string, now = Date.now()): string {
  for (let i = crumbs.length - 1; i >= 0; i--) {
    const crumb = crumbs[i]
    if (!crumb || now - crumb.at > RECENT_MS) break
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
