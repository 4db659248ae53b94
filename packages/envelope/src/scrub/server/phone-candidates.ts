/**
 * Finding digit sequences that could be phone numbers, and rejecting the shapes that only look like one:
 * dates, times, IP addresses, versions, amounts, ids inside words, line:column pairs. No metadata here —
 * what is left is judged by `detect-phones.ts` with libphonenumber.
 */

export interface PhoneCandidate {
  /** `[start, end)` in the text, extension included. */
  readonly start: number
  readonly end: number
  readonly text: string
  /** `text` without its extension. */
  readonly number: string
  /** The digits of the number without its extension. */
  readonly digits: string
  /** Written with `+`, `00` or `011` in front: the country calling code is part of the number. */
  readonly international: boolean
  /** Two or more digit groups (separators or an area code in parentheses), as people write numbers. */
  readonly grouped: boolean
  readonly extension: string | null
}

const SEP = String.raw`(?:[ \u00A0]?[.\-/\u2010-\u2015][ \u00A0]?|[ \u00A0])`
const EXT = String.raw`(?:[ \u00A0]?,?[ \u00A0]?(?:ext\.?|extension|ext\s*no\.?|x|#|poste|ramal|durchwahl|dw\.?)[ \u00A0]?:?[ \u00A0]?\d{1,6})`
/**
 * A run of digit groups with an optional `+`/`00`/`011` prefix, area code in parentheses and extension.
 * It must not continue a word, a path, a decimal or a `file:line:column`, which is where most digits in
 * stacks and messages live.
 */
const CANDIDATE = new RegExp(
  String.raw`(?<![\w+@$%&*\\/.:=#-])(?<!\d[,.])(?:\+[ \u00A0]?|(?:00|011)${SEP}?)?` +
    String.raw`(?:\(\+?\d{1,5}(?:[-. ]\d{1,5})?\)${SEP}?|\(0\)${SEP}?)?\d{1,15}` +
    String.raw`(?:(?:${SEP}|${SEP}?\(\d{1,6}\)${SEP}?)\d{1,8}){0,7}${EXT}?` +
    String.raw`(?![\w@%\\+]|[.,:/-]\d|\(\d)`,
  'gi',
)
// Parameters and labels whose value is a phone number even when the value is a bare digit run.
const PHONE_PARAM = /(?:phone|tel|mobile|cell|fax|whatsapp|sms|msisdn|contact)[\w-]*["']?\s*[=:]\s*["']?$/i

export function findPhoneCandidates(text: string): PhoneCandidate[] {
  const found: PhoneCandidate[] = []
  for (const m of text.matchAll(CANDIDATE)) {
    if (m.index === undefined) continue
    const raw = m[0].replace(/[ \u00A0]+$/, '')
    const ext = new RegExp(`${EXT}$`, 'i').exec(raw)
    const number = ext ? raw.slice(0, raw.length - ext[0].length) : raw
    const digits = number.replace(/\D/g, '')
    if (digits.length < 5 || digits.length > 17) continue
    const international = /^(?:\+|00|011)/.test(number) && !/^0{3}/.test(digits)
    found.push({
      start: m.index,
      end: m.index + raw.length,
      text: raw,
      number,
      digits,
      international,
      grouped: /\d\D+\d/.test(number.replace(/^(?:\+|00[ .-]?|011[ .-]?)/, '')),
      extension: ext ? (ext[0].match(/\d+$/)?.[0] ?? null) : null,
    })
  }
  return found
}

/** Whether the text just before a candidate names it as a phone (`tel:`, `?phone=`, `"mobile": "`). */
export function labelledAsPhone(before: string): boolean {
  return /\btel:$/i.test(before) || PHONE_PARAM.test(before)
}

const DATE = [
  /^(\d{4})[-./ ](\d{1,2})[-./ ](\d{1,2})$/, // 2026-11-23, 2026.11.23, 2026/11/23
  /^(\d{1,2})[-./ ](\d{1,2})[-./ ](\d{4}|\d{2})$/, // 23.11.2026, 11/23/26
]
const THOUSANDS = /^\d{1,3}(?:([ \u00A0.,])\d{3})(?:\1\d{3})*$/
const UNIT_AFTER =
  /^\s*(?:%|€|\$|£|¥|₹|usd|eur|gbp|chf|jpy|kr|sek|nok|dkk|pln|brl|ars|mxn|ms|s\b|sec|secs|seconds|min|bytes?|b\b|kb|mb|gb|tb|kib|mib|gib|px|rows?|items?|records?|users?|requests?|events?|times|tokens?|km|kg|mi\b|m\b|lines?|files?|points?|pts)/i
const CURRENCY_BEFORE = /(?:[$€£¥₹]|usd|eur|gbp|chf|r\$|brl|total|amount|price|cost|balance|sum)\s*:?\s*$/i

/**
 * Shapes that are something else: calendar dates, dotted quads, versions, round amounts next to a unit or
 * currency, and runs of one digit (`0000000`, placeholders). `before`/`after` are the neighbouring text.
 */
export function looksLikeNonPhone(candidate: PhoneCandidate, before: string, after: string): boolean {
  const { text, digits } = candidate
  if (/^(\d)\1+$/.test(digits)) return true
  for (const date of DATE) {
    const m = date.exec(text)
    if (!m) continue
    const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])]
    if (m[1]?.length === 4 && b >= 1 && b <= 12 && c >= 1 && c <= 31) return true
    if (m[1]?.length !== 4 && ((a <= 31 && b <= 12) || (a <= 12 && b <= 31)) && a >= 1 && b >= 1) return true
  }
  // A dotted quad is an address unless an octet has a leading zero, which addresses never have and dotted
  // phone numbers often do (`040.123.45.67`, `77.83.10.01`).
  if (
    /^\d{1,3}(?:\.\d{1,3}){3}$/.test(text) &&
    text.split('.').every((o) => Number(o) <= 255 && !/^0\d/.test(o))
  )
    return true
  // `17.14.12`: three small dotted numbers (six digits at most) are a semantic version, not a phone number.
  if (/^\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(text) && digits.length <= 6) return true
  // Versions: dotted groups with something version-ish around (`v`, `version`, `@`, `node`).
  if (/^\d+(?:\.\d+){1,3}$/.test(text) && /(?:\bv|version|release|build|node|npm|@)\s*$/i.test(before))
    return true
  if (THOUSANDS.test(text) && (UNIT_AFTER.test(after) || CURRENCY_BEFORE.test(before))) return true
  // A bare 10- or 13-digit number starting with 1: Unix time in seconds or milliseconds.
  if (!candidate.grouped && !candidate.international && /^1[4-9]\d{8}(?:\d{3})?$/.test(digits)) return true
  return false
}
