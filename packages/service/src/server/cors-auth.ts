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
 * CORS and authentication for `/v1/*`. Preflights pass when the key's project (given as `?key=`) or,
 * without a key, any project allows the origin. Real requests need a live key, and a browser origin the
 * key's project allows (an empty allow-list allows all).
 */
export function corsAndAuth(deps: IngestDeps): MiddlewareHandler<IngestEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin')
    const token = keyToken(c)
    if (c.req.method === 'OPTIONS') {
      if (origin === undefined) return c.body(null, 204)
      const key = token === undefined ? undefined : await deps.keys.resolve(token)
      const allowed = key ? deps.keys.allows(key, origin) : await deps.keys.anyProjectAllows(origin)
      if (!allowed) {
        deps.metrics.reject('origin_not_allowed')
        return c.body(null, 403)
      }
      setCorsHeaders(c, origin)
      c.header('Access-Control-Allow-Methods', 'POST, OPTIONS')
      c.header('Access-Control-Allow-Headers', ALLOWED_HEADERS)
      c.header('Access-Control-Max-Age', '600')
      return c.body(null, 204)
    }
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
      c.set('corsOrigin', origin)
      setCorsHeaders(c, origin)
    }
    c.set('key', key)
    await next()
  }
}
