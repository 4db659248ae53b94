import { InvalidOriginError } from './errors.js'

/** Normalises `https://App.example.com/path` to `https://app.example.com`, as browsers send `Origin`. */
export function normalizeOrigin(value: string): string {
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    throw new InvalidOriginError(value)
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin === 'null') {
    throw new InvalidOriginError(value)
  }
  return url.origin
}

/** An empty allow-list lets any origin send (as Sentry's default `*`); otherwise the origin must be listed. */
export function originAllowed(allowed: readonly string[], origin: string): boolean {
  return allowed.length === 0 || allowed.includes(origin)
}
