/** Lower-case hex of `bytes` (ids here, the actor hash in hash-actor.ts). */
export const hex = (bytes: ArrayBuffer | Uint8Array): string =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('')

/**
 * 128 random bits as 32 hex digits: the envelope id the server uses to make retries idempotent (the
 * server takes any 8–64 letters, digits, `-` and `_`). getRandomValues exists on every origin, where
 * randomUUID needs a secure context, so one path serves plain-http pages too.
 */
export function newId(): string {
  return hex(crypto.getRandomValues(new Uint8Array(16)))
}
