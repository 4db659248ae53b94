import { SentryIngestError } from './errors.js'

const NEWLINE = 0x0a

/** One item of a Sentry envelope: its header (with `type`) and its raw payload bytes. */
export interface SentryEnvelopeItem {
  readonly type: string
  readonly header: Readonly<Record<string, unknown>>
  readonly payload: Uint8Array
}

/** A parsed Sentry envelope. Payloads stay bytes: only the items Suture maps are ever decoded. */
export interface SentryEnvelope {
  readonly header: Readonly<Record<string, unknown>>
  readonly items: readonly SentryEnvelopeItem[]
}

export interface SentryEnvelopeLimits {
  /** Most items in one envelope. */
  readonly maxItems: number
  /** Largest single item payload other than an attachment (an event, feedback, …), in bytes. */
  readonly maxItemBytes: number
  /** Largest total of the envelope's `attachment` items (a feedback screenshot is one), in bytes. */
  readonly maxAttachmentBytes: number
}

/**
 * Sentry's documented limits: an event at most 1 MB decompressed, and at most 100 MB of uncompressed
 * attachments per event (docs.sentry.io, "Size Limits" and "Attachments"; Relay counts MiB).
 */
export const DEFAULT_SENTRY_ENVELOPE_LIMITS: SentryEnvelopeLimits = {
  maxItems: 100,
  maxItemBytes: 1_000_000,
  maxAttachmentBytes: 100 * 1024 * 1024,
}

const decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false })

function parseJsonObject(bytes: Uint8Array, what: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(decoder.decode(bytes))
  } catch {
    throw new SentryIngestError('malformed', `${what} is not valid JSON`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SentryIngestError('malformed', `${what} must be a JSON object`)
  }
  return value as Record<string, unknown>
}

/** Decodes an item payload as a JSON object (event, feedback, user_report). */
export function parseItemJson(item: SentryEnvelopeItem, index: number): Record<string, unknown> {
  return parseJsonObject(item.payload, `item ${index} (${item.type.slice(0, 40)}) payload`)
}

function isBlank(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i += 1) {
    const b = bytes[i]
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== NEWLINE) return false
  }
  return true
}

/**
 * Parses Sentry's envelope format: a JSON header line, then for each item a JSON header line and a
 * payload that is either exactly `length` bytes (binary-safe) or runs to the next newline. The whole
 * envelope is checked before anything is returned, so a bad item late in the body rejects it all and
 * nothing is half-stored.
 * @example
 * const envelope = parseSentryEnvelope(body)
 * for (const item of envelope.items) if (item.type === 'event') handle(parseItemJson(item, 0))
 */
export function parseSentryEnvelope(
  body: Uint8Array,
  limits: SentryEnvelopeLimits = DEFAULT_SENTRY_ENVELOPE_LIMITS,
): SentryEnvelope {
  let offset = 0
  const lineEnd = (from: number): number => {
    const i = body.indexOf(NEWLINE, from)
    return i < 0 ? body.length : i
  }

  if (body.length === 0 || isBlank(body, 0)) throw new SentryIngestError('malformed', 'envelope is empty')
  const headerEnd = lineEnd(0)
  const header = parseJsonObject(body.subarray(0, headerEnd), 'envelope header')
  offset = headerEnd + 1

  const items: SentryEnvelopeItem[] = []
  let attachmentBytes = 0
  while (offset < body.length) {
    // A trailing newline (or whitespace) after the last item is allowed, as in Relay.
    if (isBlank(body, offset)) break
    const index = items.length
    if (index >= limits.maxItems) {
      throw new SentryIngestError('too-large', `envelope has more than ${limits.maxItems} items; split it`)
    }
    const itemHeaderEnd = lineEnd(offset)
    const itemHeader = parseJsonObject(body.subarray(offset, itemHeaderEnd), `item ${index} header`)
    const type = itemHeader.type
    if (typeof type !== 'string' || type.length === 0) {
      throw new SentryIngestError('malformed', `item ${index} header: "type" must be a non-empty string`)
    }
    offset = itemHeaderEnd + 1
    const attachment = type === 'attachment'
    const cap = attachment ? limits.maxAttachmentBytes - attachmentBytes : limits.maxItemBytes
    const tooLarge = () =>
      new SentryIngestError(
        'too-large',
        attachment
          ? `attachments add up to more than ${limits.maxAttachmentBytes} bytes`
          : `item ${index} (${type.slice(0, 40)}) is larger than ${limits.maxItemBytes} bytes`,
      )

    const length = itemHeader.length
    let payload: Uint8Array
    if (length !== undefined && length !== null) {
      if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0) {
        throw new SentryIngestError(
          'malformed',
          `item ${index} header: "length" must be a non-negative integer`,
        )
      }
      if (length > cap) throw tooLarge()
      if (offset + length > body.length) {
        throw new SentryIngestError(
          'malformed',
          `item ${index} is truncated: header says ${length} bytes, ${Math.max(0, body.length - offset)} remain`,
        )
      }
      payload = body.subarray(offset, offset + length)
      offset += length
      if (offset < body.length) {
        if (body[offset] !== NEWLINE) {
          throw new SentryIngestError(
            'malformed',
            `item ${index}: payload is longer than its "length" header (${length} bytes)`,
          )
        }
        offset += 1
      }
    } else {
      const payloadEnd = lineEnd(offset)
      if (payloadEnd - offset > cap) throw tooLarge()
      payload = body.subarray(Math.min(offset, body.length), payloadEnd)
      offset = payloadEnd + 1
    }
    if (attachment) attachmentBytes += payload.length
    items.push({ type, header: itemHeader, payload })
  }
  return { header, items }
}
