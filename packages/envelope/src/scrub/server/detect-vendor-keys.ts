import type { PiiSpan } from '../types.js'

/**
 * Key formats the browser scrubber leaves to the server (each costs bytes there): vendors whose keys have a
 * fixed shape but no prefix the light table knows, and private key blocks. Each is `[pattern, gate]`; the
 * gate is a literal every match contains.
 */
const VENDOR_KEYS: readonly (readonly [pattern: RegExp, gate: RegExp])[] = [
  [/\b[0-9a-f]{32}-us\d{1,2}\b/g, /-us\d/], // Mailchimp
  [/\bhf_[A-Za-z0-9]{30,}\b/g, /hf_/], // Hugging Face user tokens (letters and digits)
  [/\bapi_org_[A-Za-z0-9]{30,}\b/g, /api_org_/], // Hugging Face organisation tokens
  [/\bkey-[0-9a-f]{32}\b/g, /key-/], // Mailgun
  [/\b(?:SK|AC)[0-9a-f]{32}\b/g, /SK|AC/], // Twilio API key / account SID
  [/\bsq0(?:atp|csp)-[0-9A-Za-z_-]{22,60}\b/g, /sq0/], // Square
  [/\b\d{8,10}:AA[0-9A-Za-z_-]{33}\b/g, /:AA/], // Telegram bot token
  [/\blin_(?:api|oauth)_[A-Za-z0-9]{40}\b/g, /lin_/], // Linear
  [/\bPMAK-[0-9a-f]{24}-[0-9a-f]{34}\b/g, /PMAK-/], // Postman
  [/\bdo[opr]_v1_[a-f0-9]{64}\b/g, /_v1_/], // DigitalOcean
  [/\bdapi[a-f0-9]{32}(?:-\d)?\b/g, /dapi/], // Databricks
  [/\bgl(?:sa|c)_[A-Za-z0-9_=+/]{32,}/g, /gl(?:sa|c)_/], // Grafana
  [/\bNRAK-[A-Z0-9]{27}\b/g, /NRAK-/], // New Relic
  [/\bdp\.(?:pt|st|ct|sa|scim|audit)\.[A-Za-z0-9]{40,44}\b/g, /dp\./], // Doppler
  [/\bsbp_[a-f0-9]{40}\b/g, /sbp_/], // Supabase
  [/\bfigd_[A-Za-z0-9_-]{40}\b/g, /figd_/], // Figma
  [/\bxkeysib-[a-f0-9]{64}-[A-Za-z0-9]{16}\b/g, /xkeysib-/], // Brevo
  [/\bpul-[a-f0-9]{40}\b/g, /pul-/], // Pulumi
  [/\bATATT3[A-Za-z0-9_=-]{100,}/g, /ATATT3/], // Atlassian
  [/\b(?:AccountKey|SharedAccessKey)=[A-Za-z0-9+/]{40,}={0,2}/g, /AccessKey=|AccountKey=/], // Azure
  [
    /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]{16,8192}?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/g,
    /PRIVATE KEY/,
  ],
]

export const VENDOR_KEY_RULES: readonly {
  readonly detect: (text: string) => PiiSpan[]
  readonly mayMatch: (text: string) => boolean
}[] = VENDOR_KEYS.map(([pattern, gate]) => ({
  detect: (text: string) => {
    const spans: PiiSpan[] = []
    for (const m of text.matchAll(pattern)) {
      if (m.index === undefined) continue
      // Azure's `AccountKey=` label stays; only the value goes.
      const label = /^(?:AccountKey|SharedAccessKey)=/.exec(m[0])?.[0].length ?? 0
      spans.push({ start: m.index + label, end: m.index + m[0].length, kind: 'api-key' })
    }
    return spans
  },
  mayMatch: (text: string) => gate.test(text),
}))

// A name that says the next value is a credential; hex digests next to these are keys, not hashes.
const KEY_NAME =
  /(?:api[\s_-]?key|apikey|access[\s_-]?key|secret[\s_-]?key|client[\s_-]?secret|auth[\s_-]?token|access[\s_-]?token|bearer[\s_-]?token|private[\s_-]?key|licen[cs]e[\s_-]?key|app[\s_-]?key|app[\s_-]?secret|master[\s_-]?key|signing[\s_-]?key|webhook[\s_-]?secret|secret|token|key|password|credential)s?["'`]?\s*(?:[:=]|=>|->|is|was|of|for \w+:)?\s*["'`]?$/i
// The same hex is a digest, not a key, when one of these names it (`commit`, `etag`, `cache key`).
const DIGEST_NAME =
  /(?:commit|sha(?:1|256|512)?|hash(?:ed)?|md5|checksum|etag|digest|revision|rev|integrity|fingerprint|cache|idempotency|dedup(?:e|lication)?|nonce|trace|span|request|correlation|session|build|object|blob|tree|content|file|git)[\s_-]*(?:key|id|token)?["'`]?\s*[:=]?\s*["'`]?\S{0,3}$/i
const BARE_HEX =
  /(?<![\w-])(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{48}|[0-9a-f]{64}|[0-9A-F]{32}|[0-9A-F]{40}|[0-9A-F]{64})(?![\w-])/g

export function mayHaveKeyedHex(text: string): boolean {
  return /key|token|secret|passw|credential/i.test(text) && /[0-9a-f]{32}/i.test(text)
}

/**
 * A bare hex key (32–64 digits) right after a name that says it is a key: `API key 5f4dcc3b…`,
 * `MAILCHIMP_KEY=…`, `"token": "…"`. The same hex after `commit`, `sha256`, `etag` or `cache key` is a
 * digest and stays.
 */
export function detectKeyedHex(text: string): PiiSpan[] {
  const spans: PiiSpan[] = []
  for (const m of text.matchAll(BARE_HEX)) {
    if (m.index === undefined) continue
    const before = text.slice(Math.max(0, m.index - 40), m.index)
    if (!KEY_NAME.test(before) || DIGEST_NAME.test(before)) continue
    spans.push({ start: m.index, end: m.index + m[0].length, kind: 'api-key' })
  }
  return spans
}
