import type { Context, MiddlewareHandler } from 'hono'
import type { IngestDeps, IngestEnv } from './context.js'
import { HttpError } from './http-error.js'

const ALLOWED_HEADERS = 'Content-Type, Content-Encoding, X-Suture-Key'

export function setCorsHeaders(c: Context, origin: string): void {
  c.header('Access-Control-Allow-Origin', origin)
  c.header('Vary', 'Origin')
  c.header('Access-Control-Expose-Headers', 'Retry-After')
}

/** The key from `X-Suture-Key`, or `?key=` for `navigator.sendBeacon`, which cannot set headers. */
export function keyToken(c: Context): string | undefined {
  return c.req.header('x-suture-key') ?? c.req.query('key') ?? undefined
}

/**
 * CORS and authentication for `/v1/*`. Preflights pass for every origin: a preflight is only permission
 * to ask, and a refused preflight makes the browser hide the real answer, so a page with a wrong key or
 * origin could not learn why. The allow-list is enforced on the request itself, which for a browser
 * origin the key's project does not allow (an empty allow-list allows all) is refused with a 403 that
 * stores nothing. Every answer, refusals included, carries the CORS headers for the request's origin,
 * so the SDK can show the message that says what to fix. Real requests need a live key.
 */
export function corsAndAuth(deps: IngestDeps): MiddlewareHandler<IngestEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin')
    if (c.req.method === 'OPTIONS') {
      if (origin === undefined) return c.body(null, 204)
      setCorsHeaders(c, origin)
      c.header('Access-Control-Allow-Methods', 'POST, OPTIONS')
      c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS)
      c.header('Access-Control-Max-Age', '600')
      return c.body(null, 204)
    }
    // Set before any refusal: the app's onError repeats these headers on error answers.
    if (origin !== undefined) c.set('corsOrigin', origin)
    const token = keyToken(c)
    if (token === undefined || token === '') {
      throw new HttpError(401, 'missing_key', 'Send your project key in the X-Suture-Key header (or ?key=).')
    }
    const key = await deps.keys.resolve(token)
    if (key === undefined) {
      throw new HttpError(
        401,
        'invalid_key',
        'This key is unknown or revoked; check it with `suture project keys list`.',
      )
    }
    if (origin !== undefined) {
      if (!deps.keys.allows(key, origin)) {
        throw new HttpError(
          403,
          'origin_not_allowed',
          `Origin ${origin} is not in this project's allow-list; add it with 'suture project create --origin' or 'suture project origins'.`,
        )
      }
      setCorsHeaders(c, origin)
    }
    c.set('key', key)
    await next()
  }
}
