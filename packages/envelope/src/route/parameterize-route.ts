const ORIGIN = /^[a-z][\w+.-]*:\/\/[^/?#]*/i
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i
const EMAIL = /^[^@\s/]+@[^@\s/]+\.[^@\s/]+$/
const NUMERIC = /^\d+$/
// Hashes and hex ids (Mongo ObjectIds, SHAs, short content hashes): hex only, at least one digit.
const HEX = /^(?=.*\d)[0-9a-f]{8,}$/i
const TOKEN = /^[\w-]+$/
// A whole segment the scrubbers replaced (`/members/ann@acme.test` → `/members/[email]`): it was a value.
const SCRUBBED = /^\[(?:email|phone|card|jwt|token|api-key|secret|ip)\]$/

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

// Long generated tokens (ULIDs, nanoids, `usr_8f2KqZ1x`, `INV-2024-0001`): letters and digits mixed, and
// either long or digit-heavy. Words with one digit (`oauth2`, `v2`, `step-3`) are left alone.
function isMixedToken(segment: string): boolean {
  if (!TOKEN.test(segment)) return false
  const digits = segment.replace(/\D/g, '').length
  const letters = segment.replace(/[^A-Za-z]/g, '').length
  if (digits === 0 || letters === 0) return false
  if (segment.length >= 16) return digits >= 2
  return segment.length >= 8 && digits >= 3
}

/** Whether one path segment is a value (an id) rather than part of the route's shape. */
export function isIdSegment(raw: string): boolean {
  const segment = decode(raw)
  return (
    NUMERIC.test(segment) ||
    UUID.test(segment) ||
    HEX.test(segment) ||
    EMAIL.test(segment) ||
    SCRUBBED.test(segment) ||
    isMixedToken(segment)
  )
}

/**
 * Turns a concrete path or URL into a route template when no router template is known: strips the origin,
 * query and fragment, and replaces id-like segments with `:id` — numbers, UUIDs, hex hashes (8+ hex digits
 * with a digit), email addresses, what a scrubber left of one (`[email]`, `[phone]`, …), and long mixed letter/digit tokens (ULIDs, nanoids, `INV-2024-0001`).
 * Hash-router URLs (`/#/users/42`) use the fragment as the path.
 * @example
 * parameterizeRoute('https://app.test/users/123/invoices/9f2c8a1b77?tab=2') // '/users/:id/invoices/:id'
 */
export function parameterizeRoute(pathOrUrl: string): string {
  let text = pathOrUrl.trim().replace(ORIGIN, '')
  const hashRoute = /^\/?#!?(\/[^?]*)/.exec(text)
  if (hashRoute?.[1]) text = hashRoute[1]
  text = text.replace(/[?#].*$/, '')
  const segments = text.split('/').filter((s) => s !== '')
  if (segments.length === 0) return '/'
  return `/${segments.map((s) => (isIdSegment(s) ? ':id' : s)).join('/')}`
}

const templates = new Map<string, string>()

/**
 * {@link parameterizeRoute} with a bounded memo, for servers that template the same paths again and again
 * (ingest, scoring, triage): real apps have few distinct paths per template, so it stays small; past
 * 10,000 paths it starts over rather than grow.
 */
export function parameterizeRouteCached(pathOrUrl: string): string {
  let template = templates.get(pathOrUrl)
  if (template === undefined) {
    if (templates.size >= 10_000) templates.clear()
    template = parameterizeRoute(pathOrUrl)
    templates.set(pathOrUrl, template)
  }
  return template
}
