import type { Context } from 'hono'
import { decodeBody } from '../sentry/body.js'
import { SentryIngestError } from '../sentry/errors.js'
import { bodyTooLarge } from './body-limit.js'
import { HttpError } from './http-error.js'
import { sanitizeJson } from './sanitize-json.js'

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024

function tooLarge(limit: number): HttpError {
  return bodyTooLarge(limit, 'send fewer items per request')
}

/** Compressed bodies may grow to this many times the body limit, as on the Sentry endpoint. */
export const DECOMPRESSED_LIMIT_FACTOR = 8

// gzip, deflate and br as the Sentry endpoint takes them, with the same zip-bomb cap.
async function decoded(raw: Buffer, encoding: string | undefined, limit: number): Promise<Buffer> {
  if (encoding === undefined || encoding.trim() === '' || encoding.trim().toLowerCase() === 'identity')
    return raw
  try {
    return await decodeBody(raw, encoding, limit * DECOMPRESSED_LIMIT_FACTOR)
  } catch (error: unknown) {
    if (!(error instanceof SentryIngestError)) throw error
    if (error.reason === 'unsupported-encoding') {
      throw new HttpError(
        415,
        'unsupported_encoding',
        `${error.message}; send gzip, deflate, br or no Content-Encoding.`,
      )
    }
    if (error.reason === 'too-large')
      throw bodyTooLarge(limit * DECOMPRESSED_LIMIT_FACTOR, 'send fewer items per request')
    throw new HttpError(400, 'bad_compression', `${error.message}; check the Content-Encoding.`)
  }
}

/**
 * Reads the body's bytes exactly as sent (no decompression), stopping at `limit` bytes: what a signature
 * over the body (GitHub's `X-Hub-Signature-256`) is computed on.
 */
export async function readRawBody(c: Context, limit: number): Promise<Buffer> {
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
  return Buffer.concat(chunks, size)
}

/** Parses UTF-8 JSON bytes; a 400 naming what is wrong otherwise. */
export function parseJsonBytes(bytes: Buffer): unknown {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new HttpError(400, 'invalid_utf8', 'The body is not valid UTF-8; encode it as UTF-8 JSON.')
  }
  try {
    return JSON.parse(text)
  } catch (error: unknown) {
    const reason = error instanceof Error ? error.message : 'unparseable'
    throw new HttpError(400, 'invalid_json', `The body is not valid JSON (${reason}).`)
  }
}

/**
 * Reads the body as UTF-8 JSON (gzip, deflate or br bodies are decompressed) whatever the content type (`sendBeacon` sends `text/plain`), stopping
 * at `limit` bytes, and returns it sanitised for storage.
 */
export async function readJsonBody(c: Context, limit: number): Promise<unknown> {
  const raw = await readRawBody(c, limit)
  const bytes = await decoded(raw, c.req.header('content-encoding'), limit)
  return sanitizeJson(parseJsonBytes(bytes))
}
