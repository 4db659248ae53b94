import { MAX_SOURCE_MAP_BYTES, SourceMapError, storeSourceMap } from '@suture/store'
import type { RegisterRoutes } from '../context.js'
import { HttpError } from '../http-error.js'
import { readJsonBody } from '../read-body.js'

/** A map, its minified file (sent for the match check) and the JSON around them. */
export const SOURCE_MAP_BODY_LIMIT_BYTES = MAX_SOURCE_MAP_BYTES * 2 + 64 * 1024

function text(body: Record<string, unknown>, field: string, optional: boolean): string | undefined {
  const value = body[field]
  if (value === undefined || value === null) {
    if (optional) return undefined
    throw new HttpError(400, 'invalid_source_map', `${field}: required`, {
      issues: [{ path: field, message: 'required' }],
    })
  }
  if (typeof value !== 'string') {
    throw new HttpError(400, 'invalid_source_map', `${field}: expected a string`, {
      issues: [{ path: field, message: 'expected a string' }],
    })
  }
  return value
}

/**
 * `POST /v1/sourcemaps` (secret key): `{ release, url, map, debugId?, minified? }` stores one source map
 * for the minified file at `url` (`~/assets/index-3f2a.js` matches any origin). `map` is the map's JSON
 * text (or the object); `minified`, the bundle file's text, lets the server check the map belongs to it.
 * 201 when stored, 200 when the same map was already there (re-uploads are harmless), 400 naming the
 * field for a map that does not parse or does not match, 413 over the size limit. Stored envelopes of
 * the release received before the map are re-symbolicated (`resymbolicated` in the answer).
 */
export const sourceMapRoutes: RegisterRoutes = (app, deps) => {
  app.post('/v1/sourcemaps', async (c) => {
    const key = c.get('key')
    if (key.kind !== 'secret') {
      throw new HttpError(
        403,
        'secret_key_required',
        'Uploading source maps needs a secret key (public keys may only send envelopes and events).',
      )
    }
    const body = await readJsonBody(c, SOURCE_MAP_BODY_LIMIT_BYTES)
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw new HttpError(
        400,
        'invalid_source_map',
        'Send one object: { release, url, map, debugId?, minified? }.',
      )
    }
    const fields = body as Record<string, unknown>
    const mapField = fields.map
    const map =
      mapField !== null && typeof mapField === 'object'
        ? JSON.stringify(mapField)
        : text(fields, 'map', false)
    try {
      const stored = await storeSourceMap(deps.database.db, key.projectId, {
        release: text(fields, 'release', false) ?? '',
        url: text(fields, 'url', false) ?? '',
        map: map ?? '',
        debugId: text(fields, 'debugId', true),
        minified: text(fields, 'minified', true),
      })
      return c.json(stored, stored.status === 'unchanged' ? 200 : 201)
    } catch (error: unknown) {
      if (!(error instanceof SourceMapError)) throw error
      const status = error.reason === 'too-large' ? 413 : 400
      throw new HttpError(
        status,
        error.reason === 'too-large' ? 'body_too_large' : 'invalid_source_map',
        error.message,
        {
          issues: [{ path: error.field, message: error.message.slice(error.field.length + 2) }],
        },
      )
    }
  })
}
