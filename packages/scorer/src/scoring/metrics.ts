/**
 * ROC AUC: the probability that a random positive scores above a random negative (ties count half).
 * Computed from ranks in O(n log n). NaN when either class is empty.
 */
import { seededRandom } from '@suture/envelope'
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number {
  const order = scores.map((_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number))
  let positives = 0
  let negatives = 0
  let rankSum = 0
  let i = 0
  while (i < order.length) {
    let j = i
    const value = scores[order[i] as number]
    while (j < order.length && scores[order[j] as number] === value) j++
    const meanRank = (i + 1 + j) / 2
    for (let k = i; k < j; k++) {
      if (labels[order[k] as number]) {
        positives++
        rankSum += meanRank
      } else negatives++
    }
    i = j
  }
  if (positives === 0 || negatives === 0) return Number.NaN
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives)
}

export interface CalibrationRow {
  readonly band: string
  readonly count: number
  readonly positives: number
  readonly rate: number
}

/** Outcome rate per band of `[lo, hi)`; the last band includes its upper edge. */
export function calibrationTable(
  scores: readonly number[],
  labels: readonly boolean[],
  edges: readonly number[],
  format: (n: number) => string = (n) => String(n),
): CalibrationRow[] {
  const rows: CalibrationRow[] = []
  for (let b = 0; b < edges.length - 1; b++) {
    const lo = edges[b] as number
    const hi = edges[b + 1] as number
    const last = b === edges.length - 2
    let count = 0
    let positives = 0
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i] as number
      if (s >= lo && (s < hi || (last && s <= hi))) {
        count++
        if (labels[i]) positives++
      }
    }
    rows.push({
      band: `${format(lo)}–${format(hi)}`,
      count,
      positives,
      rate: count === 0 ? Number.NaN : positives / count,
    })
  }
  return rows
}

/** Edges that cut `scores` into `bands` groups of roughly equal size (for baselines with no fixed scale). */
export function quantileEdges(scores: readonly number[], bands: number): number[] {
  const sorted = [...scores].sort((a, b) => a - b)
  const edges = new Set<number>()
  for (let b = 0; b <= bands; b++) {
    const index = Math.min(sorted.length - 1, Math.floor((b / bands) * sorted.length))
    const value = sorted[b === bands ? sorted.length - 1 : index]
    if (value !== undefined) edges.add(value)
  }
  return [...edges].sort((a, b) => a - b)
}

/**
 * Paired bootstrap of AUC(a) − AUC(b) over the same sessions: the 95% interval of the difference.
 * An interval entirely above 0 says `a` ranks outcomes better than `b` beyond resampling noise.
 */
export function aucDifferenceInterval(
  a: readonly number[],
  b: readonly number[],
  labels: readonly boolean[],
  resamples = 200,
  seed = 1,
): { readonly difference: number; readonly low: number; readonly high: number } {
  const random = seededRandom(seed)
  const n = labels.length
  const diffs: number[] = []
  const sa = new Array<number>(n)
  const sb = new Array<number>(n)
  const sl = new Array<boolean>(n)
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      const k = Math.floor(random() * n)
      sa[i] = a[k] as number
      sb[i] = b[k] as number
      sl[i] = labels[k] as boolean
    }
    const d = rocAuc(sa, sl) - rocAuc(sb, sl)
    if (Number.isFinite(d)) diffs.push(d)
  }
  diffs.sort((x, y) => x - y)
  return {
    difference: rocAuc(a, labels) - rocAuc(b, labels),
    low: diffs[Math.floor(0.025 * diffs.length)] ?? Number.NaN,
    high: diffs[Math.min(diffs.length - 1, Math.floor(0.975 * diffs.length))] ?? Number.NaN,
  }
}

/** Mid-ranks (1-based, ties share their mean rank) of `values`. */
function midRanks(values: readonly number[]): Float64Array {
  const order = values.map((_, i) => i).sort((a, b) => (values[a] as number) - (values[b] as number))
  const ranks = new Float64Array(values.length)
  let i = 0
  while (i < order.length) {
    let j = i
    const value = values[order[i] as number]
    while (j < order.length && values[order[j] as number] === value) j++
    for (let k = i; k < j; k++) ranks[order[k] as number] = (i + 1 + j) / 2
    i = j
  }
  return ranks
}

/**
 * DeLong's structural components of one score: per positive, the share of negatives it outranks (V10);
 * per negative, the share of positives that outrank it (V01). Their means are the AUC. Computed from
 * mid-ranks in O(n log n) (Sun & Xu, 2014).
 */
function placements(scores: readonly number[], labels: readonly boolean[]) {
  const pos: number[] = []
  const neg: number[] = []
  labels.forEach((label, i) => {
    ;(label ? pos : neg).push(scores[i] as number)
  })
  const all = midRanks([...pos, ...neg])
  const rp = midRanks(pos)
  const rn = midRanks(neg)
  const m = pos.length
  const n = neg.length
  const v10 = pos.map((_, i) => ((all[i] as number) - (rp[i] as number)) / n)
  const v01 = neg.map((_, j) => 1 - ((all[m + j] as number) - (rn[j] as number)) / m)
  return { v10, v01, m, n }
}

function covariance(a: readonly number[], b: readonly number[]): number {
  const k = a.length
  if (k < 2) return 0
  let ma = 0
  let mb = 0
  for (let i = 0; i < k; i++) {
    ma += (a[i] as number) / k
    mb += (b[i] as number) / k
  }
  let s = 0
  for (let i = 0; i < k; i++) s += ((a[i] as number) - ma) * ((b[i] as number) - mb)
  return s / (k - 1)
}

export interface AucInterval {
  readonly auc: number
  readonly se: number
  /** 95% interval (normal approximation of DeLong's variance). */
  readonly low: number
  readonly high: number
}

/**
 * ROC AUC with DeLong's standard error and 95% interval (DeLong, DeLong & Clarke-Pearson, 1988).
 * @example
 * const { auc, low, high } = delongAuc(scores, outcomes)
 */
export function delongAuc(scores: readonly number[], labels: readonly boolean[]): AucInterval {
  const { v10, v01, m, n } = placements(scores, labels)
  if (m === 0 || n === 0) return { auc: Number.NaN, se: Number.NaN, low: Number.NaN, high: Number.NaN }
  const auc = v10.reduce((s, v) => s + v, 0) / m
  const se = Math.sqrt(covariance(v10, v10) / m + covariance(v01, v01) / n)
  return { auc, se, low: Math.max(0, auc - 1.96 * se), high: Math.min(1, auc + 1.96 * se) }
}

export interface AucDifference {
  /** AUC(a) − AUC(b) on the same rows. */
  readonly difference: number
  readonly se: number
  readonly low: number
  readonly high: number
  /** Two-sided p-value of "no difference" (DeLong's paired test). */
  readonly p: number
}

/** Standard normal upper tail, by the complementary error function (Numerical Recipes' erfc, |ε| < 1.2e-7). */
function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2
  const t = 1 / (1 + 0.5 * x)
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    )
  return z >= 0 ? erfc / 2 : 1 - erfc / 2
}

/**
 * DeLong's paired comparison of two scores on the same labelled rows: the difference of their AUCs, its
 * standard error (which accounts for the two scores being correlated), a 95% interval and a p-value.
 * @example
 * delongDifference(heuristic, logistic, outcomes).low > 0 // heuristic better beyond sampling noise
 */
export function delongDifference(
  a: readonly number[],
  b: readonly number[],
  labels: readonly boolean[],
): AucDifference {
  const pa = placements(a, labels)
  const pb = placements(b, labels)
  const { m, n } = pa
  if (m === 0 || n === 0) {
    return { difference: Number.NaN, se: Number.NaN, low: Number.NaN, high: Number.NaN, p: Number.NaN }
  }
  const aucA = pa.v10.reduce((s, v) => s + v, 0) / m
  const aucB = pb.v10.reduce((s, v) => s + v, 0) / m
  const variance =
    (covariance(pa.v10, pa.v10) + covariance(pb.v10, pb.v10) - 2 * covariance(pa.v10, pb.v10)) / m +
    (covariance(pa.v01, pa.v01) + covariance(pb.v01, pb.v01) - 2 * covariance(pa.v01, pb.v01)) / n
  const se = Math.sqrt(Math.max(0, variance))
  const difference = aucA - aucB
  const p = se === 0 ? (difference === 0 ? 1 : 0) : 2 * normalUpperTail(Math.abs(difference / se))
  return { difference, se, low: difference - 1.96 * se, high: difference + 1.96 * se, p }
}
