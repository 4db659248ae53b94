function segments(path: string): string[] {
  return path.split('/').filter(Boolean)
}

function isParam(segment: string): boolean {
  return segment.startsWith(':') || (segment.startsWith('[') && segment.endsWith(']'))
}

function isRest(segment: string): boolean {
  return segment === '*' || segment.startsWith('[...') || segment.startsWith('[[...') || segment.endsWith('*')
}

/** How well `pattern` matches `path`: undefined if not at all, else more static segments score higher. */
function score(pattern: string, path: string[]): number | undefined {
  const parts = segments(pattern)
  let points = 0
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? ''
    if (isRest(part)) return points
    const actual = path[i]
    if (actual === undefined) return part.endsWith('?') ? points : undefined
    if (isParam(part)) points += 1
    else if (part === actual) points += 3
    else return undefined
  }
  return parts.length === path.length ? points + 1 : undefined
}

/**
 * The best-matching pattern for `pathname` among React Router (`/projects/:id`, `*`) or Next.js
 * (`/projects/[id]`, `[...slug]`) style patterns; undefined when none match.
 */
export function matchRoute(patterns: readonly string[], pathname: string): string | undefined {
  const path = segments(pathname)
  let best: string | undefined
  let bestScore = -1
  for (const pattern of patterns) {
    const s = score(pattern, path)
    if (s !== undefined && s > bestScore) {
      best = pattern
      bestScore = s
    }
  }
  return best
}

/**
 * The route template from React Router's `matchRoutes()` result (each match's `route.path`, joined).
 * @example
 * getRouteTemplate: () => templateFromMatches(matchRoutes(routes, location) ?? [])
 */
export function templateFromMatches(matches: readonly { route: { path?: string | undefined } }[]): string {
  const joined = matches
    .map((m) => m.route.path ?? '')
    .filter(Boolean)
    .join('/')
  return `/${joined}`.replace(/\/{2,}/g, '/')
}
