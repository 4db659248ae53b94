import type { PiiSpan } from './types.js'

const EMAIL = /(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}(?![\w-])/g

export function mayHaveEmail(text: string): boolean {
  return text.includes('@')
}

export function detectEmails(text: string): PiiSpan[] {
  const spans: PiiSpan[] = []
  for (const m of text.matchAll(EMAIL)) {
    if (m.index === undefined) continue
    spans.push({ start: m.index, end: m.index + m[0].length, kind: 'email' })
  }
  return spans
}

const EXTENSION = String.raw`(?:\s?(?:x|ext\.?|#)\s?\d{1,6})?`
/** Shapes that are phone numbers on their own, whatever the surrounding words, each with a literal gate. */
const STRONG_PHONES: readonly { readonly pattern: RegExp; readonly mayMatch: (text: string) => boolean }[] = [
  // +1-944-435-4352x04732, +44 20 7946 0958, +49 (0)30 123456
  {
    pattern: new RegExp(
      String.raw`(?<![\w+])\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]?\d{2,4}){1,4}${EXTENSION}(?!\w)`,
      'g',
    ),
    mayMatch: (t) => t.includes('+'),
  },
  // 001-920-866-4851, (895)164-4839x7918, 625-124-2141, 438.812.1525
  {
    pattern: new RegExp(
      String.raw`(?<![\w.-])(?:00\d{1,2}[ .-])?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}${EXTENSION}(?![\w-]|\.\d)`,
      'g',
    ),
    mayMatch: (t) => NORTH_AMERICAN_TAIL.test(t),
  },
  // (027) 0336-972, (12) 3650-8833, (96) 627-277
  { pattern: /(?<![\w)])\(\d{2,4}\)\s?\d{3,4}[ -]\d{3,4}(?![\w-])/g, mayMatch: (t) => t.includes('(') },
]
// Every North-American shape ends like this.
const NORTH_AMERICAN_TAIL = /\d{3}[ .-]\d{4}/

const PHONE_CONTEXT =
  /\b(?:call(?:\s+me)?(?:\s+(?:at|on))?|phone|tel|telephone|mobile|cell|fax|office|desk|reach|whatsapp|sms|text me|contact|landline|home|work)\b/i
// The words of PHONE_CONTEXT (and of the trailing-word check) as plain substrings: absent, no weak phone.
const PHONE_CONTEXT_PART =
  /call|phone|tel|mobile|cell|fax|office|desk|reach|whatsapp|sms|text me|contact|landline|home|work/i
// Digit groups separated by spaces, dots or dashes (6–15 digits), or a bare run of 8–15 digits.
const WEAK_PHONE = /(?<![\w#.:/+-])(?:\d{2,5}(?:[ .-]\d{2,6}){1,4}|\d{8,15})(?![\w.:/-])/g
const DATE_LIKE = /^(?:\d{4}-\d{2}-\d{2}|\d{2}[./-]\d{2}[./-]\d{2,4}|\d{1,3}(?:\.\d{1,3}){1,3})$/

function detectStrongPhones(text: string, pattern: RegExp): PiiSpan[] {
  const spans: PiiSpan[] = []
  for (const m of text.matchAll(pattern)) {
    if (m.index === undefined) continue
    const digits = m[0].replace(/\D/g, '').length
    if (digits >= 7 && digits <= 20) spans.push({ start: m.index, end: m.index + m[0].length, kind: 'phone' })
  }
  return spans
}

function detectWeakPhones(text: string): PiiSpan[] {
  const spans: PiiSpan[] = []
  for (const m of text.matchAll(WEAK_PHONE)) {
    if (m.index === undefined) continue
    const value = m[0]
    const digits = value.replace(/\D/g, '').length
    if (digits < 6 || digits > 15 || DATE_LIKE.test(value)) continue
    const before = text.slice(Math.max(0, m.index - 30), m.index)
    const after = text.slice(m.index + value.length, m.index + value.length + 12)
    if (!PHONE_CONTEXT.test(before) && !/^\s*(?:office|fax|mobile|cell|tel|phone|home|work)\b/i.test(after))
      continue
    spans.push({ start: m.index, end: m.index + value.length, kind: 'phone' })
  }
  return spans
}

/** The phone detectors in order, each with a gate that is false only when it cannot find anything. */
export const PHONE_RULES: readonly {
  readonly detect: (text: string) => PiiSpan[]
  readonly mayMatch: (text: string) => boolean
}[] = [
  ...STRONG_PHONES.map(({ pattern, mayMatch }) => ({
    detect: (text: string) => detectStrongPhones(text, pattern),
    mayMatch,
  })),
  { detect: detectWeakPhones, mayMatch: (text: string) => PHONE_CONTEXT_PART.test(text) },
]

/**
 * Phone numbers: international and North-American shapes anywhere; looser digit groups (`0477 11 28 98`,
 * `22 498317`) only next to a word such as "call", "phone", "mobile", "fax" or "office", since without it
 * they are indistinguishable from counts, ids and versions.
 */
export function detectPhones(text: string): PiiSpan[] {
  return PHONE_RULES.flatMap((rule) => rule.detect(text))
}
