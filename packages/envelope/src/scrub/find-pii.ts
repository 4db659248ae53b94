import { detectEmails, mayHaveEmail, PHONE_RULES } from './detect-contact.js'
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
} from './detect-credentials.js'
import {
  detectCards,
  detectIpv4s,
  detectIpv6s,
  mayHaveCard,
  mayHaveIpv4,
  mayHaveIpv6,
} from './detect-numbers.js'
import type { PiiSpan } from './types.js'

export interface DetectorRule {
  readonly detect: (text: string) => PiiSpan[]
  /**
   * A cheap necessary condition (a literal every match contains): when false, `detect` would find nothing,
   * so it is skipped. Most server-side text (stacks, messages, URLs) fails most gates, which is where the
   * scrub's speed comes from; `find-pii.test.ts` checks gated and ungated results are identical.
   */
  readonly mayMatch: (text: string) => boolean
}

/**
 * Detectors in priority order: when two spans overlap, the earlier detector wins, because it knows more
 * about the carrier (a JWT in an `Authorization: Bearer` header is a bearer token; a password in a URL is a
 * URL secret even when it looks like an email).
 */
export const DETECTORS: readonly DetectorRule[] = [
  { detect: detectUrlUserinfo, mayMatch: mayHaveUrlUserinfo },
  { detect: detectAuthorization, mayMatch: mayHaveAuthorization },
  { detect: detectQuerySecrets, mayMatch: mayHaveQuerySecret },
  { detect: detectJwts, mayMatch: mayHaveJwt },
  ...API_KEY_RULES.map(({ pattern, mayMatch }) => ({
    detect: (text: string) => detectApiKey(text, pattern),
    mayMatch,
  })),
  { detect: detectKeyValueSecrets, mayMatch: mayHaveKeyValueSecret },
  { detect: detectEmails, mayMatch: mayHaveEmail },
  { detect: detectCards, mayMatch: mayHaveCard },
  { detect: detectIpv4s, mayMatch: mayHaveIpv4 },
  { detect: detectIpv6s, mayMatch: mayHaveIpv6 },
  ...PHONE_RULES,
  { detect: detectContextualSecrets, mayMatch: mayHaveContextualSecret },
]

export function addSpan(accepted: PiiSpan[], span: PiiSpan): void {
  if (span.end <= span.start) return
  const overlapping = accepted.filter((a) => span.start < a.end && a.start < span.end)
  // A looser pattern of the same kind may see more of the value (`21 232 945 1338` vs `232 945 1338`).
  const widens = overlapping.every(
    (a) =>
      a.kind === span.kind &&
      span.start <= a.start &&
      a.end <= span.end &&
      span.end - span.start > a.end - a.start,
  )
  if (overlapping.length > 0 && !widens) return
  for (const a of overlapping) accepted.splice(accepted.indexOf(a), 1)
  accepted.push(span)
}

/**
 * The same spans as {@link findPii}, with every detector run whatever its gate says: the reference the
 * gated search is tested against.
 */
export function findPiiUngated(text: string): PiiSpan[] {
  const accepted: PiiSpan[] = []
  for (const rule of DETECTORS) for (const span of rule.detect(text)) addSpan(accepted, span)
  return accepted.sort((a, b) => a.start - b.start)
}

/** The spans `rules` find in `text`, earlier rules winning overlaps; rules whose gate fails are skipped. */
export function findWith(rules: readonly DetectorRule[], text: string): PiiSpan[] {
  const accepted: PiiSpan[] = []
  for (const rule of rules) {
    if (!rule.mayMatch(text)) continue
    for (const span of rule.detect(text)) addSpan(accepted, span)
  }
  return accepted.sort((a, b) => a.start - b.start)
}

/** Every personal or secret value in `text`, as non-overlapping spans sorted by position. */
export function findPii(text: string): PiiSpan[] {
  return findWith(DETECTORS, text)
}
