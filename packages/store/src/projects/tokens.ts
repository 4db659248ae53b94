import { createHash, randomBytes } from 'node:crypto'

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

function randomText(length: number): string {
  // Rejection sampling keeps every character equally likely.
  const limit = 256 - (256 % ALPHABET.length)
  let out = ''
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < limit && out.length < length) out += ALPHABET[byte % ALPHABET.length]
    }
  }
  return out
}

export const PUBLIC_KEY_PREFIX = 'sut_pub_'
export const SECRET_KEY_PREFIX = 'sut_sec_'

/** A public ingest key: safe to ship in a browser bundle. */
export function newPublicToken(): string {
  return PUBLIC_KEY_PREFIX + randomText(24)
}

/** A secret admin key: shown once, stored only as its hash. */
export function newSecretToken(): string {
  return SECRET_KEY_PREFIX + randomText(40)
}

export function newId(prefix: string): string {
  return `${prefix}_${randomText(14)}`
}

/** How tokens are looked up: SHA-256, hex. Tokens are long random strings, so no salt or KDF is needed. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex')
}
