import { hash32 } from './text.js'

/**
 * Candidate pairs from blocks, never all pairs: every record gets a few block keys; records sharing a
 * key are compared. A block of up to `allPairsMax` records is compared pair by pair; a bigger one is
 * sorted by `order` (so records alike on another signal sit together) and each record is compared with
 * its next `window` neighbours (the sorted-neighbourhood method). Work is O(records × keys × window).
 */
export interface BlockingOptions {
  readonly allPairsMax: number
  readonly window: number
}

export const DEFAULT_BLOCKING: BlockingOptions = { allPairsMax: 24, window: 6 }

/**
 * Runs `visit(a, b)` for each candidate pair of one kind of block. `keyOf(i, k)` gives the k-th key
 * of record i (or -1); `order(i)` the in-block sort key for big blocks.
 */
export function forEachCandidate(
  n: number,
  keysPerRecord: number,
  keyOf: (i: number, k: number) => number,
  order: (i: number) => number,
  options: BlockingOptions,
  visit: (a: number, b: number) => void,
): void {
  const indexBits = Math.max(1, Math.ceil(Math.log2(n + 1)))
  const keyBits = Math.min(32, 53 - indexBits)
  const scale = 2 ** indexBits
  let count = 0
  const entries = new Float64Array(n * keysPerRecord)
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < keysPerRecord; k++) {
      const key = keyOf(i, k)
      if (key < 0) continue
      const bucket = keyBits === 32 ? key >>> 0 : (key >>> 0) >>> (32 - keyBits)
      entries[count++] = bucket * scale + i
    }
  }
  const sorted = entries.subarray(0, count).sort()
  // A big block is sorted by (order, record) packed into one double, so the sort is a native typed-array
  // sort with no tuple per record; that needs 32 bits of order plus the index bits.
  const packable = indexBits <= 21
  let scratch = new Float64Array(64)
  let start = 0
  while (start < count) {
    const bucket = Math.floor((sorted[start] as number) / scale)
    let end = start + 1
    while (end < count && Math.floor((sorted[end] as number) / scale) === bucket) end++
    const size = end - start
    const base = bucket * scale
    if (size > 1 && size <= options.allPairsMax) {
      for (let x = start; x < end; x++) {
        const a = (sorted[x] as number) - base
        for (let y = x + 1; y < end; y++) visit(a, (sorted[y] as number) - base)
      }
    } else if (size > 1) {
      if (scratch.length < size) scratch = new Float64Array(size * 2)
      let keyed = scratch.subarray(0, size)
      let packed = packable
      for (let e = 0; e < size && packed; e++) {
        const m = (sorted[start + e] as number) - base
        const o = order(m)
        if ((o | 0) !== o) packed = false
        else keyed[e] = (o + 2 ** 31) * scale + m
      }
      if (packed) {
        keyed.sort()
        for (let e = 0; e < size; e++) keyed[e] = (keyed[e] as number) % scale
      } else {
        const members = Array.from({ length: size }, (_, e) => (sorted[start + e] as number) - base)
        const tuples = members.map((m) => [order(m), m] as const).sort((p, q) => p[0] - q[0] || p[1] - q[1])
        keyed = Float64Array.from(tuples, (t) => t[1])
      }
      for (let x = 0; x < size; x++) {
        const limit = Math.min(size, x + 1 + options.window)
        const a = keyed[x] as number
        for (let y = x + 1; y < limit; y++) visit(a, keyed[y] as number)
      }
    }
    start = end
  }
}

/** A 32-bit key for a block kind and an interned value. */
export function blockKey(kind: string, value: number): number {
  return hash32(`${kind}${value}`)
}
