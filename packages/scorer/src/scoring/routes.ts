import { parameterizeRouteCached } from '@suture/envelope'

/**
 * The path an event happened on: `$pathname` (PostHog and our SDK), else the path of `$current_url`,
 * else a `route` property. Query strings and fragments are dropped: they carry ids and tokens, not places.
 */
export function eventPath(properties: Readonly<Record<string, unknown>> | undefined): string | undefined {
  if (!properties) return undefined
  const pathname = properties.$pathname
  if (typeof pathname === 'string' && pathname.length > 0) return stripQuery(pathname)
  const url = properties.$current_url
  if (typeof url === 'string' && url.length > 0) {
    const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(\/[^?#]*)?/i.exec(url)
    if (match) return match[1] ?? '/'
    return stripQuery(url)
  }
  const route = properties.route
  if (typeof route === 'string' && route.length > 0) return stripQuery(route)
  return undefined
}

function stripQuery(path: string): string {
  const cut = path.search(/[?#]/)
  const bare = cut === -1 ? path : path.slice(0, cut)
  return bare.length === 0 ? '/' : bare
}

/**
 * `/products/1716/reviews` → `/products/:id/reviews`, via the envelope package's (memoised)
 * `parameterizeRoute`, so scores, envelopes and clusters all name a place the same way.
 */
export function routeTemplate(path: string): string {
  return parameterizeRouteCached(path)
}

/** The first path segment, the product area a page belongs to (`/products/:id` → `products`). */
export function routeArea(path: string): string {
  const start = path.charCodeAt(0) === 47 ? 1 : 0
  const end = path.indexOf('/', start)
  const area = end === -1 ? path.slice(start) : path.slice(start, end)
  return area.length === 0 ? '/' : area
}
