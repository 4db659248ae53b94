/**
 * The DSN public key of a Sentry request, from wherever SDKs put it: the `sentry_key` query parameter
 * (what every current SDK sends), the `X-Sentry-Auth` header (`Sentry sentry_key=…, sentry_version=7`,
 * older and server SDKs), or `Authorization: Sentry …`.
 * @example
 * sentryKeyFrom({ query: 'x', header: null }) // 'x'
 */
export function sentryKeyFrom(input: {
  query: string | undefined
  xSentryAuth: string | null | undefined
  authorization?: string | null | undefined
}): string | undefined {
  if (input.query !== undefined && input.query !== '') return input.query
  for (const header of [input.xSentryAuth, input.authorization]) {
    const key = keyFromAuthHeader(header)
    if (key !== undefined) return key
  }
  return undefined
}

function keyFromAuthHeader(header: string | null | undefined): string | undefined {
  if (typeof header !== 'string') return undefined
  const trimmed = header.trim()
  if (!/^sentry\s/i.test(trimmed)) return undefined
  for (const part of trimmed.slice(6).split(',')) {
    const eq = part.indexOf('=')
    if (eq < 0) continue
    if (part.slice(0, eq).trim() === 'sentry_key') {
      const value = part.slice(eq + 1).trim()
      return value === '' ? undefined : value
    }
  }
  return undefined
}

/** The public key inside an envelope header's `dsn` (sent when the SDK uses a tunnel). */
export function keyFromDsn(dsn: unknown): string | undefined {
  if (typeof dsn !== 'string') return undefined
  try {
    const key = new URL(dsn).username
    return key === '' ? undefined : decodeURIComponent(key)
  } catch {
    return undefined
  }
}
