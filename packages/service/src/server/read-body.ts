import type { Context } from 'hono'
import { bodyTooLarge } from './body-limit.js'
import { HttpError } from './http-error.js'
import { sanitizeJson } from './sanitize-json.js'

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024

function tooLarge(limit: number): HttpError {
  return bodyTooLarge(limit, 'send fewer items per request')
}

/**
 * Reads the body as UTF-8 JSON whatever the content type (`sendBeacon` sends `text/plain`), stopping
 * at `limit` bytes, and returns it sanitised for storage.
 */
export async function readJsonBody(c: Context, limit: number): Promise<unknown> {
  const declared = Number(c.req.header('content-length'))
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit)
  const stream = c.req.raw.body
  if (stream === null) throw new HttpError(400, 'empty_body', 'The body is empty; send JSON.')
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = stream.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => {})
      throw tooLarge(limit)
    }
    chunks.push(value)
  }
  if (size === 0) throw new HttpError(400, 'empty_body', 'The body is empty; send JSON.')
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks, size))
  } catch {
    throw new HttpError(400, 'invalid_utf8', 'The body is not valid UTF-8; encode it as UTF-8 JSON.')
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : 'unparseable'
    throw new HttpError(400, 'invalid_json', `The body is not valid JSON (${reason}).`)
  }
  return sanitizeJson(parsed)
}
