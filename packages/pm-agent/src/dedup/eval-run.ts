import {
  type CalibrationPair,
  DEFAULT_LINK_CALIBRATION,
  daysApart,
  fitPairCalibration,
  type LinkCalibration,
  linkProbability,
} from './calibration.js'
import {
  clusterSignals,
  DEFAULT_QUESTION_POLICY,
  type DedupOptions,
  type NeedsConfirmationLink,
  selectQuestions,
} from './cluster.js'
import type { SignalName } from './compare.js'
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

/** The human-confirmation queue against the gold groups. */
export interface QueueEvaluation {
  /** Pairs asked, and how many of them are true duplicates (the queue's precision). */
  readonly asked: number
  readonly askedTrue: number
  readonly precision: number
  /** Gold duplicate pairs, and how many were merged or asked about (their share: "surfaced"). */
  readonly duplicatePairs: number
  readonly surfaced: number
  readonly surfacedShare: number
}

export interface QueueReport {
  /** Every one-signal link (best per record, ≤ 5 per cluster), no calibration and no cap: the old queue. */
  readonly allLinks: QueueEvaluation
  /** The default policy with the shipped calibration (fitted on this very split: in-sample). */
  readonly shipped: QueueEvaluation
  /**
   * The default policy with the calibration refitted on one half of the gold groups and applied to the
   * links of the other half, both ways (links belong to the half of their later record): held out.
   */
  readonly crossFitted: QueueEvaluation
  readonly calibrations: readonly LinkCalibration[]
  readonly policy: { readonly maxPerWeek: number; readonly minProbability: number }
}

export interface DedupEvalReport {
  readonly suture: DedupEvaluation
  readonly queue: QueueReport
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

  // Clustered once with every link kept; the asked queue is the default policy applied to those links
  // (the same selection clusterSignals makes), and the held-out refits start from the same links.
  const result = clusterSignals(signals, {
    ...options,
    questions: { ...options.questions, minProbability: 0, maxPerWeek: Number.POSITIVE_INFINITY },
  })
  const policy = { ...DEFAULT_QUESTION_POLICY, ...options.questions }
  const asked = selectQuestions(result.links, {
    ...policy,
    maxLinksPerCluster: options.maxLinksPerCluster ?? 5,
  })
  const predicted = Array.from(result.clusterIndex, String)
  const similar = similarEarlier(signals, {
    k: 10,
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    ...(options.features ? { features: options.features } : {}),
  })
  const groupOf = new Map(labelled.map((l) => [l.signal.id, l.group]))
  const linksCorrect = asked.filter((link) => groupOf.get(link.a) === groupOf.get(link.b)).length
  const recall = recallRateAt(RECALL_KS, ids, gold, order, similar)
  const suture: DedupEvaluation = {
    records: signals.length,
    groups: groupCount(gold),
    duplicateQueries: recall.queries,
    pairwise: pairwiseScores(predicted, gold),
    bcubed: bcubedScores(predicted, gold),
    recallRate: recall.rates,
    links: asked.length,
    linksCorrect,
  }

  // The baseline: unigram TF-IDF of title + text, no title weighting, compared all pairs.
  const threshold = options.baselineThreshold ?? 0.5
  const plain = vectorize(
    signals.map((s) => ({ text: [s.title, s.text].filter(Boolean).join('\n') })),
    { weighting: 'tfidf', features: { bigrams: false, charGrams: 0, titleWeight: 1, codeTokens: false } },
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
  return {
    suture,
    queue: evaluateQueue(labelled, options, result.links, asked, predicted),
    baseline,
    baselineThreshold: threshold,
  }
}

function goldPairs(gold: readonly string[]): number {
  const sizes = new Map<string, number>()
  for (const g of gold) sizes.set(g, (sizes.get(g) ?? 0) + 1)
  let pairs = 0
  for (const size of sizes.values()) pairs += (size * (size - 1)) / 2
  return pairs
}

/** Pairs put in one predicted cluster that share a gold group. */
function mergedTruePairs(predicted: readonly string[], gold: readonly string[]): number {
  const joint = new Map<string, number>()
  for (let i = 0; i < predicted.length; i++) {
    const key = `${predicted[i]}\u0000${gold[i]}`
    joint.set(key, (joint.get(key) ?? 0) + 1)
  }
  let pairs = 0
  for (const c of joint.values()) pairs += (c * (c - 1)) / 2
  return pairs
}

/** A stable half (0 or 1) of a gold group, by FNV-1a of its name. */
function halfOf(group: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < group.length; i++) h = Math.imul(h ^ group.charCodeAt(i), 0x01000193)
  return (h >>> 0) % 2
}

function evaluateQueue(
  labelled: readonly LabelledSignal[],
  options: DedupOptions,
  every: readonly NeedsConfirmationLink[],
  shippedLinks: readonly NeedsConfirmationLink[],
  predicted: readonly string[],
): QueueReport {
  const gold = labelled.map((l) => l.group)
  const byId = new Map(labelled.map((l) => [l.signal.id, l]))
  const duplicatePairs = goldPairs(gold)
  const merged = mergedTruePairs(predicted, gold)
  const isTrue = (link: NeedsConfirmationLink) => byId.get(link.a)?.group === byId.get(link.b)?.group
  const score = (asked: readonly NeedsConfirmationLink[]): QueueEvaluation => {
    const askedTrue = asked.filter(isTrue).length
    return {
      asked: asked.length,
      askedTrue,
      precision: asked.length === 0 ? Number.NaN : askedTrue / asked.length,
      duplicatePairs,
      surfaced: merged + askedTrue,
      surfacedShare: duplicatePairs === 0 ? Number.NaN : (merged + askedTrue) / duplicatePairs,
    }
  }
  const policy = { ...DEFAULT_QUESTION_POLICY, ...options.questions }
  const timeOf = (id: string) => {
    const t = Date.parse(byId.get(id)?.signal.createdAt ?? '')
    return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t
  }
  const halfOfLink = (link: NeedsConfirmationLink) => {
    const later = timeOf(link.a) >= timeOf(link.b) ? link.a : link.b
    return halfOf(byId.get(later)?.group ?? '')
  }
  const days = (link: NeedsConfirmationLink) =>
    daysApart(byId.get(link.a)?.signal.createdAt, byId.get(link.b)?.signal.createdAt)
  const calibrations: LinkCalibration[] = [0, 1].map((half) => {
    const training = every.filter((link) => halfOfLink(link) !== half)
    const fitted: Record<SignalName, LinkCalibration[SignalName]> = { ...DEFAULT_LINK_CALIBRATION }
    for (const signal of ['semantics', 'stack', 'structure'] as const) {
      const pairs: CalibrationPair[] = training
        .filter((link) => link.signal === signal)
        .map((link) => ({ score: link.score, days: days(link), duplicate: isTrue(link) }))
      // Too few labelled links (or no duplicate among them) to fit: keep the shipped prior.
      if (pairs.length >= 10 && pairs.some((p) => p.duplicate)) fitted[signal] = fitPairCalibration(pairs)
    }
    return fitted
  })
  const refitted = every.map((link) => {
    const calibration = calibrations[halfOfLink(link)] as LinkCalibration
    const probability = linkProbability(calibration, link.signal, link.score, days(link))
    return { ...link, probability, benefit: probability * link.pairSize }
  })
  const maxLinksPerCluster = options.maxLinksPerCluster ?? 5
  return {
    allLinks: score(every),
    shipped: score(shippedLinks),
    crossFitted: score(selectQuestions(refitted, { ...policy, maxLinksPerCluster })),
    calibrations,
    policy: { maxPerWeek: policy.maxPerWeek, minProbability: policy.minProbability },
  }
}
