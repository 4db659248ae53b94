// The browser's scrubber: what must never leave the page (emails, card numbers, phone numbers, tokens
// in URLs and headers), in about a kilobyte. The server runs the thorough scrubber before anything is
// stored; this one only has to be safe to run everywhere and to never need a second look. Every pattern
// is anchored (a lookbehind, \b or a literal) and its repeats are bounded, so a long run of word
// characters (a base64 blob in a message) is scanned in linear time.

// Card networks start with 2–6 (which also spares millisecond timestamps, 1…).
const CARD = /(?<![\w.-])[2-6](?:[ -]?\d){12,18}(?![\w-]|\.\d)/g
const EMAIL = /(?<![\w.%+-])[\w.%+-]{1,64}@[a-z\d-]{1,63}(?:\.[a-z\d-]{1,63}){0,8}\.[a-z]{2,24}/gi
const JWT = /\beyJ[\w-]{10,}\.[\w-]{10,}(?:\.[\w-]*)?/g
// `Authorization: Bearer …`, `Basic …`.
const SCHEME = /\b(bearer|basic)(\s+)[\w~+/.=-]{8,}/gi
// `token=…`, `"password": "…"`, `api_key: …` in query strings, headers, JSON and log lines.
const NAMED =
  /((?:[?&#;](?:code|state|sig|key)|(?<![\w-])[\w-]{0,32}(?:token|secret|passw(?:or)?d|pwd|api[_-]?key|apikey|session|signature|credential|access[_-]?key)[\w-]{0,32})["']?\s*[=:]\s*["']?)(?![[$])[^\s"'&#,;)]+/gi
// `scheme://user:password@host`: up to the last `@` (passwords may hold one).
const USERINFO = /(\/\/[^\s/:@]+:)[^\s/]+@/g
// Keys whose shape names their issuer: Stripe, OpenAI, GitHub, Slack, AWS, Notion.
const API_KEY =
  /\b(?:[rsp]k_(?:live|test)_\w{10,}|sk-[\w-]{20,}|gh[pousr]_\w{30,}|xox[abpr]-[\w-]{10,}|AKIA[\dA-Z]{16}|ntn_\w{30,})/g
// Digit groups (`+1 (415) 555-0100`, `0477 11 28 98`, `438.812.1525`, `…x123`): 7–15 digits.
const PHONE =
  /(?<![\w.+/:#-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\) ?)?\d{2,4}(?:[ .-]\d{2,6}){1,4}(?:x\d{1,6})?(?![\w-]|\.\d)/g

function luhn(match: string): boolean {
  const digits = match.replace(/\D/g, '')
  let sum = 0
  for (let i = 0; i < digits.length; i++) {
    const d = +(digits[digits.length - 1 - i] ?? 0) * (1 + (i % 2))
    sum += d > 9 ? d - 9 : d
  }
  return sum % 10 === 0
}

function phone(match: string): boolean {
  const digits = match.replace(/x\d+$/, '').replace(/\D/g, '')
  // ISO dates and dotted versions are digit groups too.
  return (
    digits.length >= 7 &&
    digits.length <= 15 &&
    !/^\d{4}-\d\d-\d\d/.test(match) &&
    !/(^|\.)\d{1,2}(\.|$)/.test(match.includes('.') ? match : '')
  )
}

/**
 * Replaces emails, card numbers (Luhn-checked), phone numbers, JWTs, bearer/basic credentials,
 * secret-named values (`token=`, `"password":`), URL passwords and well-known API keys with
 * placeholders (`[email]`, `[card]`, …, the same names the server's scrubber uses). Idempotent.
 * @example
 * scrubTextLight('reset?token=9f8e7d6c&to=ann@acme.test') // 'reset?token=[secret]&to=[email]'
 */
export function scrubTextLight(text: string): string {
  return text
    .replace(JWT, '[jwt]')
    .replace(SCHEME, '$1$2[token]')
    .replace(USERINFO, '$1[secret]@')
    .replace(NAMED, '$1[secret]')
    .replace(API_KEY, '[api-key]')
    .replace(EMAIL, '[email]')
    .replace(CARD, (m) => (luhn(m) ? '[card]' : m))
    .replace(PHONE, (m) => (phone(m) ? '[phone]' : m))
}

/** Fields that are ids and timestamps, never free text. */
const KEEP = /^(?:id|sessionId|linkedTo|occurredAt|sentAt|ts|idHash|fingerprint)$/

/**
 * A copy of `value` (an envelope, a session event, any JSON) with every string scrubbed by
 * {@link scrubTextLight}, except ids and timestamps.
 * @example
 * transport.enqueue(envelope.id, scrubLight(envelope))
 */
export function scrubLight<T>(value: T, key = ''): T {
  if (typeof value === 'string') return (KEEP.test(key) ? value : scrubTextLight(value)) as T
  if (Array.isArray(value)) return value.map((item: unknown) => scrubLight(item, key)) as T
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = scrubLight(v, k)
  return out as T
}
