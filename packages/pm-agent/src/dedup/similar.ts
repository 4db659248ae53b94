import { compare, DEFAULT_THRESHOLDS, emptyVotes, pairScore, type Thresholds } from './compare.js'
import { type PreparedSignals, prepareSignals } from './prepared.js'
import type { Signal } from './signal.js'
import type { FeatureOptions } from './text.js'

export interface SimilarSignal {
  readonly id: string
  readonly score: number
}

export interface SimilarOptions {
  readonly k: number
  readonly thresholds?: Partial<Thresholds>
  readonly features?: FeatureOptions
  /** Features in more than this share of documents are skipped when gathering candidates. */
  readonly maxDocumentShare?: number
  /** Candidates rescored with every signal, per record. */
  readonly rescore?: number
}

/** Signal positions in time order (undated last, then input order). */
export function timeOrder(signals: readonly Signal[]): number[] {
  const times = signals.map((s) => {
    const t = s.createdAt ? Date.parse(s.createdAt) : Number.NaN
    return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t
  })
  return signals.map((_, i) => i).sort((a, b) => (times[a] as number) - (times[b] as number) || a - b)
}

/**
 * For each signal, the `k` most similar EARLIER signals (the "related reports" a triager sees). Candidates
 * come from an inverted index over text features (skipping the most common ones) and equal fingerprints;
 * they are ranked by the mean score of the signals both records carry.
 */
export function similarEarlier(signals: readonly Signal[], options: SimilarOptions): SimilarSignal[][] {
  const prepared = prepareSignals(signals, options.features ? { features: options.features } : {})
  return similarEarlierPrepared(signals, prepared, options)
}

export function similarEarlierPrepared(
  signals: readonly Signal[],
  p: PreparedSignals,
  options: SimilarOptions,
): SimilarSignal[][] {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds }
  const n = p.size
  const maxDf = Math.max(50, Math.floor(n * (options.maxDocumentShare ?? 0.05)))
  const rescore = options.rescore ?? Math.max(50, options.k * 5)
  const postings = new Map<number, number[]>()
  const byFingerprint = new Map<number, number[]>()
  const accumulator = new Float32Array(n)
  const touched: number[] = []
  const result: SimilarSignal[][] = Array.from({ length: n }, () => [])
  const votes = emptyVotes()
  for (const d of timeOrder(signals)) {
    touched.length = 0
    const { features, weights } = p.text.entries(d)
    for (let f = 0; f < features.length; f++) {
      const feature = features[f] as number
      if ((p.text.df[feature] as number) > maxDf) continue
      const list = postings.get(feature)
      if (list) {
        const w = weights[f] as number
        for (const other of list) {
          if (accumulator[other] === 0) touched.push(other)
          accumulator[other] = (accumulator[other] as number) + w
        }
        list.push(d)
      } else postings.set(feature, [d])
    }
    const fp = p.fingerprint[d] as number
    if (fp >= 0) {
      const list = byFingerprint.get(fp) ?? []
      for (const other of list.slice(-rescore)) {
        if (accumulator[other] === 0) touched.push(other)
        accumulator[other] = (accumulator[other] as number) + 1
      }
      list.push(d)
      byFingerprint.set(fp, list)
    }
    const candidates = touched
      .sort((a, b) => (accumulator[b] as number) - (accumulator[a] as number) || a - b)
      .slice(0, rescore)
    for (const other of touched) accumulator[other] = 0
    const scored = candidates.map((other) => {
      compare(p, d, other, thresholds, votes)
      return { index: other, score: pairScore(votes) }
    })
    scored.sort((a, b) => b.score - a.score || a.index - b.index)
    result[d] = scored.slice(0, options.k).map((s) => ({
      id: (signals[s.index] as Signal).id,
      score: Math.round(s.score * 1000) / 1000,
    }))
  }
  return result
}
