/** Lower-case hex of `bytes` (ids here, the actor hash in hash-actor.ts). */
export const hex = (bytes: ArrayBuffer | Uint8Array): string =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('')

/** A random UUID v4: the envelope id the server uses to make retries idempotent. */
export function newId(): string {
  // randomUUID exists only in secure contexts; plain-http pages get the same from getRandomValues.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80
  return hex(b).replace(/(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-')
}
