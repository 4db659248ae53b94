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
 * Makes freshly parsed JSON storable by Postgres, **in place** (the value is ours: `JSON.parse` just made
 * it, and copying a 1 MB body only feeds the garbage collector): strings without NUL or lone surrogates, no
 * `__proto__` keys, and at most {@link MAX_JSON_DEPTH} levels of nesting (deeper answers 400). Returns the
 * value (a new one only for a top-level string).
 */
export function sanitizeJson(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cleanString(value)
  if (value === null || typeof value !== 'object') return value
  if (depth >= MAX_JSON_DEPTH) {
    throw new HttpError(400, 'too_deep', `The body nests deeper than ${MAX_JSON_DEPTH} levels; flatten it.`)
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = sanitizeJson(value[i], depth + 1)
    return value
  }
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) {
    const item = record[key]
    const cleanKey = cleanString(key)
    // JSON.parse makes `__proto__` an own data property; deleting it cannot touch the prototype. A key that
    // only becomes `__proto__` once cleaned (`__proto__\u0000`) must go too: assigning it would set one.
    if (key === '__proto__' || cleanKey === '__proto__') {
      delete record[key]
      continue
    }
    const cleanItem = sanitizeJson(item, depth + 1)
    if (cleanKey !== key) {
      delete record[key]
      // A cleaned key may collide with an existing one; the later one wins, as with duplicate JSON keys.
      record[cleanKey] = cleanItem
    } else if (cleanItem !== item) {
      record[key] = cleanItem
    }
  }
  return record
}
