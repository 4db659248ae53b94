const OFFSET_BASIS = 0xcbf29ce484222325n
const PRIME = 0x100000001b3n
const MASK = 0xffffffffffffffffn

const encoder = new TextEncoder()

/**
 * FNV-1a, 64-bit, over the UTF-8 bytes of `text`, as 16 lowercase hex digits. Small, dependency-free and the
 * same in browsers and Node (no `crypto`); not for security, only for stable grouping keys.
 * @example
 * fnv1a64('') // 'cbf29ce484222325'
 */
export function fnv1a64(text: string): string {
  let hash = OFFSET_BASIS
  for (const byte of encoder.encode(text)) {
    hash ^= BigInt(byte)
    hash = (hash * PRIME) & MASK
  }
  return hash.toString(16).padStart(16, '0')
}
