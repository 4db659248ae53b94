import { type ClaudeJudgeOptions, judgeLinks } from './claude-judge.js'
import { DEFAULT_QUESTION_POLICY, type NeedsConfirmationLink, selectQuestions } from './cluster.js'
import type { LabelledSignal, QueueEvaluation } from './eval-run.js'
import { type Interval, wilsonInterval } from './intervals.js'

/** How the Claude judge did on labelled one-signal links, and the human queue it leaves. */
export interface JudgedQueueReport {
  readonly model: string
  readonly links: number
  readonly requests: number
  readonly cached: number
  readonly spentUsd: number
  readonly stoppedByBudget: boolean
  readonly invalid: number
  readonly apiError?: string | undefined
  /** Its confident "same" answers (merged without a person) and how many were true duplicates. */
  readonly same: { readonly answered: number; readonly right: number; readonly precision: Interval }
  /** Its confident "different" answers (questions dropped) and how many were truly different. */
  readonly different: { readonly answered: number; readonly right: number; readonly precision: Interval }
  /**
   * The queue after the judge: what it left for people, through the default policy (shipped calibration),
   * with surfaced = duplicate pairs merged (text, or the judge's right "same") or asked.
   */
  readonly queue: QueueEvaluation
}

/**
 * Runs the judge over every one-signal link of a labelled set (`suture eval dedup --judge`): the figure that
 * says whether reading the two reports lifts the queue where the text score cannot.
 * @example
 * const { queue } = evaluateDedup(labelled)
 * const judged = await evaluateJudgedQueue(labelled, queue.links, {
 *   client, budgetUsd: 1, duplicatePairs: queue.allLinks.duplicatePairs, mergedTrue: queue.mergedTrue,
 * })
 */
export async function evaluateJudgedQueue(
  labelled: readonly LabelledSignal[],
  links: readonly NeedsConfirmationLink[],
  options: ClaudeJudgeOptions & {
    /** Gold duplicate pairs, and those already merged by two signals (from `evaluateDedup`). */
    readonly duplicatePairs: number
    readonly mergedTrue: number
    readonly maxPerWeek?: number
    readonly minProbability?: number
  },
): Promise<JudgedQueueReport> {
  const groupOf = new Map(labelled.map((l) => [l.signal.id, l.group]))
  const isTrue = (pair: { a: string; b: string }) => groupOf.get(pair.a) === groupOf.get(pair.b)
  const run = await judgeLinks(
    links,
    labelled.map((l) => l.signal),
    options,
  )
  const same = run.decisions.filter((d) => d.answer === 'same')
  const different = run.decisions.filter((d) => d.answer === 'different')
  const sameRight = same.filter(isTrue).length
  const differentRight = different.filter((d) => !isTrue(d)).length
  const asked = selectQuestions(run.leftForPeople, {
    maxPerWeek: options.maxPerWeek ?? DEFAULT_QUESTION_POLICY.maxPerWeek,
    minProbability: options.minProbability ?? DEFAULT_QUESTION_POLICY.minProbability,
    maxLinksPerCluster: 5,
  })
  const askedTrue = asked.filter(isTrue).length
  const surfaced = options.mergedTrue + sameRight + askedTrue
  return {
    model: options.model ?? 'claude-haiku-4-5',
    links: links.length,
    requests: run.requests,
    cached: run.cached,
    spentUsd: run.spentUsd,
    stoppedByBudget: run.stoppedByBudget,
    invalid: run.invalid,
    ...(run.apiError !== undefined ? { apiError: run.apiError } : {}),
    same: { answered: same.length, right: sameRight, precision: wilsonInterval(sameRight, same.length) },
    different: {
      answered: different.length,
      right: differentRight,
      precision: wilsonInterval(differentRight, different.length),
    },
    queue: {
      asked: asked.length,
      askedTrue,
      precision: asked.length === 0 ? Number.NaN : askedTrue / asked.length,
      duplicatePairs: options.duplicatePairs,
      surfaced,
      surfacedShare: options.duplicatePairs === 0 ? Number.NaN : surfaced / options.duplicatePairs,
      precisionInterval: wilsonInterval(askedTrue, asked.length),
      surfacedInterval: wilsonInterval(surfaced, options.duplicatePairs),
    },
  }
}
