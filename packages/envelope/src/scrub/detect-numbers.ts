import { luhnValid } from './luhn.js'
import type { PiiSpan } from './types.js'

// Runs of digit groups separated by one space or dash; card numbers are searched for inside them.
const DIGIT_RUN = /(?<![\d.])\d+(?:[ -]\d+)*(?!\.\d)/g

function plausibleGrouping(groups: readonly string[]): boolean {
  if (groups.length === 1) return true
  const lengths = groups.map((g) => g.length)
  const last = lengths.length - 1
  if (lengths.every((l, i) => l === 4 || (i === last && l >= 1 && l <= 7))) return true
  return (
    lengths[0] === 4 && lengths[1] === 6 && lengths.length === 3 && (lengths[2] === 5 || lengths[2] === 4)
  )
}

// Digits that are part of a longer hex token (a SHA, a content hash) are not a card number.
function insideHexToken(text: string, start: number, end: number): boolean {
  let from = start
  let to = end
  while (from > 0 && /[0-9a-f]/i.test(text[from - 1] ?? '')) from--
  while (to < text.length && /[0-9a-f]/i.test(text[to] ?? '')) to++
  return to - from >= 20 && /[a-f]/i.test(text.slice(from, to))
}

function isCard(groups: readonly string[]): boolean {
  const digits = groups.join('')
  return (
    digits.length >= 13 &&
    digits.length <= 19 &&
    /^[2-6]/.test(digits) &&
    plausibleGrouping(groups) &&
    luhnValid(digits)
  )
}

/**
 * Gate: the most digits in one run of digit groups joined by single spaces or dashes. A card needs 13;
 * counting them is a fraction of the cost of the run pattern and its per-group search.
 */
export function mayHaveCard(text: string): boolean {
  let run = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) {
      if (++run >= 13) return true
    } else if ((c === 32 || c === 45) && run > 0) {
      const next = text.charCodeAt(i + 1)
      if (!(next >= 48 && next <= 57)) run = 0
    } else {
      run = 0
    }
  }
  return false
}

/**
 * Payment card numbers: 13–19 digits, a card network's leading digit, card-like grouping (`4242 4242 4242 4242`,
 * `3782-822463-10005`, or none) and a valid Luhn sum. Neighbouring numbers in the same run (`id 7 4242…`) are
 * tried group by group, so they cannot hide a card.
 */
export function detectCards(text: string): PiiSpan[] {
  const spans: PiiSpan[] = []
  for (const run of text.matchAll(DIGIT_RUN)) {
    if (run.index === undefined) continue
    const groups: { text: string; start: number }[] = []
    for (const g of run[0].matchAll(/\d+/g)) groups.push({ text: g[0], start: run.index + (g.index ?? 0) })
    for (let i = 0; i < groups.length; i++) {
      // Longest card-shaped stretch of groups starting at group i.
      for (let j = Math.min(groups.length - 1, i + 18); j >= i; j--) {
        const stretch = groups.slice(i, j + 1)
        if (!isCard(stretch.map((g) => g.text))) continue
        const first = stretch[0]
        const last = stretch.at(-1)
        if (!first || !last) continue
        const end = last.start + last.text.length
        if (insideHexToken(text, first.start, end)) continue
        spans.push({ start: first.start, end, kind: 'card' })
        i = j
        break
      }
    }
  }
  return spans
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)'
const IPV4 = new RegExp(`(?<![\\w.])${OCTET}(?:\\.${OCTET}){3}(?![\\w]|\\.\\d)`, 'g')
const IPV6_CANDIDATE =
  /(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{0,4}|\d{1,3}(?:\.\d{1,3}){3})(?![\w:])/gi
// Loopback and unspecified addresses identify no one.
const NOT_PERSONAL = new Set(['127.0.0.1', '0.0.0.0', '::1', '::'])

function validIpv6(text: string): boolean {
  if (NOT_PERSONAL.has(text)) return false
  const doubleColons = text.split('::').length - 1
  if (doubleColons > 1) return false
  const groups = text.split(':').filter((g) => g !== '')
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g) && !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(g))) return false
  if (doubleColons === 0)
    return groups.length === 8 || (groups.length === 7 && groups.at(-1)?.includes('.') === true)
  // `Feed::add` is C++, not an address: a compressed address has a digit somewhere.
  return groups.length >= 2 && groups.length <= 7 && /\d/.test(text)
}

// Necessary shapes: four dotted digit groups; two colons with at most four hex digits between them.
const IPV4_HINT = /\d\.\d{1,3}\.\d{1,3}\.\d/
const IPV6_HINT = /[0-9a-f]{0,4}:[0-9a-f]{0,4}:/i

export function mayHaveIpv4(text: string): boolean {
  return text.includes('.') && IPV4_HINT.test(text)
}

export function mayHaveIpv6(text: string): boolean {
  return text.includes(':') && IPV6_HINT.test(text)
}

// `version 1.2.3.4`, `Chrome/120.0.1.2`: four dotted numbers after a version word are a version.
const VERSION_BEFORE = /(?:\bv|version|ver\.?|release|build|[a-z]\/)\s*$/i

export function detectIpv4s(text: string): PiiSpan[] {
  const spans: PiiSpan[] = []
  for (const m of text.matchAll(IPV4)) {
    if (m.index === undefined || NOT_PERSONAL.has(m[0])) continue
    if (VERSION_BEFORE.test(text.slice(Math.max(0, m.index - 12), m.index))) continue
    spans.push({ start: m.index, end: m.index + m[0].length, kind: 'ip' })
  }
  return spans
}

export function detectIpv6s(text: string): PiiSpan[] {
  const spans: PiiSpan[] = []
  for (const m of text.matchAll(IPV6_CANDIDATE)) {
    if (m.index === undefined || !validIpv6(m[0])) continue
    spans.push({ start: m.index, end: m.index + m[0].length, kind: 'ip' })
  }
  return spans
}

export function detectIps(text: string): PiiSpan[] {
  return [...detectIpv4s(text), ...detectIpv6s(text)]
}
