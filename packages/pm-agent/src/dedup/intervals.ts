/**
 * Confidence intervals for the dedup evaluation. The development split is small (33 queries, 41 duplicate
 * pairs, a few dozen questions), so every figure is reported with its 95 % interval: a margin of one or
 * two queries over a baseline is inside the noise, and a reader should see that.
 */
import { seededRandom } from '@suture/envelope'

/** A point estimate with its 95 % interval. */
export interface Interval {
  readonly estimate: number
  readonly low: number
  readonly high: number
}

/**
 * Wilson score interval of a proportion `k / n` (Wilson 1927; Brown, Cai & DasGupta 2001 recommend it
 * over the normal approximation, which breaks near 0 and 1 and at small n). n = 0 gives [0, 1].
 */
export function wilsonInterval(k: number, n: number, z = 1.959964): Interval {
  if (n === 0) return { estimate: Number.NaN, low: 0, high: 1 }
  const p = k / n
  const z2 = z * z
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n)
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n)
  return { estimate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) }
}

function quantile(sorted: readonly number[], q: number): number {
  const at = (sorted.length - 1) * q
  const lo = Math.floor(at)
  const hi = Math.ceil(at)
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (at - lo)
}

/**
 * Percentile bootstrap of the mean difference `a[i] − b[i]` over paired observations (the same queries
 * ranked by two systems): resampling queries keeps the pairing, so the interval is of the margin itself,
 * much narrower than two separate intervals would suggest. Pass `b` empty for the mean of `a` alone.
 */
export function pairedBootstrap(
  a: readonly number[],
  b: readonly number[] = [],
  options: { readonly resamples?: number; readonly seed?: number } = {},
): Interval {
  const n = a.length
  const diff = a.map((x, i) => x - (b[i] ?? 0))
  const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
  if (n === 0) return { estimate: Number.NaN, low: Number.NaN, high: Number.NaN }
  const next = seededRandom(options.seed ?? 17)
  const resamples = options.resamples ?? 2000
  const means: number[] = []
  for (let r = 0; r < resamples; r++) {
    let sum = 0
    for (let i = 0; i < n; i++) sum += diff[Math.floor(next() * n)] as number
    means.push(sum / n)
  }
  means.sort((x, y) => x - y)
  return { estimate: mean(diff), low: quantile(means, 0.025), high: quantile(means, 0.975) }
}
