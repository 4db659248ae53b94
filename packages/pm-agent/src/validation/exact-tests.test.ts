import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  binomialLowerTailLog,
  binomialUpperTailLog,
  logGamma,
  poissonRateTest,
  poissonUpperTailLog,
} from './exact-tests.js'

function choose(n: number, k: number): number {
  let r = 1
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i
  return r
}

describe('exact tails', () => {
  it('logGamma matches factorials', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12)
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 10)
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12)
  })

  it('binomial tails match direct sums on small n', () => {
    expect(Math.exp(binomialUpperTailLog(3, 10, 0.5))).toBeCloseTo(968 / 1024, 12)
    expect(Math.exp(binomialLowerTailLog(2, 10, 0.5))).toBeCloseTo(56 / 1024, 12)
    for (const p of [0.01, 0.3, 0.77]) {
      let direct = 0
      for (let i = 4; i <= 12; i++) direct += choose(12, i) * p ** i * (1 - p) ** (12 - i)
      expect(Math.exp(binomialUpperTailLog(4, 12, p))).toBeCloseTo(direct, 12)
    }
  })

  it('stays accurate far into the tail and at a million trials', () => {
    // P(X = n) = p^n exactly: 1e-300 is representable but not by naive products of pmf terms.
    expect(binomialUpperTailLog(100, 100, 0.001)).toBeCloseTo(100 * Math.log(0.001), 8)
    // Symmetric binomial: P(X ≥ n/2) = 1/2 + pmf(n/2)/2, pmf ≈ 1/sqrt(pi n/2).
    const n = 1_000_000
    const half = Math.exp(binomialUpperTailLog(n / 2, n, 0.5))
    expect(half).toBeCloseTo(0.5 + 0.5 / Math.sqrt((Math.PI * n) / 2), 8)
  })

  it('poisson tail matches the closed form', () => {
    expect(Math.exp(poissonUpperTailLog(1, 2))).toBeCloseTo(1 - Math.exp(-2), 12)
    expect(Math.exp(poissonUpperTailLog(3, 2))).toBeCloseTo(1 - Math.exp(-2) * (1 + 2 + 2), 12)
  })

  it('upper(k) + lower(k-1) = 1 for any k, n, p', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, p, share) => {
          const k = Math.max(1, Math.min(n, Math.round(share * n)))
          const total = Math.exp(binomialUpperTailLog(k, n, p)) + Math.exp(binomialLowerTailLog(k - 1, n, p))
          expect(total).toBeCloseTo(1, 9)
        },
      ),
    )
  })

  it('the rate test is conditional on the total and uses only the exposure ratio', () => {
    const a = poissonRateTest({ before: { count: 140, exposure: 14 }, after: { count: 2, exposure: 7 } })
    const b = poissonRateTest({ before: { count: 140, exposure: 1400 }, after: { count: 2, exposure: 700 } })
    expect(a.pLower).toBeCloseTo(b.pLower, 15)
    expect(a.pLower).toBeLessThan(1e-15)
    expect(a.pHigher).toBeCloseTo(1, 9)
    expect(a.rateRatio).toBeCloseTo(1 / 35, 12)
    expect(() =>
      poissonRateTest({ before: { count: 1, exposure: 0 }, after: { count: 1, exposure: 1 } }),
    ).toThrow(/exposures must be positive/)
  })
})
