import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { decodeBody, readBodyCapped } from './body.js'
import { SentryIngestError } from './errors.js'

async function reasonOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error: unknown) {
    if (error instanceof SentryIngestError) return error.reason
    throw error
  }
  return 'accepted'
}

const text = Buffer.from('{"event_id":"x"}\n{"type":"event"}\n{"message":"hi"}')

describe('decodeBody', () => {
  it('undoes gzip, deflate (zlib and raw), br and identity', async () => {
    expect(await decodeBody(gzipSync(text), 'gzip', 1000)).toEqual(text)
    expect(await decodeBody(deflateSync(text), 'deflate', 1000)).toEqual(text)
    expect(await decodeBody(deflateRawSync(text), 'Deflate', 1000)).toEqual(text)
    expect(await decodeBody(brotliCompressSync(text), 'br', 1000)).toEqual(text)
    expect(await decodeBody(text, 'identity', 1000)).toEqual(text)
    expect(await decodeBody(text, null, 1000)).toEqual(text)
    expect(await decodeBody(brotliCompressSync(gzipSync(text)), 'gzip, br', 1000)).toEqual(text)
  })

  it('stops a zip bomb at the cap with too-large', async () => {
    const bomb = gzipSync(Buffer.alloc(50_000_000))
    expect(bomb.length).toBeLessThan(100_000)
    expect(await reasonOf(decodeBody(bomb, 'gzip', 1_000_000))).toBe('too-large')
    expect(await reasonOf(decodeBody(brotliCompressSync(Buffer.alloc(5_000_000)), 'br', 1_000_000))).toBe(
      'too-large',
    )
    expect(await reasonOf(decodeBody(deflateSync(Buffer.alloc(5_000_000)), 'deflate', 1_000_000))).toBe(
      'too-large',
    )
    expect(await reasonOf(decodeBody(Buffer.alloc(2000), undefined, 1000))).toBe('too-large')
  })

  it('answers bad-compression for corrupt data and unsupported-encoding for unknown codings', async () => {
    expect(await reasonOf(decodeBody(text, 'gzip', 1000))).toBe('bad-compression')
    expect(await reasonOf(decodeBody(gzipSync(text).subarray(0, 20), 'gzip', 1000))).toBe('bad-compression')
    expect(await reasonOf(decodeBody(text, 'br', 1000))).toBe('bad-compression')
    expect(await reasonOf(decodeBody(text, 'zstd', 1000))).toBe('unsupported-encoding')
  })
})

describe('readBodyCapped', () => {
  it('reads a body and refuses one over the cap without buffering it all', async () => {
    expect(await readBodyCapped(new Response('hello').body, 10)).toEqual(Buffer.from('hello'))
    expect(await readBodyCapped(null, 10)).toEqual(Buffer.alloc(0))
    let pulled = 0
    const endless = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += 1
          controller.enqueue(new Uint8Array(1024))
        },
      })
    expect(await reasonOf(readBodyCapped(endless(), 10_000))).toBe('too-large')
    expect(pulled).toBeLessThan(100)
    pulled = 0
    expect(await reasonOf(readBodyCapped(endless(), 10_000, 10_000))).toBe('too-large')
    expect(pulled).toBeLessThan(20)
  })
})
