import type { Envelope } from '../../schema/envelope.js'
import { scrubEnvelopesWith, scrubEnvelopeWith } from '../scrub-envelope.js'
import { scrubTextWith } from '../scrub-text.js'
import { findPiiThorough } from './find-pii-thorough.js'

/** Real text settles in two passes; the bound only stops adversarial input from looping. */
const MAX_PASSES = 4

/**
 * The server's scrubber: {@link scrubText}'s placeholders for everything {@link findPiiThorough} finds.
 * Idempotent, and a superset of the browser scrubber, so applying it to text the SDK already scrubbed is safe.
 * @example
 * scrubTextThorough('Llámame al (11) 98765-4321 ext. 12') // 'Llámame al [phone]'
 */
export function scrubTextThorough(text: string): string {
  // Scrubbed again until nothing changes: a placeholder changes what is next to a number (`002026-11-23(`
  // before a phone number is no candidate; before `[phone]` it is one), so one pass over hostile text is
  // not always idempotent, and text scrubbed twice (SDK, then ingest, then a prompt) must read the same.
  // Text without personal data takes one pass; a few more passes are bounded.
  let current = text
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const next = scrubTextWith(current, findPiiThorough)
    if (next === current) return next
    current = next
  }
  return current
}

/**
 * {@link scrubTextThorough} for a URL (userinfo passwords, secret query parameters, and PII anywhere in it).
 * @example
 * scrubUrlThorough('https://x.test/cb?phone=%2B4930123456&token=abc123def') // '…?phone=[phone]&token=[secret]'
 */
export function scrubUrlThorough(url: string): string {
  return scrubTextThorough(url)
}

/**
 * {@link scrubEnvelope} with the thorough scrubber: every free-text field of an envelope. Ingest runs this
 * before storage, prompts and tickets.
 * @example
 * const stored = scrubEnvelopeThorough(parsed.value)
 */
export function scrubEnvelopeThorough<T extends Envelope>(envelope: T): T {
  return scrubEnvelopeWith(envelope, scrubTextThorough)
}

/**
 * {@link scrubEnvelopes} with the thorough scrubber: a batch, each distinct string scrubbed once.
 * @example
 * const stored = scrubEnvelopesThorough(batch)
 */
export function scrubEnvelopesThorough<T extends Envelope>(envelopes: readonly T[]): T[] {
  return scrubEnvelopesWith(envelopes, scrubTextThorough)
}
