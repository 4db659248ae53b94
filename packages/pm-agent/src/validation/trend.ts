/** One day (or any fixed bucket) of a signal: how often it happened and how much traffic there was. */
export interface SeriesPoint {
  /** Position in buckets relative to the fix (negative before it, 0 = first bucket after). */
  readonly t: number
  readonly count: number
  /** Traffic in the bucket (sessions, or 1 per day when traffic is unknown). Must be > 0. */
  readonly exposure: number
}

export interface TrendFit {
  /** ln rate at t = 0. */
  readonly intercept: number
  /** Change of ln rate per bucket: −0.1 means ≈ 10 % fewer per bucket. */
  readonly slope: number
  /** Wald z of the slope (slope ÷ its standard error); 0 when it cannot be estimated. */
  readonly z: number
}

// A slope beyond ±2 per bucket (×7.4 per day) only happens when all events sit at one end of the
// window; clamping keeps Newton's method finite there instead of running off to infinity.
const MAX_SLOPE = 2

/**
 * Poisson log-linear regression `ln μ_t = a + b·t + ln exposure_t`, fitted by Newton–Raphson.
 * Returns null when there are no events to fit.
 */
export function fitPoissonTrend(points: readonly SeriesPoint[]): TrendFit | null {
  let total = 0
  let exposure = 0
  for (const p of points) {
    total += p.count
    exposure += p.exposure
  }
  if (total === 0 || exposure <= 0 || points.length === 0) return null
  let a = Math.log(total / exposure)
  let b = 0
  const distinctT = new Set(points.map((p) => p.t)).size
  if (distinctT < 2) return { intercept: a, slope: 0, z: 0 }
  let infoBB = 0
  for (let iteration = 0; iteration < 100; iteration++) {
    let ga = 0
    let gb = 0
    let haa = 0
    let hab = 0
    let hbb = 0
    for (const p of points) {
      const mu = p.exposure * Math.exp(a + b * p.t)
      ga += p.count - mu
      gb += p.t * (p.count - mu)
      haa += mu
      hab += p.t * mu
      hbb += p.t * p.t * mu
    }
    const det = haa * hbb - hab * hab
    if (!(det > 0)) break
    const da = (hbb * ga - hab * gb) / det
    const db = (haa * gb - hab * ga) / det
    a += da
    b = Math.max(-MAX_SLOPE, Math.min(MAX_SLOPE, b + db))
    infoBB = haa / det
    if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) break
  }
  const se = Math.sqrt(infoBB)
  return { intercept: a, slope: b, z: se > 0 && Number.isFinite(se) ? b / se : 0 }
}

/** Expected events over `points` under a fitted trend (the observed counts are ignored). */
export function expectedCount(
  fit: Pick<TrendFit, 'intercept' | 'slope'>,
  points: readonly SeriesPoint[],
): number {
  let sum = 0
  for (const p of points) sum += p.exposure * Math.exp(fit.intercept + fit.slope * p.t)
  return sum
}
