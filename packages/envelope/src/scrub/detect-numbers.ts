import { luhnValid } from './luhn.js'
import type { PiiSpan } from './types.js'

// 13–19 digits, optionally in groups separated by one space or dash.
const CARD_CANDIDATE = /(?<![\d.-])\d(?:[ -]?\d){12,18}(?![\d-]|\.\d)/g

// Digits that are part of a longer hex token (a SHA, a content hash) are not a card number.
function insideHexToken(text: string, start: number, end: number): boolean {
  let from = start
  let to = end
  while (from > 0 && /[0-9a-f]/i.test(text[from - 1] ?? '')) from--
  while (to < text.length && /[0-9a-f]/i.test(text[to] ?? '')) to++
  return to - from >= 20 && /[a-f]/i.test(text.slice(from, to))
}

function plausibleGrouping(raw: string): boolean {
  const groups = raw.split(/[ -]/)
  if (groups.length === 1) return true
  const lengths = groups.map((g) => g.length)
  const last = lengths.length - 1
  if (lengths.every((l, i) => l === 4 || (i === last && l >= 1 && l <= 7))) return true
  return (
    lengths[0] === 4 && lengths[1] === 6 && lengths.length === 3 && (lengths[2] === 5 || lengths[2] === 4)
  )
}

/** Payment card numbers: 13–19 digits, a card network's leading digit, card-like grouping and a valid Luhn sum. */
export function detectCards(text: string): PiiSpan[] {
  const spans: PiiSpan[] = []
  for (const m of text.matchAll(CARD_CANDIDATE)) {
    if (m.index === undefined) continue
    const digits = m[0].replace(/\D/g, '')
    if (!/^[2-6]/.test(digits) || !plausibleGrouping(m[0]) || !luhnValid(digits)) continue
    if (insideHexToken(text, m.index, m.index + m[0].length)) continue
    spans.push({ start: m.index, end: m.index + m[0].length, kind: 'card' })
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

export function detectIps(text: string): PiiSpan[] {
  const spans: PiiSpan[] = []
  for (const m of text.matchAll(IPV4)) {
    if (m.index === undefined || NOT_PERSONAL.has(m[0])) continue
    spans.push({ start: m.index, end: m.index + m[0].length, kind: 'ip' })
  }
  for (const m of text.matchAll(IPV6_CANDIDATE)) {
    if (m.index === undefined || !validIpv6(m[0])) continue
    spans.push({ start: m.index, end: m.index + m[0].length, kind: 'ip' })
  }
  return spans
}
