import { findPii } from './find-pii.js'
import { type PiiSpan, placeholder } from './types.js'

/**
 * Replaces emails, phone numbers, bearer tokens, JWTs, API keys, Luhn-valid card numbers, IP addresses and
 * URL/credential secrets with typed placeholders (`[email]`, `[phone]`, `[token]`, `[jwt]`, `[api-key]`,
 * `[card]`, `[ip]`, `[secret]`). UUIDs, git SHAs, bundle hashes, timestamps and versions are left alone.
 * Idempotent: scrubbing scrubbed text changes nothing.
 * @example
 * scrubText('mail ann@acme.test, card 4242 4242 4242 4242') // 'mail [email], card [card]'
 */
export function scrubText(text: string): string {
  return scrubTextWith(text, findPii)
}

/** Replaces the spans `find` returns with their placeholders (the shared half of light and thorough scrubbing). */
export function scrubTextWith(text: string, find: (text: string) => PiiSpan[]): string {
  if (typeof text !== 'string' || text === '') return text
  let out = ''
  let cursor = 0
  for (const span of find(text)) {
    out += text.slice(cursor, span.start) + placeholder(span.kind)
    cursor = span.end
  }
  return out + text.slice(cursor)
}
