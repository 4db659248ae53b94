import type { Breadcrumb, Envelope } from '../schema/envelope.js'
import { parameterizeRouteCached } from './parameterize-route.js'

const NAVIGATED = 'Navigated to '
// The SDK's own one-liners end with the route ("clicking 'Save' on /users/123"); the app's do not.
const DERIVED = /^(?:viewing|clicking|submitting) /

/**
 * The route template of a path the SDK sent: `/users/123` → `/users/:id`, `/members/[email]` (an email the
 * browser already scrubbed) → `/members/:id`, in `parameterizeRoute`'s form (no trailing slash, query or
 * fragment). Templates in that form (`/users/:id`, `/posts/[slug]`, `/files/*`) come back as they are, and so
 * does anything that is not a path (an app's own route name, a full URL).
 * @example
 * routeTemplateOf('/users/123/invoices') // '/users/:id/invoices'
 */
export function routeTemplateOf(path: string): string {
  // Memoised: ingest templates every envelope, a navigation names each path three times (label, `to`, the
  // next `from`), and older SDKs or apps with a router repeat the same few templates.
  return path.startsWith('/') ? parameterizeRouteCached(path) : path
}

function navigation(crumb: Breadcrumb): Breadcrumb {
  if (crumb.type !== 'navigation') return crumb
  const label = crumb.label.startsWith(NAVIGATED)
    ? NAVIGATED + routeTemplateOf(crumb.label.slice(NAVIGATED.length))
    : crumb.label
  let data = crumb.data
  for (const key of ['from', 'to'] as const) {
    const value = data?.[key]
    if (typeof value !== 'string') continue
    const template = routeTemplateOf(value)
    if (template !== value) data = { ...data, [key]: template }
  }
  return label === crumb.label && data === crumb.data
    ? crumb
    : { ...crumb, label, ...(data !== undefined && { data }) }
}

/**
 * The envelope with every place it names as a route template: `route.template`, the navigation breadcrumbs'
 * labels and `data.from`/`data.to`, and the route at the end of the SDK's derived `attempting`
 * ("viewing /users/123" → "viewing /users/:id"). The SDK sends raw paths (parameterising them in the
 * browser cost the page ~300 B gzip); ingest runs this before storage, so stored envelopes read as when the
 * browser did it. Idempotent; an envelope whose paths are already templates (older SDKs, `getRouteTemplate`)
 * is returned as is, the same object.
 * @example
 * const stored = normalizeRoutes(parsed.value)
 */
export function normalizeRoutes<T extends Envelope>(envelope: T): T {
  const raw = envelope.route.template
  const template = routeTemplateOf(raw)
  const breadcrumbs = envelope.breadcrumbs.map(navigation)
  const { attempting } = envelope
  const derived =
    attempting !== undefined && template !== raw && DERIVED.test(attempting) && attempting.endsWith(` ${raw}`)
      ? attempting.slice(0, attempting.length - raw.length) + template
      : attempting
  if (
    template === raw &&
    derived === attempting &&
    breadcrumbs.every((c, i) => c === envelope.breadcrumbs[i])
  )
    return envelope
  const out = { ...envelope, route: { ...envelope.route, template }, breadcrumbs }
  if (derived !== undefined) out.attempting = derived
  return out
}
