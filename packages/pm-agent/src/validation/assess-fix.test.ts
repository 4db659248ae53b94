import { describe, expect, it } from 'vitest'
import { assessFix } from './assess-fix.js'
import { poissonRateTest } from './exact-tests.js'
import type { SeriesPoint } from './trend.js'

/** Days −n..−1 with the given counts and constant traffic. */
function pre(counts: readonly number[], exposure = 1000): SeriesPoint[] {
  return counts.map((count, i) => ({ t: i - counts.length, count, exposure }))
}
function post(counts: readonly number[], exposure = 1000): SeriesPoint[] {
  return counts.map((count, t) => ({ t, count, exposure }))
}
const steady = [18, 22, 19, 21, 20, 23, 17, 20, 21, 19, 22, 18, 20, 20]

describe('assessFix', () => {
  it('a fix that brings the signal back to baseline for 7 days is fixed', () => {
    const result = assessFix(pre(steady), post([1, 0, 0, 1, 0, 0, 0]))
    expect(result.verdict).toBe('fixed')
    expect(result.pLower).toBeLessThan(1e-20)
    expect(result.evidence).toMatch(/exact Poisson test/)
  })

  it('waits for the full window before calling success', () => {
    expect(assessFix(pre(steady), post([0, 0, 1])).verdict).toBe('pending')
  })

  it('an unchanged rate is unchanged, a partial drop is improved but not fixed', () => {
    expect(assessFix(pre(steady), post([21, 19, 20, 22, 18, 20, 21])).verdict).toBe('unchanged')
    expect(assessFix(pre(steady), post([9, 11, 10, 10, 12, 8, 10])).verdict).toBe('improved')
  })

  it('pulls the andon cord after one bad day, before the success window', () => {
    const result = assessFix(pre(steady), post([48]))
    expect(result.verdict).toBe('regressed')
    expect(result.rateRatio).toBeGreaterThan(2)
    // The same day at a modest rise is not enough evidence: the andon needs a ratio and a p-value.
    expect(assessFix(pre(steady), post([24])).verdict).toBe('pending')
  })

  it('normalises by traffic: twice the errors on twice the sessions is not a regression', () => {
    expect(assessFix(pre(steady), post([40], 2000)).verdict).toBe('pending')
  })

  it('a rate already falling before the fix is not credited to the fix', () => {
    // 40/day decaying 15 % a day for 14 days, then the same decay continues after the "fix".
    const decay = (t: number) => Math.round(40 * 0.85 ** (t + 14))
    const before = pre(Array.from({ length: 14 }, (_, i) => decay(i - 14)))
    const after = post(Array.from({ length: 7 }, (_, t) => decay(t)))
    // A flat comparison would call this a resounding success...
    const naive = poissonRateTest({
      before: { count: before.reduce((s, p) => s + p.count, 0), exposure: 14 },
      after: { count: after.reduce((s, p) => s + p.count, 0), exposure: 7 },
    })
    expect(naive.pLower).toBeLessThan(1e-6)
    // ...the trend-aware test does not.
    const result = assessFix(before, after)
    expect(result.alreadyFalling).toBe(true)
    expect(result.preTrend?.slope).toBeCloseTo(Math.log(0.85), 1)
    expect(result.verdict).toBe('unchanged')
    expect(result.evidence).toMatch(/already falling/)
  })

  it('a fix that drops a falling rate well below its trend still counts', () => {
    const decay = (t: number) => Math.round(60 * 0.95 ** (t + 14))
    const before = pre(Array.from({ length: 14 }, (_, i) => decay(i - 14)))
    expect(assessFix(before, post([0, 0, 1, 0, 0, 0, 0])).verdict).toBe('fixed')
  })

  it('no events before the fix means nothing to validate', () => {
    expect(assessFix(pre([0, 0, 0]), post([0, 0, 0, 0, 0, 0, 0])).verdict).toBe('insufficient-data')
  })
})
