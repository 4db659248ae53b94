import { hasFrames, type PreparedSignals, preparedFrameSimilarity } from './prepared.js'

/** The three signals, as bits of an evidence mask. */
export const STRUCTURE = 1
export const SEMANTICS = 2
export const STACK = 4

export type SignalName = 'structure' | 'semantics' | 'stack'

export function signalNames(mask: number): SignalName[] {
  const names: SignalName[] = []
  if (mask & STRUCTURE) names.push('structure')
  if (mask & SEMANTICS) names.push('semantics')
  if (mask & STACK) names.push('stack')
  return names
}

export interface Thresholds {
  /** TF-IDF cosine at or above which the semantic signal agrees. */
  readonly textAgree: number
  /**
   * TF-IDF cosine at or above which text alone merges a pair, used only when text is the only signal
   * both records carry (text-only bug reports). `Infinity` turns it off: then such pairs only get a
   * needs-confirmation link.
   */
  readonly textAlone: number
  /** Frame-sequence similarity at or above which the stack signal agrees (equal fingerprints always do). */
  readonly stackAgree: number
}

/**
 * Chosen on the GitBugs development split and checked on its two projects separately (README,
 * "Clustering"): text alone never merges, because even at cosine ≥ 0.95 half the merges were wrong
 * ("Remove usage of sun.misc.Signal" vs "… sun.misc.Unsafe" scores 0.99).
 */
export const DEFAULT_THRESHOLDS: Thresholds = {
  textAgree: 0.3,
  textAlone: Number.POSITIVE_INFINITY,
  stackAgree: 0.75,
}

export interface Votes {
  /** Signals both records carry. */
  present: number
  /** Signals that agree. */
  agree: number
  textScore: number
  stackScore: number
  /** Share of shared structural fields that are equal. */
  structureScore: number
}

function popcount(mask: number): number {
  return (mask & 1) + ((mask >> 1) & 1) + ((mask >> 2) & 1)
}

/**
 * How the three signals vote on records `a` and `b`. Structure votes only when both share a route or at
 * least two other structural fields (an error type alone, like `TypeError`, is everywhere); any shared
 * field that differs makes it disagree.
 */
export function compare(p: PreparedSignals, a: number, b: number, t: Thresholds, out: Votes): Votes {
  let present = 0
  let agree = 0
  let shared = 0
  let equal = 0
  let routeShared = false
  const columns = p.structureColumns
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c] as Int32Array
    const va = column[a] as number
    const vb = column[b] as number
    if (va < 0 || vb < 0) continue
    shared++
    if (va === vb) equal++
    // Column 0 is the route (STRUCTURE_FIELDS order).
    if (c === 0) routeShared = true
  }
  out.structureScore = shared === 0 ? 0 : equal / shared
  if (routeShared || shared >= 2) {
    present |= STRUCTURE
    if (equal === shared) agree |= STRUCTURE
  }
  out.textScore = 0
  if (p.text.has(a) && p.text.has(b)) {
    present |= SEMANTICS
    out.textScore = p.text.cosine(a, b)
    if (out.textScore >= t.textAgree) agree |= SEMANTICS
  }
  out.stackScore = 0
  const fa = p.fingerprint[a] as number
  const fb = p.fingerprint[b] as number
  if (fa >= 0 && fa === fb) {
    present |= STACK
    agree |= STACK
    out.stackScore = 1
  } else if (hasFrames(p, a) && hasFrames(p, b)) {
    present |= STACK
    out.stackScore = preparedFrameSimilarity(p, a, b)
    if (out.stackScore >= t.stackAgree) agree |= STACK
  } else if (fa >= 0 && fb >= 0) {
    present |= STACK
  }
  out.present = present
  out.agree = agree
  return out
}

export type PairVerdict = 'duplicate' | 'needs-confirmation' | 'distinct'

/** Extra evidence bit: merged on very similar text because text was the only signal available. */
export const TEXT_ALONE = 8
/** Extra evidence bit: a human said "same". */
export const HUMAN = 16
/** Extra evidence bit: the user linked their feedback to the error it follows. */
export const LINKED = 32
/** Extra evidence bit: the Claude judge said "same" (a decision marked `decidedBy: "model:…"`). */
export const MODEL = 64

/**
 * The rule: two agreeing signals make a duplicate, exactly one a needs-confirmation link. When text is
 * the only signal both records carry, text at or above `textAlone` is enough on its own.
 */
export function verdict(votes: Votes, t: Thresholds): PairVerdict {
  const agreeing = popcount(votes.agree)
  if (agreeing >= 2) return 'duplicate'
  if (agreeing === 1) {
    if (votes.present === SEMANTICS && votes.textScore >= t.textAlone) return 'duplicate'
    return 'needs-confirmation'
  }
  return 'distinct'
}

/** One number per pair for ranking: the mean of the scores of the signals both carry. */
export function pairScore(votes: Votes): number {
  let sum = 0
  let count = 0
  if (votes.present & STRUCTURE) {
    sum += votes.structureScore
    count++
  }
  if (votes.present & SEMANTICS) {
    sum += votes.textScore
    count++
  }
  if (votes.present & STACK) {
    sum += votes.stackScore
    count++
  }
  return count === 0 ? 0 : sum / count
}

export function emptyVotes(): Votes {
  return { present: 0, agree: 0, textScore: 0, stackScore: 0, structureScore: 0 }
}
