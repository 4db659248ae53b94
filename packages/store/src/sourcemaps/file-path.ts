/**
 * The part of a minified file's URL that source maps are matched on: its path, without origin, query or
 * fragment. `https://app.test/assets/index-3f2a.js?v=1` and Sentry's `~/assets/index-3f2a.js` (any origin)
 * both give `/assets/index-3f2a.js`, so one upload serves every host the app is served from.
 * Returns undefined for what is not a fetchable script (`<anonymous>`, `native`, `blob:`).
 * @example
 * minifiedFilePath('https://app.test/assets/index-3f2a.js') // '/assets/index-3f2a.js'
 */
export function minifiedFilePath(url: string): string | undefined {
  let rest = url.trim().replace(/[?#].*$/, '')
  if (rest.startsWith('~')) rest = rest.slice(1)
  else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(rest)) {
    const slash = rest.indexOf('/', rest.indexOf('//') + 2)
    rest = slash === -1 ? '/' : rest.slice(slash)
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(rest)) return undefined
  if (rest === '' || /^(?:<|\[|native$|eval$)/.test(rest)) return undefined
  if (!rest.startsWith('/')) rest = `/${rest}`
  try {
    return decodeURI(rest)
  } catch {
    return rest
  }
}

/**
 * A map's source as a repository-relative path: `../../src/pages/BillingPage.tsx` and
 * `webpack://app/./src/pages/BillingPage.tsx` both become `src/pages/BillingPage.tsx`, which is what code
 * pointers, tickets and the fixer look up in the repository.
 */
export function cleanSourcePath(source: string): string {
  return source
    .replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*\//i, '')
    .replace(/^(?:\.\.?\/)+/, '')
    .replace(/^\/+/, '')
}
