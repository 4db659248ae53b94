import { promisify } from 'node:util'
import {
  brotliDecompress,
  createBrotliDecompress,
  createGunzip,
  createInflate,
  gunzip,
  inflate,
  inflateRaw,
} from 'node:zlib'
import { SentryIngestError } from './errors.js'

const gunzipAsync = promisify(gunzip)
const inflateAsync = promisify(inflate)
const inflateRawAsync = promisify(inflateRaw)
const brotliAsync = promisify(brotliDecompress)

/**
 * Reads a request body, refusing it once more than `maxBytes` arrive, so an oversized upload is never
 * buffered whole (Content-Length may be absent or lie). The rest of a moderately oversized body is read
 * and dropped (up to `drainBytes`) so the client gets a clean 413 instead of a reset connection.
 */
export async function readBodyCapped(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  drainBytes = maxBytes * 8,
): Promise<Buffer> {
  if (body === null) return Buffer.alloc(0)
  const reader = body.getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    total += value.byteLength
    if (total > maxBytes) {
      if (total > drainBytes) {
        await reader.cancel().catch(() => undefined)
        break
      }
      continue
    }
    chunks.push(value)
  }
  if (total > maxBytes) {
    throw new SentryIngestError(
      'too-large',
      `request body is larger than ${maxBytes} bytes; send smaller envelopes`,
    )
  }
  return Buffer.concat(chunks, total)
}

function isTooLarge(error: unknown): boolean {
  return (
    error instanceof RangeError ||
    (typeof error === 'object' &&
      error !== null &&
      (error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE')
  )
}

async function decodeOne(data: Buffer, encoding: string, maxBytes: number): Promise<Buffer> {
  // maxOutputLength makes zlib stop inflating at the cap, so a zip bomb costs at most `maxBytes` of memory.
  const options = { maxOutputLength: maxBytes }
  try {
    switch (encoding) {
      case 'gzip':
      case 'x-gzip':
        return await gunzipAsync(data, options)
      case 'deflate':
        try {
          return await inflateAsync(data, options)
        } catch (error: unknown) {
          if (isTooLarge(error)) throw error
          // Some clients send raw DEFLATE without the zlib wrapper that RFC 9110 asks for.
          return await inflateRawAsync(data, options)
        }
      case 'br':
        return await brotliAsync(data, options)
      default:
        throw new SentryIngestError(
          'unsupported-encoding',
          `content-encoding "${encoding.slice(0, 40)}" is not supported; use gzip, deflate, br or none`,
        )
    }
  } catch (error: unknown) {
    if (error instanceof SentryIngestError) throw error
    if (isTooLarge(error)) {
      throw new SentryIngestError(
        'too-large',
        `decompressed body is larger than ${maxBytes} bytes; send smaller envelopes`,
      )
    }
    throw new SentryIngestError(
      'bad-compression',
      `body is not valid ${encoding} data; check content-encoding`,
    )
  }
}

/**
 * Undoes the request's `Content-Encoding` (a list is applied last-first, as RFC 9110 says), capping the
 * decompressed size at `maxBytes`.
 * @example
 * const raw = await decodeBody(await readBodyCapped(req.body, 1_000_000), req.headers.get('content-encoding'), 20_000_000)
 */
export async function decodeBody(data: Buffer, contentEncoding: string | null | undefined, maxBytes: number) {
  const encodings = (contentEncoding ?? '')
    .split(',')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '' && e !== 'identity')
  let out = data
  for (const encoding of encodings.reverse()) out = await decodeOne(out, encoding, maxBytes)
  if (out.length > maxBytes) {
    throw new SentryIngestError('too-large', `body is larger than ${maxBytes} bytes; send smaller envelopes`)
  }
  return out
}

/**
 * The body's first line (an envelope's header), decompressing only as far as it: a tunnel must read the
 * DSN, and so check the key, before it inflates megabytes for a sender it may refuse. Undefined when the
 * encoding is a list, unknown, or no newline comes within `maxBytes` (the caller decodes it all then).
 */
export async function firstLine(
  data: Buffer,
  contentEncoding: string | null | undefined,
  maxBytes = 64 * 1024,
): Promise<Buffer | undefined> {
  const encoding = (contentEncoding ?? '').trim().toLowerCase()
  const cut = (buffer: Buffer) => {
    const end = buffer.indexOf(0x0a)
    return end < 0 ? undefined : buffer.subarray(0, end)
  }
  if (encoding === '' || encoding === 'identity') return cut(data.subarray(0, maxBytes))
  const stream =
    encoding === 'gzip' || encoding === 'x-gzip'
      ? createGunzip()
      : encoding === 'deflate'
        ? createInflate()
        : encoding === 'br'
          ? createBrotliDecompress()
          : undefined
  if (stream === undefined) return undefined
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    let size = 0
    const finish = (value: Buffer | undefined) => {
      stream.removeAllListeners('data')
      stream.destroy()
      resolve(value)
    }
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk)
      size += chunk.length
      const line = cut(Buffer.concat(chunks, size))
      if (line !== undefined) finish(line)
      else if (size >= maxBytes) finish(undefined)
    })
    stream.on('error', () => finish(undefined))
    stream.on('end', () => finish(undefined))
    stream.end(data)
  })
}
