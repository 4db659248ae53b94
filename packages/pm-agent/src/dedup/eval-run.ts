import { clusterSignals, type DedupOptions } from './cluster.js'
import { bcubedScores, type PRF, pairwiseScores, recallRateAt } from './evaluate.js'
import type { Signal } from './signal.js'
import { similarEarlier, timeOrder } from './similar.js'
import { vectorize } from './tfidf.js'
import { UnionFind } from './union-find.js'

export interface LabelledSignal {
  readonly signal: Signal
  readonly group: string
}

export interface DedupEvaluation {
  readonly records: number
  readonly groups: number
  readonly duplicateQueries: number
  readonly pairwise: PRF
  readonly bcubed: PRF
  readonly recallRate: Record<number, number>
  /** Needs-confirmation links, and how many of them join records of one gold group. */
  readonly links: number
  readonly linksCorrect: number
}

export interface DedupEvalReport {
  readonly suture: DedupEvaluation
  /** Plain TF-IDF cosine over words, all pairs, clusters = connected components at `baselineThreshold`. */
  readonly baseline: DedupEvaluation
  readonly baselineThreshold: number
}

export const RECALL_KS = [1, 5, 10] as const

function groupCount(gold: readonly string[]): number {
  return new Set(gold).size
}

/** Evaluates Suture's clustering and a plain TF-IDF baseline on the same labelled records. */
export function evaluateDedup(
  labelled: readonly LabelledSignal[],
  options: DedupOptions & { baselineThreshold?: number } = {},
): DedupEvalReport {
  const signals = labelled.map((l) => l.signal)
  const gold = labelled.map((l) => l.group)
  const ids = signals.map((s) => s.id)
  const order = timeOrder(signals)

  const result = clusterSignals(signals, options)
  const predicted = Array.from(result.clusterIndex, String)
  const similar = similarEarlier(signals, {
    k: 10,
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    ...(options.features ? { features: options.features } : {}),
  })
  const groupOf = new Map(labelled.map((l) => [l.signal.id, l.group]))
  const linksCorrect = result.links.filter((link) => groupOf.get(link.a) === groupOf.get(link.b)).length
  const recall = recallRateAt(RECALL_KS, ids, gold, order, similar)
  const suture: DedupEvaluation = {
    records: signals.length,
    groups: groupCount(gold),
    duplicateQueries: recall.queries,
    pairwise: pairwiseScores(predicted, gold),
    bcubed: bcubedScores(predicted, gold),
    recallRate: recall.rates,
    links: result.links.length,
    linksCorrect,
  }

  // The baseline: unigram TF-IDF of title + text, no title weighting, compared all pairs.
  const threshold = options.baselineThreshold ?? 0.5
  const plain = vectorize(
    signals.map((s) => ({ text: [s.title, s.text].filter(Boolean).join('\n') })),
    { features: { bigrams: false, charGrams: 0, titleWeight: 1 } },
  )
  const uf = new UnionFind(signals.length)
  const earlier: { id: string; score: number }[][] = signals.map(() => [])
  const rank = new Map<number, number>()
  order.forEach((index, position) => {
    rank.set(index, position)
  })
  for (let a = 0; a < signals.length; a++) {
    for (let b = a + 1; b < signals.length; b++) {
      const score = plain.cosine(a, b)
      if (score >= threshold) uf.union(a, b)
      if (score <= 0) continue
      const [later, first] = (rank.get(a) as number) > (rank.get(b) as number) ? [a, b] : [b, a]
      ;(earlier[later] as { id: string; score: number }[]).push({ id: ids[first] as string, score })
    }
  }
  for (const list of earlier) {
    list.sort((x, y) => y.score - x.score)
    list.length = Math.min(list.length, 10)
  }
  const baselinePredicted = signals.map((_, i) => String(uf.find(i)))
  const baselineRecall = recallRateAt(RECALL_KS, ids, gold, order, earlier)
  const baseline: DedupEvaluation = {
    records: signals.length,
    groups: groupCount(gold),
    duplicateQueries: baselineRecall.queries,
    pairwise: pairwiseScores(baselinePredicted, gold),
    bcubed: bcubedScores(baselinePredicted, gold),
    recallRate: baselineRecall.rates,
    links: 0,
    linksCorrect: 0,
  }
  return { suture, baseline, baselineThreshold: threshold }
}
