import { detectEmails, detectPhones } from './detect-contact.js'
import {
  detectApiKeys,
  detectAuthorization,
  detectContextualSecrets,
  detectJwts,
  detectKeyValueSecrets,
  detectQuerySecrets,
  detectUrlUserinfo,
} from './detect-credentials.js'
import { detectCards, detectIps } from './detect-numbers.js'
import type { PiiSpan } from './types.js'

/**
 * Detectors in priority order: when two spans overlap, the earlier detector wins, because it knows more
 * about the carrier (a JWT in an `Authorization: Bearer` header is a bearer token; a password in a URL is a
 * URL secret even when it looks like an email).
 */
const DETECTORS: readonly ((text: string) => PiiSpan[])[] = [
  detectUrlUserinfo,
  detectAuthorization,
  detectQuerySecrets,
  detectJwts,
  detectApiKeys,
  detectKeyValueSecrets,
  detectEmails,
  detectCards,
  detectIps,
  detectPhones,
  detectContextualSecrets,
]

/** Every personal or secret value in `text`, as non-overlapping spans sorted by position. */
export function findPii(text: string): PiiSpan[] {
  const accepted: PiiSpan[] = []
  for (const detect of DETECTORS) {
    for (const span of detect(text)) {
      if (span.end <= span.start) continue
      const overlapping = accepted.filter((a) => span.start < a.end && a.start < span.end)
      // A looser pattern of the same kind may see more of the value (`21 232 945 1338` vs `232 945 1338`).
      const widens = overlapping.every(
        (a) =>
          a.kind === span.kind &&
          span.start <= a.start &&
          a.end <= span.end &&
          span.end - span.start > a.end - a.start,
      )
      if (overlapping.length > 0 && !widens) continue
      for (const a of overlapping) accepted.splice(accepted.indexOf(a), 1)
      accepted.push(span)
    }
  }
  return accepted.sort((a, b) => a.start - b.start)
}
