// Narrowing readers for untrusted Sentry JSON: a field of the wrong type reads as absent instead of
// failing the whole event, as Relay does when it normalises events.

export type JsonObject = Readonly<Record<string, unknown>>

export function obj(value: unknown): JsonObject | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : undefined
}

export function arr(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : []
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** A string, or a number/boolean rendered as one (Sentry tags and user ids may be either). */
export function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value === 'boolean') return String(value)
  return str(value)
}

export function int(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null
}

const MIN_TIME = Date.UTC(2000, 0, 1)
const MAX_TIME = Date.UTC(2200, 0, 1)

/**
 * A Sentry timestamp (seconds since the epoch as a float, or an RFC 3339 string) as an ISO string, or
 * undefined when it is missing or absurd.
 */
export function isoTime(value: unknown): string | undefined {
  let ms: number | undefined
  if (typeof value === 'number' && Number.isFinite(value)) ms = value * 1000
  else if (typeof value === 'string' && value !== '') {
    const numeric = Number(value)
    ms = Number.isFinite(numeric) ? numeric * 1000 : Date.parse(value)
  }
  if (ms === undefined || !Number.isFinite(ms) || ms < MIN_TIME || ms > MAX_TIME) return undefined
  return new Date(ms).toISOString()
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what is being removed.
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/**
 * A copy of a mapped (shallow, acyclic) value whose strings Postgres can store: NUL removed, lone
 * surrogates replaced. Sentry events are JSON.parsed from client bytes and may hold either.
 */
export function storable<T>(value: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(UNSTORABLE, (m) => (m === '\u0000' ? '' : '\uFFFD'))
    if (Array.isArray(v)) return v.map(walk)
    if (typeof v !== 'object' || v === null) return v
    const out: Record<string, unknown> = {}
    for (const [key, inner] of Object.entries(v))
      if (inner !== undefined && key !== '__proto__') out[walk(key) as string] = walk(inner)
    return out
  }
  return walk(value) as T
}
