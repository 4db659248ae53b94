/**
 * Mulberry32: a small seeded generator in [0, 1). Evaluations (cross-validation folds, bootstrap
 * intervals) and generated corpora use it so a figure is the same on every run and machine; it is not
 * for anything that must be unpredictable.
 * @example
 * const next = seededRandom(17)
 * next() // 0.…, the same on every run
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
