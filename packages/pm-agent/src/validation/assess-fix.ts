import { poissonRateTest } from './exact-tests.js'
import { expectedCount, fitPoissonTrend, type SeriesPoint, type TrendFit } from './trend.js'

export interface ValidationPolicy {
  /** One-sided p-value below which the post-fix rate counts as lower than expected. */
  readonly successAlpha: number
  /** Buckets (days) of post-fix data needed before a fix can be called good. */
  readonly successWindow: number
  /**
   * "Back to baseline": the post-fix rate must also be at most this share of the pre-fix rate, or at
   * most the explicit baseline rate when one is known (the rate before the problem started).
   */
  readonly residualShare: number
  /** The andon cord fires earlier and on weaker evidence than success needs. */
  readonly andonAlpha: number
  readonly andonMinRatio: number
  readonly andonWindow: number
}

export const DEFAULT_VALIDATION_POLICY: ValidationPolicy = {
  successAlpha: 0.01,
  successWindow: 7,
  residualShare: 0.1,
  andonAlpha: 0.05,
  andonMinRatio: 1.5,
  andonWindow: 1,
}

export type FixVerdict =
  /** Significantly below the pre-fix trend and back to baseline for the whole window. */
  | 'fixed'
  /** Significantly below the trend but not back to baseline: another iteration is needed. */
  | 'improved'
  /** The full window passed without a significant drop below the trend. */
  | 'unchanged'
  /** Significantly worse than before the fix: pull the andon cord. */
  | 'regressed'
  /** Not enough post-fix data yet, and nothing alarming so far. */
  | 'pending'
  /** No events before the fix, so there is nothing to compare against. */
  | 'insufficient-data'

export interface FixAssessment {
  readonly verdict: FixVerdict
  readonly before: { readonly count: number; readonly exposure: number; readonly rate: number }
  readonly after: {
    readonly count: number
    readonly exposure: number
    readonly rate: number
    readonly buckets: number
  }
  readonly preTrend: TrendFit | null
  /** True when the pre-fix rate was already falling significantly (z < −1.96). */
  readonly alreadyFalling: boolean
  /** Post-fix events the pre-fix trend predicts (what "no effect" looks like). */
  readonly expectedAfter: number
  readonly pLower: number
  readonly pHigher: number
  readonly rateRatio: number
  /** One paragraph for the ticket comment. */
  readonly evidence: string
}

function sum(points: readonly SeriesPoint[], key: 'count' | 'exposure'): number {
  let s = 0
  for (const p of points) s += p[key]
  return s
}

function fmt(n: number): string {
  if (!Number.isFinite(n)) return '∞'
  if (n === 0) return '0'
  if (Math.abs(n) >= 100) return n.toFixed(0)
  if (Math.abs(n) >= 1) return n.toFixed(2)
  return n.toPrecision(2)
}

function fmtP(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : p.toFixed(4)
}

/**
 * Decides whether a fix worked by comparing the post-fix series with what the pre-fix *trend* predicts,
 * using the exact conditional Poisson test.
 *
 * Why the trend: a rate that was already falling before the fix would look "fixed" against a flat
 * baseline. For the success test the expected post-fix count is extrapolated from the pre-fix slope when
 * that slope is negative (never credit a fix for a decline already under way); for the andon test it is
 * extrapolated when the slope is positive (never blame a fix for a rise already under way). With the
 * intercept fitted, the expected pre-fix total equals the observed one, so the test reduces to
 * x_after | n ~ Binomial(n, E_after / (x_before + E_after)).
 *
 * @example
 * assessFix(pre, post).verdict // 'fixed' | 'improved' | 'unchanged' | 'regressed' | 'pending' | 'insufficient-data'
 */
export function assessFix(
  before: readonly SeriesPoint[],
  after: readonly SeriesPoint[],
  options: {
    policy?: Partial<ValidationPolicy>
    baselineRate?: number
    /** What one bucket is, for the evidence text (the hourly andon check uses hours). */
    unit?: 'day' | 'hour'
  } = {},
): FixAssessment {
  const policy = { ...DEFAULT_VALIDATION_POLICY, ...options.policy }
  const x0 = sum(before, 'count')
  const e0 = sum(before, 'exposure')
  const x1 = sum(after, 'count')
  const e1 = sum(after, 'exposure')
  const beforeRate = e0 > 0 ? x0 / e0 : 0
  const afterRate = e1 > 0 ? x1 / e1 : 0
  const buckets = new Set(after.map((p) => p.t)).size
  const fit = fitPoissonTrend(before)
  const alreadyFalling = fit !== null && fit.z < -1.96
  const base = {
    before: { count: x0, exposure: e0, rate: beforeRate },
    after: { count: x1, exposure: e1, rate: afterRate, buckets },
    preTrend: fit,
    alreadyFalling,
  }
  if (fit === null || x0 === 0 || e1 <= 0) {
    return {
      ...base,
      verdict: 'insufficient-data',
      expectedAfter: 0,
      pLower: 1,
      pHigher: 1,
      rateRatio: 1,
      evidence:
        x0 === 0
          ? 'No events before the fix: there is no rate to compare with.'
          : 'No traffic after the fix yet.',
    }
  }
  const flat = { intercept: Math.log(beforeRate), slope: 0 }
  const successModel = fit.slope < 0 ? fit : flat
  const andonModel = fit.slope > 0 ? fit : flat
  const expectedForSuccess = expectedCount(successModel, after)
  const expectedForAndon = expectedCount(andonModel, after)
  // Rescale expected counts into the exposure the conditional test compares against x_before.
  const lowerTest = poissonRateTest({
    before: { count: x0, exposure: x0 },
    after: { count: x1, exposure: Math.max(expectedForSuccess, Number.MIN_VALUE) },
  })
  const higherTest = poissonRateTest({
    before: { count: x0, exposure: x0 },
    after: { count: x1, exposure: Math.max(expectedForAndon, Number.MIN_VALUE) },
  })
  const rateRatio = x1 / expectedForAndon
  const baselineOk =
    afterRate <= policy.residualShare * beforeRate ||
    (options.baselineRate !== undefined && afterRate <= options.baselineRate)

  let verdict: FixVerdict
  if (
    buckets >= policy.andonWindow &&
    higherTest.pHigher < policy.andonAlpha &&
    rateRatio >= policy.andonMinRatio
  ) {
    verdict = 'regressed'
  } else if (buckets < policy.successWindow) {
    verdict = 'pending'
  } else if (lowerTest.pLower < policy.successAlpha) {
    verdict = baselineOk ? 'fixed' : 'improved'
  } else {
    verdict = 'unchanged'
  }

  const unit = options.unit ?? 'day'
  const trendText =
    fit.slope === 0
      ? 'flat'
      : `${fit.slope < 0 ? 'falling' : 'rising'} ${fmt(Math.abs(Math.expm1(fit.slope)) * 100)}%/${unit} (z = ${fit.z.toFixed(2)})`
  const evidence = [
    `Before the fix: ${x0} events over ${fmt(e0)} exposure (rate ${fmt(beforeRate)}), trend ${trendText}.`,
    `After the fix: ${x1} events over ${fmt(e1)} exposure in ${buckets} ${unit}(s) (rate ${fmt(afterRate)});`,
    `the pre-fix trend predicts ${fmt(expectedForSuccess)} (exact Poisson test: p(lower) = ${fmtP(lowerTest.pLower)},`,
    `p(higher) = ${fmtP(higherTest.pHigher)}, ratio ${fmt(rateRatio)}).`,
    alreadyFalling
      ? 'The rate was already falling before the fix; only a drop beyond that trend counts.'
      : '',
  ]
    .filter((s) => s.length > 0)
    .join(' ')
  return {
    ...base,
    verdict,
    expectedAfter: expectedForSuccess,
    pLower: lowerTest.pLower,
    pHigher: higherTest.pHigher,
    rateRatio,
    evidence,
  }
}
