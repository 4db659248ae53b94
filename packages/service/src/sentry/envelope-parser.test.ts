import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseItemJson, parseSentryEnvelope } from './envelope-parser.js'
import { SentryIngestError } from './errors.js'

const enc = new TextEncoder()
const bytes = (s: string) => enc.encode(s)

function reasonOf(fn: () => unknown): string {
  try {
    fn()
  } catch (error: unknown) {
    if (error instanceof SentryIngestError) return error.reason
    throw error
  }
  return 'accepted'
}

describe('parseSentryEnvelope', () => {
  it('parses newline-delimited and length-prefixed items, as the SDK serialises them', () => {
    const event = JSON.stringify({ event_id: 'a'.repeat(32), message: 'héllo\nworld' })
    const eventBytes = bytes(event)
    const binary = new Uint8Array([0, 10, 255, 10, 13])
    const head = bytes(
      `{"event_id":"${'a'.repeat(32)}"}\n{"type":"event","length":${eventBytes.length}}\n${event}\n` +
        `{"type":"attachment","length":${binary.length},"filename":"x.bin"}\n`,
    )
    const tail = bytes('\n{"type":"client_report"}\n{"discarded_events":[]}\n')
    const body = new Uint8Array([...head, ...binary, ...tail])
    const envelope = parseSentryEnvelope(body)
    expect(envelope.header).toEqual({ event_id: 'a'.repeat(32) })
    expect(envelope.items.map((i) => i.type)).toEqual(['event', 'attachment', 'client_report'])
    expect(parseItemJson(envelope.items[0] as never, 0)).toEqual(JSON.parse(event))
    expect([...(envelope.items[1]?.payload ?? [])]).toEqual([...binary])
    expect(parseItemJson(envelope.items[2] as never, 2)).toEqual({ discarded_events: [] })
  })

  it('accepts a header-only envelope and a final payload without a trailing newline', () => {
    expect(parseSentryEnvelope(bytes('{}')).items).toEqual([])
    const env = parseSentryEnvelope(bytes('{}\n{"type":"session"}\n{"sid":"x"}'))
    expect(env.items).toHaveLength(1)
  })

  it('rejects a truncated length-prefixed item', () => {
    expect(reasonOf(() => parseSentryEnvelope(bytes('{}\n{"type":"event","length":50}\n{"a":1}')))).toBe(
      'malformed',
    )
  })

  it('rejects a length header that is shorter than the payload', () => {
    expect(reasonOf(() => parseSentryEnvelope(bytes('{}\n{"type":"event","length":3}\n{"a":1}\n')))).toBe(
      'malformed',
    )
  })

  it('rejects bad headers, bad lengths and missing types with a message naming the item', () => {
    for (const body of [
      'not json',
      '[]',
      '{}\n{"length":2}\n{}',
      '{}\n{"type":"event","length":-1}\n',
      '{}\n{"type":"event","length":"7"}\n',
      '{}\nnope\n',
      '',
      '\n\n',
    ]) {
      expect(
        reasonOf(() => parseSentryEnvelope(bytes(body))),
        body,
      ).toBe('malformed')
    }
    try {
      parseSentryEnvelope(bytes('{}\n{"type":"session"}\n{}\n{"type":7}\n{}'))
    } catch (error: unknown) {
      expect((error as Error).message).toContain('item 1 header')
    }
  })

  it('rejects oversized items and too many items with too-large', () => {
    const limits = { maxItems: 2, maxItemBytes: 10, maxAttachmentBytes: 15 }
    expect(reasonOf(() => parseSentryEnvelope(bytes('{}\n{"type":"event","length":11}\n'), limits))).toBe(
      'too-large',
    )
    expect(
      reasonOf(() => parseSentryEnvelope(bytes(`{}\n{"type":"event"}\n${'x'.repeat(11)}`), limits)),
    ).toBe('too-large')
    const three = '{}\n{"type":"a"}\n{}\n{"type":"b"}\n{}\n{"type":"c"}\n{}'
    expect(reasonOf(() => parseSentryEnvelope(bytes(three), limits))).toBe('too-large')
    // Attachments have their own, larger budget, shared by all of the envelope's attachments.
    const screenshot = `{}\n{"type":"feedback","length":2}\n{}\n{"type":"attachment","length":12}\n${'p'.repeat(12)}\n`
    expect(parseSentryEnvelope(bytes(screenshot), limits).items.map((i) => i.type)).toEqual([
      'feedback',
      'attachment',
    ])
    const two = `{}\n{"type":"attachment","length":8}\n${'p'.repeat(8)}\n{"type":"attachment"}\n${'q'.repeat(8)}`
    expect(reasonOf(() => parseSentryEnvelope(bytes(two), limits))).toBe('too-large')
  })

  it('round-trips any well-formed envelope (property)', () => {
    const item = fc.record({
      type: fc.constantFrom('event', 'attachment', 'session', 'replay_recording', 'x'),
      binary: fc.boolean(),
      data: fc.uint8Array({ maxLength: 64 }),
      json: fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 16 }), { maxKeys: 4 }),
    })
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), (items) => {
        const parts: number[] = [...bytes('{"sdk":{"name":"t"}}')]
        for (const it of items) {
          const payload = it.binary ? it.data : bytes(JSON.stringify(it.json))
          const header = it.binary ? { type: it.type, length: payload.length } : { type: it.type }
          parts.push(10, ...bytes(JSON.stringify(header)), 10, ...payload)
        }
        const parsed = parseSentryEnvelope(new Uint8Array(parts))
        expect(parsed.items.map((i) => i.type)).toEqual(items.map((i) => i.type))
        parsed.items.forEach((p, i) => {
          const src = items[i]
          if (src === undefined) throw new Error('length mismatch')
          if (src.binary) expect([...p.payload]).toEqual([...src.data])
          else expect(parseItemJson(p, i)).toEqual(JSON.parse(JSON.stringify(src.json)))
        })
      }),
      { numRuns: 300 },
    )
  })

  it('never throws anything but SentryIngestError on arbitrary bytes (fuzz)', () => {
    const prefix = fc.constantFrom('', '{}\n', '{}\n{"type":"event","length":', '{}\n{"type":"event"}\n')
    fc.assert(
      fc.property(prefix, fc.uint8Array({ maxLength: 200 }), (head, tail) => {
        const body = new Uint8Array([...bytes(head), ...tail])
        try {
          const env = parseSentryEnvelope(body, { maxItems: 20, maxItemBytes: 100, maxAttachmentBytes: 100 })
          for (const [i, item] of env.items.entries()) {
            try {
              parseItemJson(item, i)
            } catch (error: unknown) {
              expect(error).toBeInstanceOf(SentryIngestError)
            }
          }
        } catch (error: unknown) {
          expect(error).toBeInstanceOf(SentryIngestError)
        }
      }),
      { numRuns: 2000 },
    )
  })
})
