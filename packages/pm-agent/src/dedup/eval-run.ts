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
import { type Interval, pairedBootstrap, wilsonInterval } from './intervals.js'
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
  /** 95 % percentile-bootstrap interval of each recall-rate, resampling the queries. */
  readonly recallRateInterval: Record<number, Interval>
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
  /** 95 % Wilson intervals of the precision and of the surfaced share. */
  readonly precisionInterval: Interval
  readonly surfacedInterval: Interval
}

/** What the cross-validation chose on one fold's training data. */
export interface QueueFold {
  readonly fold: number
  /** Links (and true duplicates among them) held out in this fold. */
  readonly heldOutLinks: number
  readonly heldOutTrue: number
  /** The minimum probability chosen on the other folds (their precision, keeping ≥ a quarter surfaced). */
  readonly minProbability: number
  readonly calibration: LinkCalibration
}

export interface QueueReport {
  /** Every one-signal link (best per record, ≤ 5 per cluster), no calibration and no cap: the old queue. */
  readonly allLinks: QueueEvaluation
  /** The default policy with the shipped calibration (fitted on this very split: in-sample). */
  readonly shipped: QueueEvaluation
  /**
   * Held out, by k-fold cross-validation over gold groups (a link belongs to the fold of its later record's
   * group): on each fold's training links the calibration is refitted and the minimum probability chosen,
   * then applied to the held-out fold's links; the pooled held-out links go through the weekly cap.
   */
  readonly crossValidated: QueueEvaluation
  readonly folds: readonly QueueFold[]
  readonly policy: { readonly maxPerWeek: number; readonly minProbability: number }
  /** Every one-signal link (what the Claude judge would read), and duplicate pairs merged by two signals. */
  readonly links: readonly NeedsConfirmationLink[]
  readonly mergedTrue: number
}

export interface DedupEvalReport {
  readonly suture: DedupEvaluation
  readonly queue: QueueReport
  /** Plain TF-IDF cosine over words, all pairs, clusters = connected components at `baselineThreshold`. */
  readonly baseline: DedupEvaluation
  readonly baselineThreshold: number
  /** Suture's recall-rate minus the baseline's on the same queries, with a paired 95 % bootstrap interval. */
  readonly recallMargin: Record<number, Interval>
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
    recallRateInterval: intervalsOf(recall.hits),
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
    recallRateInterval: intervalsOf(baselineRecall.hits),
    links: 0,
    linksCorrect: 0,
  }
  return {
    suture,
    queue: evaluateQueue(labelled, options, result.links, asked, predicted),
    baseline,
    baselineThreshold: threshold,
    recallMargin: Object.fromEntries(
      RECALL_KS.map((k) => [k, pairedBootstrap(recall.hits[k] ?? [], baselineRecall.hits[k] ?? [])]),
    ),
  }
}

function intervalsOf(hits: Record<number, number[]>): Record<number, Interval> {
  return Object.fromEntries(RECALL_KS.map((k) => [k, pairedBootstrap(hits[k] ?? [])]))
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

/** Folds of the queue's cross-validation: few enough that each holds out several duplicate pairs. */
export const QUEUE_FOLDS = 5

/** Minimum probabilities the cross-validation chooses from. */
const MIN_PROBABILITY_GRID = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5] as const

/** A stable fold of a gold group, by FNV-1a of its name. */
function foldOf(group: string, folds: number): number {
  let h = 0x811c9dc5
  for (let i = 0; i < group.length; i++) h = Math.imul(h ^ group.charCodeAt(i), 0x01000193)
  return (h >>> 0) % folds
}

/**
 * The minimum probability that gives the best precision on `training` links while still surfacing a
 * quarter of `duplicatePairs` (the goal's own constraint), at least 5 asked; the default when none does.
 */
function chooseMinProbability(
  training: readonly { probability: number; duplicate: boolean }[],
  duplicatePairs: number,
  fallback: number,
): number {
  let best: { t: number; precision: number } | undefined
  for (const t of MIN_PROBABILITY_GRID) {
    const asked = training.filter((l) => l.probability >= t)
    const right = asked.filter((l) => l.duplicate).length
    if (asked.length < 5 || right < duplicatePairs / 4) continue
    const precision = right / asked.length
    if (!best || precision > best.precision) best = { t, precision }
  }
  return best?.t ?? fallback
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
      precisionInterval: wilsonInterval(askedTrue, asked.length),
      surfacedInterval: wilsonInterval(merged + askedTrue, duplicatePairs),
    }
  }
  const policy = { ...DEFAULT_QUESTION_POLICY, ...options.questions }
  const timeOf = (id: string) => {
    const t = Date.parse(byId.get(id)?.signal.createdAt ?? '')
    return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t
  }
  const foldOfLink = (link: NeedsConfirmationLink) => {
    const later = timeOf(link.a) >= timeOf(link.b) ? link.a : link.b
    return foldOf(byId.get(later)?.group ?? '', QUEUE_FOLDS)
  }
  const days = (link: NeedsConfirmationLink) =>
    daysApart(byId.get(link.a)?.signal.createdAt, byId.get(link.b)?.signal.createdAt)
  const groupFold = new Map<string, number>()
  for (const g of gold) groupFold.set(g, foldOf(g, QUEUE_FOLDS))
  const sizes = new Map<string, number>()
  for (const g of gold) sizes.set(g, (sizes.get(g) ?? 0) + 1)
  const pairsOutside = (fold: number) => {
    let pairs = 0
    for (const [g, size] of sizes) if (groupFold.get(g) !== fold) pairs += (size * (size - 1)) / 2
    return pairs
  }
  const probabilityOf = (calibration: LinkCalibration, link: NeedsConfirmationLink) =>
    linkProbability(calibration, link.signal, link.score, days(link), link.density)

  const folds: QueueFold[] = []
  const heldOut: NeedsConfirmationLink[] = []
  for (let fold = 0; fold < QUEUE_FOLDS; fold++) {
    const training = every.filter((link) => foldOfLink(link) !== fold)
    const calibration: Record<SignalName, LinkCalibration[SignalName]> = { ...DEFAULT_LINK_CALIBRATION }
    for (const signal of ['semantics', 'stack', 'structure'] as const) {
      const pairs: CalibrationPair[] = training
        .filter((link) => link.signal === signal)
        .map((link) => ({
          score: link.score,
          days: days(link),
          density: link.density,
          duplicate: isTrue(link),
        }))
      // Too few labelled links (or no duplicate among them) to fit: keep the shipped prior.
      if (pairs.length >= 10 && pairs.some((p) => p.duplicate))
        calibration[signal] = fitPairCalibration(pairs)
    }
    const minProbability = chooseMinProbability(
      training.map((link) => ({ probability: probabilityOf(calibration, link), duplicate: isTrue(link) })),
      pairsOutside(fold),
      policy.minProbability,
    )
    const held = every.filter((link) => foldOfLink(link) === fold)
    folds.push({
      fold,
      heldOutLinks: held.length,
      heldOutTrue: held.filter(isTrue).length,
      minProbability,
      calibration,
    })
    for (const link of held) {
      const probability = probabilityOf(calibration, link)
      if (probability >= minProbability)
        heldOut.push({ ...link, probability, benefit: probability * link.pairSize })
    }
  }
  const maxLinksPerCluster = options.maxLinksPerCluster ?? 5
  return {
    allLinks: score(every),
    shipped: score(shippedLinks),
    crossValidated: score(selectQuestions(heldOut, { ...policy, minProbability: 0, maxLinksPerCluster })),
    folds,
    policy: { maxPerWeek: policy.maxPerWeek, minProbability: policy.minProbability },
    links: every,
    mergedTrue: merged,
  }
}
