import type { MiddlewareHandler } from 'hono'
import { bodyLimit as honoBodyLimit } from 'hono/body-limit'
import { HttpError } from './http-error.js'

/** Dashboard forms are a key, a CSRF token and a few choices: 64 KiB is generous. */
export const DASHBOARD_BODY_LIMIT_BYTES = 64 * 1024

/**
 * The 413 every body limit answers with. `Connection: close` makes Node drop the connection after the
 * answer instead of reading (and discarding) the rest of an oversized body to keep the socket alive.
 */
export function bodyTooLarge(limit: number, hint = 'send less'): HttpError {
  return new HttpError(413, 'body_too_large', `The body is larger than ${limit} bytes; ${hint}.`, {
    headers: { Connection: 'close' },
  })
}

/**
 * Refuses bodies over `maxBytes` with 413: at once when `Content-Length` says so (Node's parser holds the
 * sender to it), else while streaming, stopping at the cap, so no route buffers an unbounded body.
 */
export function bodyLimit(maxBytes: number): MiddlewareHandler {
  return honoBodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw bodyTooLarge(maxBytes)
    },
  })
}
