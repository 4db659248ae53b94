import { HttpError } from './http-error.js'

/** Deeper than any envelope needs (flags and properties hold small JSON values). */
export const MAX_JSON_DEPTH = 32

// Lone surrogates and NUL cannot be stored by Postgres (text or jsonb); they only come from hostile
// or broken senders, so they are replaced rather than rejected.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is being removed.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is being looked for.
const SUSPECT = /[\u0000\uD800-\uDFFF]/

function cleanString(value: string): string {
  // Most strings hold neither; one cheap scan spares the replace for them.
  if (!SUSPECT.test(value)) return value
  return value.replace(UNSTORABLE, (match) => (match === '\u0000' ? '' : '\uFFFD'))
}

/**
 * Returns a copy of parsed JSON that Postgres can store: strings without NUL or lone surrogates, no
 * `__proto__` keys, and at most {@link MAX_JSON_DEPTH} levels of nesting (deeper answers 400).
 */
export function sanitizeJson(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cleanString(value)
  if (value === null || typeof value !== 'object') return value
  if (depth >= MAX_JSON_DEPTH) {
    throw new HttpError(400, 'too_deep', `The body nests deeper than ${MAX_JSON_DEPTH} levels; flatten it.`)
  }
  if (Array.isArray(value)) return value.map((item) => sanitizeJson(item, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    if (key === '__proto__') continue
    out[cleanString(key)] = sanitizeJson(item, depth + 1)
  }
  return out
}
