/**
 * ROC AUC: the probability that a random positive scores above a random negative (ties count half).
 * Computed from ranks in O(n log n). NaN when either class is empty.
 */
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

/** A small deterministic PRNG (mulberry32), so bootstrap intervals are reproducible run to run. */
function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
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
  const random = prng(seed)
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
