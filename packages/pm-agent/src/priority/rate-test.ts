/** log(n!) via a running sum for small n and Stirling's series beyond, accurate to ~1e-10. */
function logFactorial(n: number): number {
  if (n < 2) return 0
  if (n < 256) {
    let sum = 0
    for (let i = 2; i <= n; i++) sum += Math.log(i)
    return sum
  }
  const x = n + 1
  return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * x) - 1 / (360 * x ** 3)
}

function binomialLogPmf(k: number, n: number, p: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p)
}

/** P(X ≥ k) for X ~ Binomial(n, p), summed exactly from the pmf. */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1
  if (k > n) return 0
  let sum = 0
  for (let i = k; i <= n; i++) {
    const term = Math.exp(binomialLogPmf(i, n, p))
    sum += term
    if (term < 1e-17 * sum && i > n * p) break
  }
  return Math.min(1, sum)
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialLowerTail(k: number, n: number, p: number): number {
  if (k < 0) return 0
  if (k >= n) return 1
  let sum = 0
  for (let i = k; i >= 0; i--) {
    const term = Math.exp(binomialLogPmf(i, n, p))
    sum += term
    if (term < 1e-17 * sum && i < n * p) break
  }
  return Math.min(1, sum)
}

export type Trend = 'new' | 'rising' | 'steady' | 'falling'

export interface RateChange {
  readonly trend: Trend
  readonly thisWeek: number
  /** Mean count per previous week. */
  readonly previousMean: number
  /** thisWeek / previousMean (Infinity when there were none before). */
  readonly ratio: number
  /** One-sided p-value of the direction tested (rising when above the mean, else falling). */
  readonly pValue: number
}

/**
 * Is this week's count different from the previous weeks'? Two Poisson counts compared by the exact
 * conditional test: given the total, this week's share is Binomial(total, 1 / (weeks + 1)) when the rate
 * has not changed. A raw ratio would call 2 → 4 a doubling; this calls it noise.
 * @example
 * rateChange(40, [5, 6, 4]).trend // 'rising'
 */
export function rateChange(thisWeek: number, previousWeeks: readonly number[], alpha = 0.05): RateChange {
  const weeks = previousWeeks.length
  const before = previousWeeks.reduce((a, b) => a + b, 0)
  const previousMean = weeks === 0 ? 0 : before / weeks
  const ratio = previousMean === 0 ? (thisWeek === 0 ? 1 : Number.POSITIVE_INFINITY) : thisWeek / previousMean
  // Never seen before (no earlier weeks, or earlier weeks without it): new, whatever the test says.
  if (weeks === 0 || (before === 0 && thisWeek > 0))
    return { trend: 'new', thisWeek, previousMean, ratio, pValue: 1 }
  const total = before + thisWeek
  const share = 1 / (weeks + 1)
  if (thisWeek >= previousMean) {
    const pValue = binomialUpperTail(thisWeek, total, share)
    const trend: Trend = pValue < alpha ? (before === 0 ? 'new' : 'rising') : 'steady'
    return { trend, thisWeek, previousMean, ratio, pValue }
  }
  const pValue = binomialLowerTail(thisWeek, total, share)
  return { trend: pValue < alpha ? 'falling' : 'steady', thisWeek, previousMean, ratio, pValue }
}
