import { shannonEntropy } from './entropy.js'
import type { PiiSpan } from './types.js'

function* matches(
  text: string,
  pattern: RegExp,
  group = 0,
): Generator<{ start: number; end: number; value: string }> {
  for (const m of text.matchAll(pattern)) {
    const value = m[group]
    if (value === undefined || value === '' || m.index === undefined) continue
    // With a capture group, locate it inside the whole match (it is always its tail or a unique substring).
    const offset = group === 0 ? 0 : (m[0] ?? '').lastIndexOf(value)
    const start = m.index + Math.max(offset, 0)
    yield { start, end: start + value.length, value }
  }
}

const SCHEME = /\b[a-z][\w+.-]{0,30}:\/\//gi
const HOST_AFTER_AT = /^[\w-]+(?:\.[\w-]+)*(?::\d+)?(?:[/?#)\]"',]|$)/

/**
 * `scheme://user:password@host` — the password may itself contain `@` or `#`, so the userinfo ends at the
 * last `@` that is followed by a host name.
 */
/** Gate: a userinfo password needs a scheme's `://` and an `@`. */
export function mayHaveUrlUserinfo(text: string): boolean {
  return text.includes('://') && text.includes('@')
}

export function detectUrlUserinfo(text: string): PiiSpan[] {
  const spans: PiiSpan[] = []
  for (const m of text.matchAll(SCHEME)) {
    if (m.index === undefined) continue
    const from = m.index + m[0].length
    const rest = /^[^\s"'<>`]{0,2048}/.exec(text.slice(from, from + 2048))?.[0] ?? ''
    const colon = rest.indexOf(':')
    if (colon <= 0 || /[/?]/.test(rest.slice(0, colon))) continue
    // A handful of `@` is plenty for a real password; the cap keeps hostile input linear.
    let tries = 0
    for (let at = rest.lastIndexOf('@'); at > colon && tries++ < 8; at = rest.lastIndexOf('@', at - 1)) {
      if (!HOST_AFTER_AT.test(rest.slice(at + 1))) continue
      if (at - colon - 1 > 0) spans.push({ start: from + colon + 1, end: from + at, kind: 'secret' })
      break
    }
  }
  return spans
}

/** Query/fragment parameters whose value is a credential in practice. */
export const SECRET_PARAM =
  /^(?:.*[_-])?(?:token|access[_-]?token|refresh[_-]?token|id[_-]?token|auth[_-]?token|api[_-]?key|apikey|key|secret|client[_-]?secret|password|passwd|pwd|pass|code|session|session[_-]?id|sessid|sid|auth|authorization|signature|sig|jwt|credentials?|otp|private[_-]?key|x-amz-signature|x-amz-credential|x-amz-security-token)$/i
const STRONG_SECRET_NAME = /^(?:.*[_-])?(?:password|passwd|pwd|pass|secret|private[_-]?key)$/i
const PLACEHOLDER_VALUE =
  /^(?:\$\{[^}]*\}|\$[A-Z_]+|<[^>]*>|\{\{[^}]*\}\}|\*+|x{3,}|undefined|null|true|false|none|redacted|\[[\w-]+\])$/i

// Values that state a setting or a condition, not a credential: GitHub Actions' `id-token: write`,
// validation messages (`api-key: required`), booleans and types in docs and schemas.
const SETTING_VALUE =
  /^(?:read|write|none|read-all|write-all|readonly|read-only|write-only|required|optional|missing|invalid|expired|empty|unset|enabled|disabled|string|number|boolean|object|hidden|masked|present|absent|provided|rotated|revoked|inherit)$/i

function isRealSecretValue(name: string, value: string): boolean {
  if (PLACEHOLDER_VALUE.test(value) || SETTING_VALUE.test(value)) return false
  return STRONG_SECRET_NAME.test(name) ? value.length >= 1 : value.length >= 6
}

// `?token=…`, `&apikey=…`, `;jsessionid=…` inside URLs.
const QUERY_PARAM = /[?&;#]([\w.-]{1,40})=([^&#\s"'<>`)]+)/g

export function mayHaveQuerySecret(text: string): boolean {
  return text.includes('=')
}

export function detectQuerySecrets(text: string): PiiSpan[] {
  const spans: PiiSpan[] = []
  for (const m of text.matchAll(QUERY_PARAM)) {
    const [whole, name, value] = m
    if (!name || !value || m.index === undefined || !SECRET_PARAM.test(name)) continue
    if (!isRealSecretValue(name, value)) continue
    const start = m.index + whole.length - value.length
    spans.push({ start, end: start + value.length, kind: 'secret' })
  }
  return spans
}

// `password=hunter2`, `SERVICE_KEY=…`, `"client_secret": "…"` in free text (logs, env dumps, JSON).
const KEY_VALUE =
  /(?<![\w-])["']?((?:[A-Za-z]+[_-])*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?|key))["']?\s*[:=]\s*["']?(?!\[[\w-]+\])([^\s"'`&,;)}\]]+)/gi

// Every name KEY_VALUE accepts contains one of these.
const SECRET_NAME_PART = /pass|pwd|secret|token|key|credential/i

export function mayHaveKeyValueSecret(text: string): boolean {
  return (text.includes(':') || text.includes('=')) && SECRET_NAME_PART.test(text)
}

export function detectKeyValueSecrets(text: string): PiiSpan[] {
  const spans: PiiSpan[] = []
  for (const m of text.matchAll(KEY_VALUE)) {
    const [whole, name, value] = m
    if (!name || !value || m.index === undefined) continue
    // A bare lower-case `key`/`token` in prose ("key: value" in a sentence) is too weak alone.
    if (/^(?:key|token)$/.test(name) && value.length < 16) continue
    if (!isRealSecretValue(name, value)) continue
    const start = m.index + whole.lastIndexOf(value)
    spans.push({ start, end: start + value.length, kind: 'secret' })
  }
  return spans
}

// `Authorization: Bearer …`, `Basic …`, `Token …` — the value whatever its shape.
const AUTH_SCHEME = /\b(?:Bearer|Basic|Token|Digest)\s+([A-Za-z0-9\-._~+/]{8,}=*)/g

export function mayHaveAuthorization(text: string): boolean {
  return (
    text.includes('Bearer') || text.includes('Basic') || text.includes('Token') || text.includes('Digest')
  )
}

export function detectAuthorization(text: string): PiiSpan[] {
  return [...matches(text, AUTH_SCHEME, 1)].map((m) => ({ start: m.start, end: m.end, kind: 'token' }))
}

const JWT = /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*)?/g

function decodesToJsonObject(segment: string): boolean {
  try {
    const base64 = segment.replace(/-/g, '+').replace(/_/g, '/')
    const padded = base64 + '='.repeat((4 - (base64.length % 4)) % 4)
    const parsed: unknown = JSON.parse(atob(padded))
    return typeof parsed === 'object' && parsed !== null
  } catch {
    return false
  }
}

export function mayHaveJwt(text: string): boolean {
  return text.includes('.eyJ')
}

export function detectJwts(text: string): PiiSpan[] {
  const spans: PiiSpan[] = []
  for (const m of matches(text, JWT)) {
    const header = m.value.split('.')[0] ?? ''
    if (decodesToJsonObject(header)) spans.push({ start: m.start, end: m.end, kind: 'jwt' })
  }
  return spans
}

// The Discord token's middle segment: six characters between two dots.
const DISCORD_MIDDLE = /\.[A-Za-z\d_-]{6}\./

/**
 * Vendor key formats with a recognisable prefix or shape (detect-secrets / gitleaks rule families), each with
 * a gate: a literal every match must contain, so most texts skip the pattern after one cheap test.
 */
const KEY_FORMATS: readonly (readonly [pattern: RegExp, gate: RegExp])[] = [
  [/\bgh[pousr]_[A-Za-z0-9]{30,}\b/g, /gh[pousr]_/], // GitHub
  [/\bgithub_pat_[A-Za-z0-9_]{40,}\b/g, /github_pat_/],
  [/\bglpat-[A-Za-z0-9_-]{20,}\b/g, /glpat-/], // GitLab
  [/\b[rs]k_(?:live|test)_[A-Za-z0-9]{10,}\b/g, /k_(?:live|test)_/], // Stripe secret / restricted
  [/\bwhsec_[A-Za-z0-9]{20,}\b/g, /whsec_/],
  [/\bxox[abposre]-[A-Za-z0-9-]{10,}\b/g, /xox/], // Slack
  [/\bhooks\.slack\.com\/services\/[A-Za-z0-9/]+/g, /hooks\.slack\.com\/services\//],
  [/\bsk-(?:proj-|svcacct-|admin-|ant-(?:api\d+-)?)?[A-Za-z0-9_-]{20,}\b/g, /sk-/], // OpenAI, Anthropic
  [/\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/g, /AKIA|ASIA|ABIA|ACCA/], // AWS access key id
  [/\bAIza[0-9A-Za-z_-]{35}\b/g, /AIza/], // Google
  [/\bntn_[A-Za-z0-9]{40,}\b/g, /ntn_/], // Notion
  [/\bsecret_[A-Za-z0-9]{43}\b/g, /secret_/],
  [/\bnpm_[A-Za-z0-9]{36}\b/g, /npm_/],
  [/\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g, /SG\./], // SendGrid
  [/\bhf_[A-Za-z]{34}\b/g, /hf_/], // Hugging Face
  [/\bshp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}\b/g, /shp/], // Shopify
  [/\bsntry[su]_[A-Za-z0-9_=+/-]{40,}/g, /sntry/], // Sentry
  [/\bpypi-[A-Za-z0-9_-]{50,}\b/g, /pypi-/],
  [/\b[MNO][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,40}\b/g, DISCORD_MIDDLE], // Discord bot token
  [/(?<![\w-])00[A-Za-z0-9_-]{40}(?![\w-])/g, /00/], // Okta API token
]

/**
 * The formats as rules (gates have no `g` flag, so `test` keeps no state). The table is written as
 * [pattern, gate] pairs because it ships in the browser SDK: a pair costs a fraction of the bytes of an
 * object with its own closure.
 */
export const API_KEY_RULES: readonly {
  readonly pattern: RegExp
  readonly mayMatch: (text: string) => boolean
}[] = KEY_FORMATS.map(([pattern, gate]) => ({ pattern, mayMatch: (text: string) => gate.test(text) }))
/** One vendor key format (an entry of {@link API_KEY_RULES}). */
export function detectApiKey(text: string, pattern: RegExp): PiiSpan[] {
  const spans: PiiSpan[] = []
  for (const m of matches(text, pattern)) spans.push({ start: m.start, end: m.end, kind: 'api-key' })
  return spans
}

export function detectApiKeys(text: string): PiiSpan[] {
  return API_KEY_RULES.flatMap((rule) => detectApiKey(text, rule.pattern))
}

const CONTEXT_WORD = /(?:key|token|secret|passw|credential|auth|bearer|apikey|signature)/i
const CANDIDATE = /(?<![\w+/=-])[A-Za-z0-9+/_=.-]{20,}(?![\w+/=-])/g
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Gate: a contextual secret needs its context word somewhere before it. */
export function mayHaveContextualSecret(text: string): boolean {
  return CONTEXT_WORD.test(text)
}

/**
 * A long random-looking token (upper, lower and digits, high entropy) that a nearby word calls a key, token,
 * secret, password or credential. Without such a word a random token is left alone: bundle hashes, ids and
 * base64 payloads look the same.
 */
export function detectContextualSecrets(text: string): PiiSpan[] {
  const spans: PiiSpan[] = []
  for (const m of matches(text, CANDIDATE)) {
    const value = m.value.replace(/[.=]+$/, '')
    if (value.length < 20 || UUID.test(value) || /^[0-9a-f]+$/i.test(value)) continue
    if (!/[a-z]/.test(value) || !/[A-Z]/.test(value) || !/\d/.test(value)) continue
    if (/^[\w.-]*\/[\w.-]*\//.test(value) && !/[+=]/.test(value) && /\.[a-z]{2,4}$/.test(value)) continue
    if (shannonEntropy(value) < 3.5) continue
    const before = text.slice(Math.max(0, m.start - 40), m.start)
    if (!CONTEXT_WORD.test(before)) continue
    spans.push({ start: m.start, end: m.start + value.length, kind: 'api-key' })
  }
  return spans
}
