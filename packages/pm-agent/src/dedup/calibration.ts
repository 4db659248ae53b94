import type { SignalName } from './compare.js'

/**
 * `P(duplicate) = σ(intercept + slope · score + gapSlope · ln(1 + days apart))`: Platt scaling of one
 * signal's score, plus how far apart in time the two reports are (duplicates of a live problem arrive
 * close together; templated siblings — one backport per branch — are spread over months).
 */
export interface PairCalibration {
  readonly intercept: number
  readonly slope: number
  readonly gapSlope: number
}

/** How each lone agreeing signal's score maps to the probability that the pair really is a duplicate. */
export type LinkCalibration = Readonly<Record<SignalName, PairCalibration>>

/**
 * Semantics: fitted (`fitPairCalibration`) on the 153 needs-confirmation links of the GitBugs development
 * split (18 true duplicates; `suture eval dedup` refits it on one half and reports the other, see the
 * README). There the text score says nothing once it passed the vote (the free fit's slope was slightly
 * negative, as templated siblings such as "Remove usage of sun.misc.Signal" / "…Unsafe" score highest;
 * the monotone fit drops it), while time apart does: P ≈ 0.27 the same day, 0.16 a week apart, 0.06 a
 * year apart. Stack and structure: no labelled data yet, so priors, not fits, on the link's score (the
 * mean of the scores of the signals both records carry) — an equal frame sequence without a second
 * signal is a coin flip at best (0.5 at score 1), the same route alone much less (0.18 at score 0.5).
 */
export const DEFAULT_LINK_CALIBRATION: LinkCalibration = {
  semantics: { intercept: -1, slope: 0, gapSlope: -0.3 },
  stack: { intercept: -2, slope: 2, gapSlope: 0 },
  structure: { intercept: -2, slope: 1, gapSlope: 0 },
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))
}

/** Days between two ISO timestamps; 0 when either is missing or unreadable (no evidence either way). */
export function daysApart(a: string | undefined, b: string | undefined): number {
  const ta = a ? Date.parse(a) : Number.NaN
  const tb = b ? Date.parse(b) : Number.NaN
  if (Number.isNaN(ta) || Number.isNaN(tb)) return 0
  return Math.abs(ta - tb) / 86_400_000
}

/** The calibrated probability that a pair linked by one `signal` at `score`, `days` apart, is a duplicate. */
export function linkProbability(
  calibration: LinkCalibration,
  signal: SignalName,
  score: number,
  days = 0,
): number {
  const { intercept, slope, gapSlope } = calibration[signal]
  return sigmoid(intercept + slope * score + gapSlope * Math.log1p(days))
}

export class CalibrationError extends Error {
  readonly pairs: number
  constructor(message: string, pairs: number) {
    super(message)
    this.name = 'CalibrationError'
    this.pairs = pairs
  }
}

export interface CalibrationPair {
  readonly score: number
  readonly days: number
  readonly duplicate: boolean
}

/** Newton's method for logistic regression on `columns` of x (0 = intercept), with a ridge on the rest. */
function newton(x: readonly (readonly number[])[], y: readonly boolean[], ridge: number): number[] {
  const k = (x[0] as readonly number[]).length
  const beta = new Array<number>(k).fill(0)
  const positives = y.filter(Boolean).length
  beta[0] = Math.log((positives + 0.5) / (y.length - positives + 0.5))
  for (let iteration = 0; iteration < 100; iteration++) {
    const g = new Array<number>(k).fill(0)
    const h = Array.from({ length: k }, () => new Array<number>(k).fill(0))
    for (let i = 0; i < x.length; i++) {
      const xi = x[i] as readonly number[]
      let z = 0
      for (let j = 0; j < k; j++) z += (beta[j] as number) * (xi[j] as number)
      const p = sigmoid(z)
      const r = (y[i] ? 1 : 0) - p
      const w = p * (1 - p)
      for (let j = 0; j < k; j++) {
        g[j] = (g[j] as number) + r * (xi[j] as number)
        for (let l = 0; l < k; l++)
          (h[j] as number[])[l] =
            ((h[j] as number[])[l] as number) + w * (xi[j] as number) * (xi[l] as number)
      }
    }
    for (let j = 0; j < k; j++) {
      ;(h[j] as number[])[j] = ((h[j] as number[])[j] as number) + (j === 0 ? 1e-9 : ridge)
      if (j > 0) g[j] = (g[j] as number) - ridge * (beta[j] as number)
    }
    // Gaussian elimination on the small (≤ 3×3) system.
    const m = h.map((row, j) => [...row, g[j] as number])
    for (let c = 0; c < k; c++) {
      let pivot = c
      for (let r = c + 1; r < k; r++)
        if (Math.abs((m[r] as number[])[c] as number) > Math.abs((m[pivot] as number[])[c] as number))
          pivot = r
      ;[m[c], m[pivot]] = [m[pivot] as number[], m[c] as number[]]
      const rowC = m[c] as number[]
      const d = rowC[c] as number
      if (Math.abs(d) < 1e-15) return beta
      for (let r = 0; r < k; r++) {
        if (r === c) continue
        const rowR = m[r] as number[]
        const f = (rowR[c] as number) / d
        for (let l = c; l <= k; l++) rowR[l] = (rowR[l] as number) - f * (rowC[l] as number)
      }
    }
    let change = 0
    for (let j = 0; j < k; j++) {
      const step = ((m[j] as number[])[k] as number) / ((m[j] as number[])[j] as number)
      beta[j] = (beta[j] as number) + step
      change = Math.max(change, Math.abs(step))
    }
    if (change < 1e-10) break
  }
  return beta
}

/**
 * Fits a signal's calibration on labelled links, keeping it monotone by design: a more similar pair is
 * never less likely a duplicate (slope ≥ 0) and a pair further apart in time never more likely
 * (gapSlope ≤ 0). A term the data gives the wrong sign is dropped and the rest refitted, so a set where the
 * score does not separate the classes gives a flat, honest probability instead of a backwards one. A
 * small ridge keeps tiny sets finite.
 * @example
 * const semantics = fitPairCalibration(links.map((l) => ({ score: l.score, days: l.days, duplicate: l.same })))
 */
export function fitPairCalibration(pairs: readonly CalibrationPair[], ridge = 0.1): PairCalibration {
  if (pairs.length === 0) {
    throw new CalibrationError(
      'cannot calibrate on 0 labelled pairs: pass the links with their true answers',
      0,
    )
  }
  const y = pairs.map((p) => p.duplicate)
  let useScore = true
  let useGap = true
  for (;;) {
    const x = pairs.map((p) => [1, ...(useScore ? [p.score] : []), ...(useGap ? [Math.log1p(p.days)] : [])])
    const beta = newton(x, y, ridge)
    const slope = useScore ? (beta[1] as number) : 0
    const gapSlope = useGap ? (beta[useScore ? 2 : 1] as number) : 0
    if (slope < 0) {
      useScore = false
      continue
    }
    if (gapSlope > 0) {
      useGap = false
      continue
    }
    return { intercept: beta[0] as number, slope, gapSlope }
  }
}
