import type { SignalName } from './compare.js'

/**
 * `P(duplicate) = σ(intercept + slope · score + gapSlope · ln(1 + days apart) + densitySlope · density)`:
 * Platt scaling of one signal's score, plus how far apart in time the two reports are (duplicates of a
 * live problem arrive close together; templated siblings — one backport per branch — are spread over
 * months), plus how crowded the two reports' text neighbourhood is (`density`: the mean of each report's
 * best text scores against any other report, the "hubness" that CSLS subtracts in cross-lingual
 * retrieval). A report written from a template (one web-compatibility form per site, one "upgrade X to
 * n" per version) scores high against a whole family of siblings; two paraphrases of one problem stand out
 * against a quieter neighbourhood.
 */
export interface PairCalibration {
  readonly intercept: number
  readonly slope: number
  readonly gapSlope: number
  /** ≤ 0; absent in calibrations written before the density term (read as 0). */
  readonly densitySlope?: number | undefined
}

/** How each lone agreeing signal's score maps to the probability that the pair really is a duplicate. */
export type LinkCalibration = Readonly<Record<SignalName, PairCalibration>>

/**
 * Semantics: fitted (`fitPairCalibration`) on the 153 needs-confirmation links of the GitBugs development
 * split (18 true duplicates; in-sample — `suture eval dedup` refits it per fold and reports held-out
 * figures, see the README). The text score alone says little once it passed the vote (templated siblings
 * such as "Remove usage of sun.misc.Signal" / "…Unsafe" score highest); time apart and the density of the
 * pair's text neighbourhood say more: P ≈ 0.43 for a same-day pair at score 0.4 in a quiet neighbourhood
 * (density 0.1), 0.19 a month apart, 0.09 a year apart, and 0.19 for a same-day pair among
 * web-compatibility form reports (density 0.3). Stack and structure: no labelled data yet, so priors, not fits, on the link's score (the
 * mean of the scores of the signals both records carry) — an equal frame sequence without a second
 * signal is a coin flip at best (0.5 at score 1), the same route alone much less (0.18 at score 0.5).
 */
export const DEFAULT_LINK_CALIBRATION: LinkCalibration = {
  semantics: { intercept: 0.04, slope: 0.59, gapSlope: -0.34, densitySlope: -5.67 },
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

/**
 * The calibrated probability that a pair linked by one `signal` at `score`, `days` apart, in a text
 * neighbourhood of `density` (0 when unknown), is a duplicate.
 */
export function linkProbability(
  calibration: LinkCalibration,
  signal: SignalName,
  score: number,
  days = 0,
  density = 0,
): number {
  const { intercept, slope, gapSlope, densitySlope = 0 } = calibration[signal]
  return sigmoid(intercept + slope * score + gapSlope * Math.log1p(days) + densitySlope * density)
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
  /** The pair's text-neighbourhood density (`NeedsConfirmationLink.density`); 0 when unknown. */
  readonly density?: number | undefined
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
    // Gaussian elimination on the small (≤ 4×4) system.
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
 * never less likely a duplicate (slope ≥ 0), a pair further apart in time never more likely (gapSlope ≤ 0)
 * and a pair in a more crowded neighbourhood never more likely (densitySlope ≤ 0). A term the data gives
 * the wrong sign is dropped (the worst first) and the rest refitted, so a set where a term does not
 * separate the classes gives a flat, honest probability instead of a backwards one. A small ridge keeps
 * tiny sets finite.
 * @example
 * const semantics = fitPairCalibration(links.map((l) => ({ score: l.score, days: l.days, density: l.density, duplicate: l.same })))
 */
export function fitPairCalibration(pairs: readonly CalibrationPair[], ridge = 0.1): PairCalibration {
  if (pairs.length === 0) {
    throw new CalibrationError(
      'cannot calibrate on 0 labelled pairs: pass the links with their true answers',
      0,
    )
  }
  const y = pairs.map((p) => p.duplicate)
  // Each term: its value per pair and the sign the coefficient must have.
  const terms = [
    { name: 'slope', sign: 1, value: (p: CalibrationPair) => p.score },
    { name: 'gapSlope', sign: -1, value: (p: CalibrationPair) => Math.log1p(p.days) },
    { name: 'densitySlope', sign: -1, value: (p: CalibrationPair) => p.density ?? 0 },
  ] as const
  let used: (typeof terms)[number][] = [...terms]
  for (;;) {
    const x = pairs.map((p) => [1, ...used.map((t) => t.value(p))])
    const beta = newton(x, y, ridge)
    let worst = -1
    let worstBy = 0
    used.forEach((t, j) => {
      const wrong = -t.sign * (beta[j + 1] as number)
      if (wrong > worstBy) {
        worst = j
        worstBy = wrong
      }
    })
    if (worst >= 0) {
      used = used.filter((_, j) => j !== worst)
      continue
    }
    const coefficient = (name: string) => {
      const j = used.findIndex((t) => t.name === name)
      return j < 0 ? 0 : (beta[j + 1] as number)
    }
    return {
      intercept: beta[0] as number,
      slope: coefficient('slope'),
      gapSlope: coefficient('gapSlope'),
      densitySlope: coefficient('densitySlope'),
    }
  }
}
