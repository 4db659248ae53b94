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

const ID_SEGMENT =
  /^(?:\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{10,}|[A-Za-z0-9_-]{20,}|[0-9A-HJKMNP-TV-Z]{26})$/i

/**
 * `/products/1716/reviews` → `/products/:id/reviews`. Segments that look like ids (digits, UUIDs, long hex,
 * ULIDs, long random tokens) become `:id`, so every product page is one place, not thousands.
 */
export function routeTemplate(path: string): string {
  if (path.includes(':id')) return path
  const segments = path.split('/')
  let changed = false
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]
    if (segment && ID_SEGMENT.test(segment) && /\d/.test(segment)) {
      segments[i] = ':id'
      changed = true
    }
  }
  return changed ? segments.join('/') : path
}

/** The first path segment, the product area a page belongs to (`/products/:id` → `products`). */
export function routeArea(path: string): string {
  const start = path.charCodeAt(0) === 47 ? 1 : 0
  const end = path.indexOf('/', start)
  const area = end === -1 ? path.slice(start) : path.slice(start, end)
  return area.length === 0 ? '/' : area
}
