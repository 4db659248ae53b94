import { isoWeek } from '../triage/week.js'
import { type BlockingOptions, blockKey, DEFAULT_BLOCKING, forEachCandidate } from './blocking.js'
import { DEFAULT_LINK_CALIBRATION, daysApart, type LinkCalibration, linkProbability } from './calibration.js'
import {
  compare,
  DEFAULT_THRESHOLDS,
  emptyVotes,
  HUMAN,
  LINKED,
  MODEL,
  pairScore,
  type SignalName,
  STACK,
  STRUCTURE,
  signalNames,
  TEXT_ALONE,
  type Thresholds,
  verdict,
} from './compare.js'
import { type PreparedSignals, prepareSignals } from './prepared.js'
import type { Signal } from './signal.js'
import type { FeatureOptions } from './text.js'
import { UnionFind } from './union-find.js'

/**
 * An answer on a needs-confirmation pair; the next run respects it. A person's "same" merges and their
 * "different" is a cannot-link; the Claude judge's (`decidedBy: "model:<id>"`) "same" is the second signal
 * (merges, evidence `model`) and its "different" only ends the question.
 */
export interface PairDecision {
  readonly a: string
  readonly b: string
  readonly answer: 'same' | 'different'
  readonly decidedBy?: string | undefined
  readonly decidedAt?: string | undefined
}

/**
 * How often each combination of agreeing signals merged two records of a cluster. Keys are the agreeing
 * signals joined by `+` (`semantics+stack`), or `text-alone`, `human`, `model` (the Claude judge's "same",
 * stored as a decision by `model:<name>`), or `linked` (feedback the user linked to the error it follows).
 */
export type ClusterEvidence = Record<string, number>

export interface Cluster {
  /** The id of the earliest member: stable while the cluster only grows. */
  readonly id: string
  /** Member signal ids, earliest first. */
  readonly memberIds: readonly string[]
  /** Member positions in the input, earliest first. */
  readonly members: readonly number[]
  readonly evidence: ClusterEvidence
}

/** Two clusters that exactly one signal says are the same: shown to a human, never merged. */
export interface NeedsConfirmationLink {
  readonly a: string
  readonly b: string
  readonly clusterA: string
  readonly clusterB: string
  /** The one signal that agreed. */
  readonly signal: SignalName
  readonly score: number
  /**
   * How crowded the two records' text neighbourhood is: the mean, over both, of each record's
   * `NEIGHBOURHOOD` best text scores against the candidates blocking compared it with (0 without text).
   * Templated siblings sit in dense families; the calibration counts density against a pair.
   */
  readonly density: number
  /** Calibrated probability that the two are duplicates (`LinkCalibration`). */
  readonly probability: number
  /** Signals in the smaller of the two clusters: what a "same" answer would group correctly. */
  readonly pairSize: number
  /** What a "same" answer is expected to be worth: probability × `pairSize`. */
  readonly benefit: number
  /** ISO week of the later of the two records (`undated` without dates): the cap counts per week. */
  readonly week: string
}

/**
 * Which one-signal pairs are worth a person's question. A person's time is the scarcest thing in the loop,
 * so links are ordered by expected benefit and only the best `maxPerWeek` per week with a calibrated
 * probability of at least `minProbability` are asked; the rest stay visible as similar reports.
 */
export interface QuestionPolicy {
  readonly maxPerWeek: number
  readonly minProbability: number
  readonly calibration: LinkCalibration
}

export const DEFAULT_QUESTION_POLICY: QuestionPolicy = {
  maxPerWeek: 5,
  minProbability: 0.1,
  calibration: DEFAULT_LINK_CALIBRATION,
}

export interface ClusterStats {
  readonly signals: number
  readonly candidatePairs: number
  readonly comparisons: number
  readonly merges: number
}

export interface ClusterResult {
  /** Biggest first. */
  readonly clusters: readonly Cluster[]
  /** For each input position, the index of its cluster in `clusters`. */
  readonly clusterIndex: Int32Array
  readonly links: readonly NeedsConfirmationLink[]
  readonly stats: ClusterStats
}

export interface DedupOptions {
  readonly thresholds?: Partial<Thresholds>
  readonly blocking?: Partial<BlockingOptions>
  readonly features?: FeatureOptions
  readonly decisions?: readonly PairDecision[]
  /** Needs-confirmation links kept per cluster, best first. */
  readonly maxLinksPerCluster?: number
  /** Which links become questions for a person (cap per week, minimum probability, calibration). */
  readonly questions?: Partial<QuestionPolicy>
}

function evidenceKey(mask: number): string {
  if (mask & MODEL) return 'model'
  if (mask & HUMAN) return 'human'
  if (mask & LINKED) return 'linked'
  if (mask & TEXT_ALONE) return 'text-alone'
  return signalNames(mask).join('+')
}

/**
 * Neighbours whose text scores make a record's density: few enough that a small family of siblings already
 * reads as crowded. CSLS (Conneau et al. 2018) uses 10 over vocabularies of 200,000; 3, 5 and 10 were
 * measured on the GitBugs split (pm-agent README, "The queue") and none is fitted to it finely.
 */
export const NEIGHBOURHOOD = 5

/** Keeps each record's `NEIGHBOURHOOD` best text scores, one per partner, from the comparisons made. */
class Neighbourhoods {
  private readonly scores: Float32Array
  private readonly partners: Int32Array
  constructor(n: number) {
    this.scores = new Float32Array(n * NEIGHBOURHOOD)
    this.partners = new Int32Array(n * NEIGHBOURHOOD).fill(-1)
  }
  add(i: number, partner: number, score: number): void {
    const base = i * NEIGHBOURHOOD
    let lowest = base
    for (let k = base; k < base + NEIGHBOURHOOD; k++) {
      // A pair met in several blocks counts once.
      if (this.partners[k] === partner) return
      if ((this.scores[k] as number) < (this.scores[lowest] as number)) lowest = k
    }
    if (score <= (this.scores[lowest] as number)) return
    this.scores[lowest] = score
    this.partners[lowest] = partner
  }
  /**
   * The mean of the kept scores, leaving out partners that ended in `i`'s own cluster (its duplicates) and
   * counting each other cluster once (its best score): a problem reported many times is one neighbour.
   */
  density(i: number, clusterIndex: Int32Array): number {
    let sum = 0
    const base = i * NEIGHBOURHOOD
    for (let k = base; k < base + NEIGHBOURHOOD; k++) {
      const partner = this.partners[k] as number
      if (partner < 0 || clusterIndex[partner] === clusterIndex[i]) continue
      let best = true
      for (let m = base; m < base + NEIGHBOURHOOD && best; m++) {
        const other = this.partners[m] as number
        if (m === k || other < 0 || clusterIndex[other] !== clusterIndex[partner]) continue
        const mine = this.scores[k] as number
        const theirs = this.scores[m] as number
        if (theirs > mine || (theirs === mine && m < k)) best = false
      }
      if (best) sum += this.scores[k] as number
    }
    return sum / NEIGHBOURHOOD
  }
}

function pack(a: number, b: number): number {
  return ((a & 0xffff) << 16) | (b & 0xffff)
}

/**
 * Clusters signals: two agreeing signals (structure, semantics, stack) merge two records, exactly one
 * links their clusters for a human to confirm. Candidates come from blocking, never all pairs.
 * @example
 * const { clusters, links } = clusterSignals(signals, { decisions })
 */
export function clusterSignals(signals: readonly Signal[], options: DedupOptions = {}): ClusterResult {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds }
  const blocking = { ...DEFAULT_BLOCKING, ...options.blocking }
  const prepared = prepareSignals(signals, options.features ? { features: options.features } : {})
  return clusterPrepared(signals, prepared, thresholds, blocking, options)
}

export function clusterPrepared(
  signals: readonly Signal[],
  p: PreparedSignals,
  thresholds: Thresholds,
  blocking: BlockingOptions,
  options: DedupOptions,
): ClusterResult {
  const n = p.size
  const uf = new UnionFind(n)
  const edgeFrom = new Int32Array(n)
  const edgeMask = new Uint8Array(n)
  let merges = 0
  const position = new Map<string, number>()
  for (let i = 0; i < n; i++) position.set((signals[i] as Signal).id, i)
  const decidedDifferent = new Set<string>()
  for (const decision of options.decisions ?? []) {
    const a = position.get(decision.a)
    const b = position.get(decision.b)
    if (a === undefined || b === undefined) continue
    if (decision.answer === 'different') {
      // A person's "different" is a cannot-link no chain of merges may break. The model's only ends the
      // question: it is one more reader, not strong enough to overrule two signals that agree.
      if (!decision.decidedBy?.startsWith('model:')) uf.forbid(a, b)
      decidedDifferent.add(a < b ? `${a}:${b}` : `${b}:${a}`)
    }
  }
  for (const decision of options.decisions ?? []) {
    const a = position.get(decision.a)
    const b = position.get(decision.b)
    if (a === undefined || b === undefined || decision.answer !== 'same') continue
    if (uf.union(a, b)) {
      edgeFrom[merges] = a
      edgeMask[merges++] = decision.decidedBy?.startsWith('model:') ? MODEL : HUMAN
    }
  }
  // Feedback typed into an error's fallback names that error: direct evidence from the user, not a
  // similarity, so it merges whatever the texts say. Only a human "different" (a cannot-link) stops it.
  for (let i = 0; i < n; i++) {
    const signal = signals[i] as Signal
    if (signal.kind !== 'feedback' || !signal.linkedTo) continue
    const target = position.get(signal.linkedTo)
    if (target === undefined || (signals[target] as Signal).kind !== 'error') continue
    if (uf.union(target, i)) {
      edgeFrom[merges] = target
      edgeMask[merges++] = LINKED
    }
  }

  const bestPartner = new Int32Array(n).fill(-1)
  const bestScore = new Float32Array(n)
  const bestSignal = new Uint8Array(n)
  const votes = emptyVotes()
  const neighbourhoods = new Neighbourhoods(n)
  let candidatePairs = 0
  let comparisons = 0
  const visit = (a: number, b: number): void => {
    candidatePairs++
    if (uf.find(a) === uf.find(b)) return
    comparisons++
    compare(p, a, b, thresholds, votes)
    const v = verdict(votes, thresholds)
    // A pair that merges is one problem reported twice, not a sibling: it does not crowd either record.
    if (v !== 'duplicate' && votes.textScore > 0) {
      neighbourhoods.add(a, b, votes.textScore)
      neighbourhoods.add(b, a, votes.textScore)
    }
    if (v === 'duplicate') {
      const mask = votes.agree === 0 || (votes.agree & (votes.agree - 1)) === 0 ? TEXT_ALONE : votes.agree
      if (uf.union(a, b)) {
        edgeFrom[merges] = a
        edgeMask[merges++] = mask
      }
    } else if (v === 'needs-confirmation') {
      const score = pairScore(votes)
      for (const [x, y] of [
        [a, b],
        [b, a],
      ] as const) {
        if (score > (bestScore[x] as number) || bestPartner[x] === -1) {
          bestPartner[x] = y
          bestScore[x] = score
          bestSignal[x] = votes.agree
        }
      }
    }
  }

  const route = p.structure.route
  const firstTextKey = (i: number): number => p.text.blockKeys[i * p.text.blockKeysPerDoc] as number
  const firstFrame = (i: number): number =>
    (p.frameOffsets[i + 1] as number) > (p.frameOffsets[i] as number)
      ? (p.frames[p.frameOffsets[i] as number] as number)
      : -1
  // Inside a big block, sort by the other signals so records that may agree twice sit side by side.
  const byTextThenStack = (i: number): number => pack(firstTextKey(i), p.fingerprint[i] ?? -1)
  const byRouteThenText = (i: number): number => pack(route[i] ?? -1, firstTextKey(i))
  forEachCandidate(
    n,
    1,
    (i) => ((p.fingerprint[i] as number) >= 0 ? blockKey('f', p.fingerprint[i] as number) : -1),
    byRouteThenText,
    blocking,
    visit,
  )
  forEachCandidate(
    n,
    1,
    (i) => (firstFrame(i) >= 0 ? blockKey('s', firstFrame(i)) : -1),
    byRouteThenText,
    blocking,
    visit,
  )
  forEachCandidate(
    n,
    1,
    (i) => ((route[i] as number) >= 0 ? blockKey('r', route[i] as number) : -1),
    byTextThenStack,
    blocking,
    visit,
  )
  const k = p.text.blockKeysPerDoc
  forEachCandidate(
    n,
    k,
    (i, j) => {
      const key = p.text.blockKeys[i * k + j] as number
      return key >= 0 ? blockKey('t', key) : -1
    },
    (i) => pack(p.fingerprint[i] ?? -1, route[i] ?? -1),
    blocking,
    visit,
  )

  return finish(signals, uf, {
    edgeFrom,
    edgeMask,
    merges,
    bestPartner,
    bestScore,
    bestSignal,
    decidedDifferent,
    neighbourhoods,
    maxLinksPerCluster: options.maxLinksPerCluster ?? 5,
    questions: { ...DEFAULT_QUESTION_POLICY, ...options.questions },
    stats: { signals: n, candidatePairs, comparisons, merges },
  })
}

interface FinishInput {
  edgeFrom: Int32Array
  edgeMask: Uint8Array
  merges: number
  bestPartner: Int32Array
  bestScore: Float32Array
  bestSignal: Uint8Array
  decidedDifferent: Set<string>
  neighbourhoods: Neighbourhoods
  maxLinksPerCluster: number
  questions: QuestionPolicy
  stats: ClusterStats
}

function timeOf(signal: Signal): number {
  const t = signal.createdAt ? Date.parse(signal.createdAt) : Number.NaN
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t
}

function finish(signals: readonly Signal[], uf: UnionFind, input: FinishInput): ClusterResult {
  const n = signals.length
  const byRoot = new Map<number, number[]>()
  for (let i = 0; i < n; i++) {
    const root = uf.find(i)
    const list = byRoot.get(root)
    if (list) list.push(i)
    else byRoot.set(root, [i])
  }
  const times = new Float64Array(n)
  for (let i = 0; i < n; i++) times[i] = timeOf(signals[i] as Signal)
  const groups = [...byRoot.values()].map((members) =>
    members.sort((a, b) => (times[a] as number) - (times[b] as number) || a - b),
  )
  groups.sort((a, b) => b.length - a.length || (a[0] as number) - (b[0] as number))
  const clusterIndex = new Int32Array(n)
  groups.forEach((members, c) => {
    for (const m of members) clusterIndex[m] = c
  })
  const evidence: ClusterEvidence[] = groups.map(() => ({}))
  for (let e = 0; e < input.merges; e++) {
    const c = clusterIndex[input.edgeFrom[e] as number] as number
    const key = evidenceKey(input.edgeMask[e] as number)
    const bag = evidence[c] as ClusterEvidence
    bag[key] = (bag[key] ?? 0) + 1
  }
  const clusters: Cluster[] = groups.map((members, c) => ({
    id: (signals[members[0] as number] as Signal).id,
    memberIds: members.map((m) => (signals[m] as Signal).id),
    members,
    evidence: evidence[c] as ClusterEvidence,
  }))

  const blocked = new Set<string>()
  for (const pair of input.decidedDifferent) {
    const [a, b] = pair.split(':').map(Number) as [number, number]
    const ca = clusterIndex[a] as number
    const cb = clusterIndex[b] as number
    blocked.add(ca < cb ? `${ca}:${cb}` : `${cb}:${ca}`)
  }
  const best = new Map<string, NeedsConfirmationLink>()
  for (let i = 0; i < n; i++) {
    const j = input.bestPartner[i] as number
    if (j < 0) continue
    const ci = clusterIndex[i] as number
    const cj = clusterIndex[j] as number
    if (ci === cj) continue
    const key = ci < cj ? `${ci}:${cj}` : `${cj}:${ci}`
    if (blocked.has(key)) continue
    const score = input.bestScore[i] as number
    const existing = best.get(key)
    if (existing && existing.score >= score) continue
    const [a, b] = ci < cj ? [i, j] : [j, i]
    const mask = input.bestSignal[i] as number
    const signal: SignalName = mask & STACK ? 'stack' : mask & STRUCTURE ? 'structure' : 'semantics'
    const sa = signals[a] as Signal
    const sb = signals[b] as Signal
    const density =
      (input.neighbourhoods.density(a, clusterIndex) + input.neighbourhoods.density(b, clusterIndex)) / 2
    const probability = linkProbability(
      input.questions.calibration,
      signal,
      score,
      daysApart(sa.createdAt, sb.createdAt),
      density,
    )
    const later = Math.max(times[a] as number, times[b] as number)
    const pairSize = Math.min(
      (groups[clusterIndex[a] as number] as number[]).length,
      (groups[clusterIndex[b] as number] as number[]).length,
    )
    best.set(key, {
      a: sa.id,
      b: sb.id,
      clusterA: (clusters[clusterIndex[a] as number] as Cluster).id,
      clusterB: (clusters[clusterIndex[b] as number] as Cluster).id,
      signal,
      score: Math.round(score * 1000) / 1000,
      density: Math.round(density * 1000) / 1000,
      probability: Math.round(probability * 1000) / 1000,
      pairSize,
      benefit: Math.round(probability * pairSize * 1000) / 1000,
      week: Number.isFinite(later) ? isoWeek(new Date(later)) : 'undated',
    })
  }
  const links = selectQuestions([...best.values()], {
    ...input.questions,
    maxLinksPerCluster: input.maxLinksPerCluster,
  })
  return { clusters, clusterIndex, links, stats: input.stats }
}

/**
 * The questions worth a person's time: links ordered by expected benefit, those below the policy's
 * probability dropped, at most `maxLinksPerCluster` per cluster and `maxPerWeek` per week.
 * @example
 * const asked = selectQuestions(links, { ...DEFAULT_QUESTION_POLICY, maxLinksPerCluster: 5 })
 */
export function selectQuestions(
  links: readonly NeedsConfirmationLink[],
  policy: Omit<QuestionPolicy, 'calibration'> & { readonly maxLinksPerCluster: number },
): NeedsConfirmationLink[] {
  const perCluster = new Map<string, number>()
  const perWeek = new Map<string, number>()
  return [...links]
    .sort((x, y) => y.benefit - x.benefit || y.score - x.score || x.a.localeCompare(y.a))
    .filter((link) => {
      if (link.probability < policy.minProbability) return false
      const ca = perCluster.get(link.clusterA) ?? 0
      const cb = perCluster.get(link.clusterB) ?? 0
      if (ca >= policy.maxLinksPerCluster || cb >= policy.maxLinksPerCluster) return false
      const w = perWeek.get(link.week) ?? 0
      if (w >= policy.maxPerWeek) return false
      perCluster.set(link.clusterA, ca + 1)
      perCluster.set(link.clusterB, cb + 1)
      perWeek.set(link.week, w + 1)
      return true
    })
}
