const encoder = new TextEncoder()

/**
 * FNV-1a, 64-bit, over the UTF-8 bytes of `text`, as 16 lowercase hex digits. Small, dependency-free and the
 * same in browsers and Node (no `crypto`); not for security, only for stable grouping keys.
 *
 * The 64-bit state is kept as two 32-bit halves in plain numbers (no BigInt: smaller and several times
 * faster). The prime is 2^40 + 0x1b3, so `h * prime` is `h * 0x1b3 + (h << 40)`: the low half times
 * 0x1b3 (< 2^41, exact in a double) carries into the high half, and `h << 40` only adds `lo << 8` to it.
 * @example
 * fnv1a64('') // 'cbf29ce484222325'
 */
export function fnv1a64(text: string): string {
  let hi = 0xcbf29ce4
  let lo = 0x84222325
  for (const byte of encoder.encode(text)) {
    const low = ((lo ^ byte) >>> 0) * 0x1b3
    hi = (hi * 0x1b3 + ((lo ^ byte) << 8) + Math.floor(low / 0x100000000)) >>> 0
    lo = low >>> 0
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0')
}
