/**
 * Exact tail probabilities for the binomial and Poisson distributions, summed in log space so that
 * counts in the millions neither underflow nor lose the tail to rounding.
 */

const LANCZOS_G = 7
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
]

/** ln Γ(x) for x > 0 (Lanczos, ~15 significant digits). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  const z = x - 1
  let a = LANCZOS[0] as number
  const t = z + LANCZOS_G + 0.5
  for (let i = 1; i < LANCZOS_G + 2; i++) a += (LANCZOS[i] as number) / (z + i)
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a)
}

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1)
}

function logBinomialPmf(k: number, n: number, logP: number, logQ: number): number {
  return logChoose(n, k) + k * logP + (n - k) * logQ
}

function logSumExp(values: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY
  for (const v of values) if (v > max) max = v
  if (max === Number.NEGATIVE_INFINITY) return max
  let sum = 0
  for (const v of values) sum += Math.exp(v - max)
  return max + Math.log(sum)
}

// Terms this far below the largest one cannot change a double-precision sum.
const NEGLIGIBLE = Math.log(1e-18)

/**
 * Sums pmf terms from `start` stepping by `step` while inside [lo, hi], stopping once past the mode
 * and the terms have become negligible.
 */
function tailLogSum(
  start: number,
  step: 1 | -1,
  lo: number,
  hi: number,
  mode: number,
  logPmf: (k: number) => number,
): number {
  const terms: number[] = []
  let best = Number.NEGATIVE_INFINITY
  for (let k = start; k >= lo && k <= hi; k += step) {
    const term = logPmf(k)
    terms.push(term)
    if (term > best) best = term
    const pastMode = step === 1 ? k > mode : k < mode
    if (pastMode && term - best < NEGLIGIBLE) break
  }
  return logSumExp(terms)
}

function checkCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`)
  }
}

/** ln P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialUpperTailLog(k: number, n: number, p: number): number {
  checkCount('k', k)
  checkCount('n', n)
  if (k <= 0) return 0
  if (k > n) return Number.NEGATIVE_INFINITY
  if (p <= 0) return Number.NEGATIVE_INFINITY
  if (p >= 1) return 0
  const logP = Math.log(p)
  const logQ = Math.log1p(-p)
  const mode = Math.floor((n + 1) * p)
  return Math.min(
    0,
    tailLogSum(k, 1, 0, n, mode, (i) => logBinomialPmf(i, n, logP, logQ)),
  )
}

/** ln P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialLowerTailLog(k: number, n: number, p: number): number {
  checkCount('k', k)
  checkCount('n', n)
  if (k >= n) return 0
  if (p <= 0) return 0
  if (p >= 1) return Number.NEGATIVE_INFINITY
  const logP = Math.log(p)
  const logQ = Math.log1p(-p)
  const mode = Math.floor((n + 1) * p)
  return Math.min(
    0,
    tailLogSum(k, -1, 0, n, mode, (i) => logBinomialPmf(i, n, logP, logQ)),
  )
}

/** ln P(X ≥ k) for X ~ Poisson(mean). */
export function poissonUpperTailLog(k: number, mean: number): number {
  checkCount('k', k)
  if (k <= 0) return 0
  if (mean <= 0) return Number.NEGATIVE_INFINITY
  const logMean = Math.log(mean)
  const mode = Math.floor(mean)
  return Math.min(
    0,
    tailLogSum(k, 1, 0, Number.MAX_SAFE_INTEGER, mode, (i) => i * logMean - mean - logGamma(i + 1)),
  )
}

export interface RateComparison {
  /** Events and exposure (sessions, user-days, or plain days) in the reference period. */
  readonly before: { readonly count: number; readonly exposure: number }
  /** Events and exposure in the period under test. */
  readonly after: { readonly count: number; readonly exposure: number }
}

export interface RateTestResult {
  /** after-rate ÷ before-rate (Infinity when the before-rate is 0 and events happened after). */
  readonly rateRatio: number
  /** One-sided exact p-value for "the after-rate is higher". */
  readonly pHigher: number
  /** One-sided exact p-value for "the after-rate is lower". */
  readonly pLower: number
}

/**
 * The exact conditional test for two Poisson rates: given n = x₀ + x₁ events in total, x₁ is
 * Binomial(n, t₁ / (t₀ + t₁)) when the rates are equal. `before.exposure` may be an *expected*
 * exposure (e.g. one adjusted for a pre-existing trend); only the ratio of exposures matters.
 *
 * @example
 * poissonRateTest({ before: { count: 140, exposure: 14 }, after: { count: 2, exposure: 7 } }).pLower // ≈ 1e-18
 */
export function poissonRateTest(input: RateComparison): RateTestResult {
  const { before, after } = input
  checkCount('before.count', before.count)
  checkCount('after.count', after.count)
  if (!(before.exposure > 0) || !(after.exposure > 0)) {
    throw new RangeError('exposures must be positive: a period with no traffic cannot be compared')
  }
  const n = before.count + after.count
  const p = after.exposure / (before.exposure + after.exposure)
  const beforeRate = before.count / before.exposure
  const afterRate = after.count / after.exposure
  const rateRatio =
    beforeRate === 0 ? (afterRate === 0 ? 1 : Number.POSITIVE_INFINITY) : afterRate / beforeRate
  return {
    rateRatio,
    pHigher: Math.exp(binomialUpperTailLog(after.count, n, p)),
    pLower: Math.exp(binomialLowerTailLog(after.count, n, p)),
  }
}
