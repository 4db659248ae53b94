import { createHmac, timingSafeEqual } from 'node:crypto'

/**
 * Checks GitHub's `X-Hub-Signature-256` (`sha256=` + hex HMAC-SHA256 of the raw body with the webhook
 * secret) in constant time. Anything but a well-formed signature of these exact bytes is false.
 *
 * @example
 * verifyGitHubSignature(secret, rawBody, c.req.header('x-hub-signature-256'))
 */
export function verifyGitHubSignature(secret: string, body: Buffer, header: string | undefined): boolean {
  if (header === undefined) return false
  const match = /^sha256=([0-9a-f]{64})$/i.exec(header.trim())
  if (!match?.[1]) return false
  const given = Buffer.from(match[1], 'hex')
  const expected = createHmac('sha256', secret).update(body).digest()
  // Both are 32 bytes here, so timingSafeEqual never throws and the comparison leaks nothing.
  return timingSafeEqual(given, expected)
}

/** The header value GitHub would send for `body` (for tests and for signing replays). */
export function signGitHubPayload(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}
