/** Precision, recall and F1. */
export interface PRF {
  readonly precision: number
  readonly recall: number
  readonly f1: number
}

function prf(precision: number, recall: number): PRF {
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return { precision, recall, f1 }
}

function pairsIn(count: number): number {
  return (count * (count - 1)) / 2
}

/** Record counts per predicted cluster, per gold group, and per (cluster, group) pair. */
function contingency(predicted: readonly string[], gold: readonly string[]) {
  const joint = new Map<string, number>()
  const pred = new Map<string, number>()
  const truth = new Map<string, number>()
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i] as string
    const g = gold[i] as string
    pred.set(p, (pred.get(p) ?? 0) + 1)
    truth.set(g, (truth.get(g) ?? 0) + 1)
    const key = `${p}\u0000${g}`
    joint.set(key, (joint.get(key) ?? 0) + 1)
  }
  return { joint, pred, truth }
}

/**
 * Pairwise precision/recall: of the pairs put in one cluster, how many share a gold group, and of the
 * pairs sharing a gold group, how many were put together. No pairs predicted → precision 1.
 */
export function pairwiseScores(predicted: readonly string[], gold: readonly string[]): PRF {
  const { joint, pred, truth } = contingency(predicted, gold)
  let tp = 0
  for (const c of joint.values()) tp += pairsIn(c)
  let predictedPairs = 0
  for (const c of pred.values()) predictedPairs += pairsIn(c)
  let goldPairs = 0
  for (const c of truth.values()) goldPairs += pairsIn(c)
  return prf(predictedPairs === 0 ? 1 : tp / predictedPairs, goldPairs === 0 ? 1 : tp / goldPairs)
}

/** B-cubed precision/recall (Bagga & Baldwin): per record, averaged over records. */
export function bcubedScores(predicted: readonly string[], gold: readonly string[]): PRF {
  const { joint, pred, truth } = contingency(predicted, gold)
  let precision = 0
  let recall = 0
  for (let i = 0; i < predicted.length; i++) {
    const p = predicted[i] as string
    const g = gold[i] as string
    const both = joint.get(`${p}\u0000${g}`) as number
    precision += both / (pred.get(p) as number)
    recall += both / (truth.get(g) as number)
  }
  const n = predicted.length
  return prf(n === 0 ? 1 : precision / n, n === 0 ? 1 : recall / n)
}

/**
 * Recall-rate@k (Runeson et al.; Sun et al.): over records that have an earlier record of the same gold
 * group, the share whose top-k list of earlier similar records contains one of them.
 */
export function recallRateAt(
  ks: readonly number[],
  ids: readonly string[],
  gold: readonly string[],
  order: readonly number[],
  similar: readonly (readonly { id: string }[])[],
): { queries: number; rates: Record<number, number>; hits: Record<number, number[]> } {
  const groupOf = new Map<string, string>()
  ids.forEach((id, i) => {
    groupOf.set(id, gold[i] as string)
  })
  const seen = new Set<string>()
  // Per query (in time order), 1 when an earlier duplicate is in the top k: for paired intervals.
  const perQuery: Record<number, number[]> = Object.fromEntries(ks.map((k) => [k, [] as number[]]))
  let queries = 0
  for (const i of order) {
    const group = gold[i] as string
    if (seen.has(group)) {
      queries++
      const list = similar[i] ?? []
      for (const k of ks)
        (perQuery[k] as number[]).push(list.slice(0, k).some((s) => groupOf.get(s.id) === group) ? 1 : 0)
    }
    seen.add(group)
  }
  const rates: Record<number, number> = {}
  for (const k of ks) {
    const hits = perQuery[k] as number[]
    rates[k] = queries === 0 ? 1 : hits.reduce((a, b) => a + b, 0) / queries
  }
  return { queries, rates, hits: perQuery }
}
