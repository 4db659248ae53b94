import type { Envelope } from '../../schema/envelope.js'
import { scrubEnvelopesWith, scrubEnvelopeWith } from '../scrub-envelope.js'
import { scrubTextWith } from '../scrub-text.js'
import { findPiiThorough } from './find-pii-thorough.js'

/**
 * The server's scrubber: {@link scrubText}'s placeholders for everything {@link findPiiThorough} finds.
 * Idempotent, and a superset of the browser scrubber, so applying it to text the SDK already scrubbed is safe.
 * @example
 * scrubTextThorough('Llámame al (11) 98765-4321 ext. 12') // 'Llámame al [phone]'
 */
export function scrubTextThorough(text: string): string {
  return scrubTextWith(text, findPiiThorough)
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
