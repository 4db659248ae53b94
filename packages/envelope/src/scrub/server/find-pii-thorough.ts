import { detectEmails, mayHaveEmail, PHONE_RULES } from '../detect-contact.js'
import {
  API_KEY_RULES,
  detectApiKey,
  detectAuthorization,
  detectContextualSecrets,
  detectJwts,
  detectKeyValueSecrets,
  detectQuerySecrets,
  detectUrlUserinfo,
  mayHaveAuthorization,
  mayHaveContextualSecret,
  mayHaveJwt,
  mayHaveKeyValueSecret,
  mayHaveQuerySecret,
  mayHaveUrlUserinfo,
} from '../detect-credentials.js'
import {
  detectCards,
  detectIpv4s,
  detectIpv6s,
  mayHaveCard,
  mayHaveIpv4,
  mayHaveIpv6,
} from '../detect-numbers.js'
import { type DetectorRule, findWith } from '../find-pii.js'
import type { PiiSpan } from '../types.js'
import { detectPhoneNumbers } from './detect-phones.js'
import { detectKeyedHex, mayHaveKeyedHex, VENDOR_KEY_RULES } from './detect-vendor-keys.js'

/**
 * The browser scrubber's detectors in the same priority order, plus what is too heavy for the browser:
 * libphonenumber's metadata for phone numbers of every region, more vendor key formats, private key blocks
 * and hex keys named by a nearby word. Everything the light scrubber removes, this removes too, so text
 * the SDK scrubbed comes out of the server unchanged apart from what only the server can see.
 */
export const THOROUGH_DETECTORS: readonly DetectorRule[] = [
  { detect: detectUrlUserinfo, mayMatch: mayHaveUrlUserinfo },
  { detect: detectAuthorization, mayMatch: mayHaveAuthorization },
  { detect: detectQuerySecrets, mayMatch: mayHaveQuerySecret },
  { detect: detectJwts, mayMatch: mayHaveJwt },
  ...API_KEY_RULES.map(({ pattern, mayMatch }) => ({
    detect: (text: string) => detectApiKey(text, pattern),
    mayMatch,
  })),
  ...VENDOR_KEY_RULES,
  { detect: detectKeyValueSecrets, mayMatch: mayHaveKeyValueSecret },
  { detect: detectKeyedHex, mayMatch: mayHaveKeyedHex },
  { detect: detectEmails, mayMatch: mayHaveEmail },
  { detect: detectCards, mayMatch: mayHaveCard },
  { detect: detectIpv4s, mayMatch: mayHaveIpv4 },
  { detect: detectIpv6s, mayMatch: mayHaveIpv6 },
  { detect: detectPhoneNumbers, mayMatch: (text: string) => /\d{2}/.test(text) },
  ...PHONE_RULES,
  { detect: detectContextualSecrets, mayMatch: mayHaveContextualSecret },
]

/**
 * Every personal or secret value in `text` the server can find, as non-overlapping spans sorted by
 * position: {@link findPii}'s plus phone numbers of every region, more vendor keys and named hex keys.
 * @example
 * findPiiThorough('Rufen Sie 030 1234567 an') // [{ start: 10, end: 21, kind: 'phone' }]
 */
export function findPiiThorough(text: string): PiiSpan[] {
  if (typeof text !== 'string' || text === '') return []
  return findWith(THOROUGH_DETECTORS, text)
}
