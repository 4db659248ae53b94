import { createHash } from 'node:crypto'
import type Anthropic from '@anthropic-ai/sdk'
import { z } from 'zod'
import type { NeedsConfirmationLink, PairDecision } from './cluster.js'
import type { Signal } from './signal.js'

/**
 * The optional Claude judge for one-signal pairs: it reads both reports and answers "same" or "different"
 * through a forced tool call (structured output), so its answers can be stored like a person's pair
 * decision, marked as the model's (`decidedBy: "model:<model>"`). Answers are cached by the two texts, the
 * rubric is a cached prompt prefix, and a budget in USD stops it before it overspends.
 */

export const JUDGE_TOOL_NAME = 'record_verdict'

export const judgeVerdictSchema = z.object({
  answer: z.enum(['same', 'different']).describe('"same" only when both describe one underlying problem'),
  confidence: z.number().min(0).max(1).describe('Probability that the answer is right, 0–1'),
  reason: z.string().min(1).max(300).describe('One sentence naming what decided it'),
})

export type JudgeVerdict = z.infer<typeof judgeVerdictSchema>

const RUBRIC = `You decide whether two bug reports describe the same underlying problem (duplicates) or
different problems. Answer only by calling ${JUDGE_TOOL_NAME}.

"same": one fix would resolve both — the same defect seen twice, even in different words, versions or
symptoms (a crash and a hang from one cause; "Upgrade BouncyCastle to 1.69" and "Update Bouncy Castle to
1.68 or later").
"different": related but separate work — the same template with a different subject ("Remove usage of
sun.misc.Signal" vs "…sun.misc.Unsafe"; "www.zdf.de - Page is not loading" vs "www.rtl.de - …"; one
backport per branch), the same component with a different defect, or not enough information to say.
When unsure, answer "different" with a low confidence: a wrong "same" hides a bug.`

/** USD per million tokens: input, output; cache writes cost 1.25× input, cache reads 0.1× input. */
export interface JudgePrice {
  readonly input: number
  readonly output: number
}

/** The judge's default model: the cheapest current one, as a yes/no reading of two short reports needs. */
export const DEFAULT_JUDGE_MODEL = 'claude-haiku-4-5'

const PRICES: Record<string, JudgePrice> = {
  'claude-haiku-4-5': { input: 1, output: 5 },
  'claude-sonnet-4-6': { input: 3, output: 15 },
}

/** Where verdicts are remembered between runs (a Map by default; `pairVerdictCache` keeps them in a table). */
export interface JudgeCache {
  get(key: string): JudgeVerdict | undefined | Promise<JudgeVerdict | undefined>
  /** `pair` names the two signals asked about and the model, for a store that keeps them. */
  set(key: string, verdict: JudgeVerdict, pair: JudgedPair): unknown
}

export interface JudgedPair {
  readonly a: string
  readonly b: string
  readonly model: string
}

/**
 * Money the judge may spend. A request reserves its pessimistic estimate first (refused → the run stops
 * asking) and settles to the real cost after, as the scorer's nightly budget does, so a budget shared by
 * several runs (`WeeklyJudgeBudget`, per project and week) is never overspent by two at once.
 */
export interface JudgeBudget {
  reserve(usd: number): boolean | Promise<boolean>
  settle(reservedUsd: number, actualUsd: number): unknown
}

/** A budget for this run only (what `budgetUsd` gives). */
export class RunJudgeBudget implements JudgeBudget {
  private spent = 0
  constructor(readonly limitUsd: number) {
    if (!Number.isFinite(limitUsd) || limitUsd < 0)
      throw new RangeError(`a judge budget must be a non-negative number of US dollars, not ${limitUsd}`)
  }
  reserve(usd: number): boolean {
    if (this.spent + usd > this.limitUsd) return false
    this.spent += usd
    return true
  }
  settle(reservedUsd: number, actualUsd: number): void {
    this.spent = Math.max(0, this.spent + actualUsd - reservedUsd)
  }
}

export interface ClaudeJudgeOptions {
  /** A configured client (`new Anthropic({ apiKey, baseURL })`). */
  readonly client: Anthropic
  readonly model?: string
  /** Stop before spending more than this (USD) in this run; or pass a shared `budget`. */
  readonly budgetUsd?: number
  readonly budget?: JudgeBudget
  readonly cache?: JudgeCache
  /** Only verdicts at or above this confidence become decisions; the rest stay for a person. */
  readonly minConfidence?: number
  readonly price?: JudgePrice
}

export interface JudgeRun {
  readonly decisions: PairDecision[]
  /** Pairs answered from the cache (no request). */
  readonly cached: number
  readonly requests: number
  readonly spentUsd: number
  /** Pairs left for a person: low confidence, an invalid answer, an API error, or the budget ran out. */
  readonly leftForPeople: readonly NeedsConfirmationLink[]
  readonly stoppedByBudget: boolean
  /** Answers that did not fit the verdict schema (no tool call, a field out of range). */
  readonly invalid: number
  /** The API error that stopped the run (after the SDK's own retries of 429 and 5xx), if one did. */
  readonly apiError?: string | undefined
}

function describe(signal: Signal): string {
  const parts = [`id: ${signal.id}`]
  if (signal.title) parts.push(`title: ${signal.title}`)
  if (signal.errorType) parts.push(`error type: ${signal.errorType}`)
  if (signal.route) parts.push(`route: ${signal.route}`)
  if (signal.createdAt) parts.push(`reported: ${signal.createdAt}`)
  if (signal.text) parts.push(`text:\n${signal.text.slice(0, 4_000)}`)
  const frames = (signal.frames ?? []).filter((f) => f.inApp !== false).slice(0, 8)
  if (frames.length > 0)
    parts.push(`stack:\n${frames.map((f) => `  at ${f.function ?? '?'} (${f.file ?? '?'})`).join('\n')}`)
  return parts.join('\n')
}

/** The cache key of a pair: the same two texts give the same key in either order. */
export function judgeCacheKey(model: string, a: Signal, b: Signal): string {
  const [x, y] = [describe({ ...a, id: '' }), describe({ ...b, id: '' })].sort()
  return createHash('sha256').update(`${model}\n${x}\n\u0000\n${y}`).digest('hex')
}

const MAX_TOKENS = 300

/**
 * What a request may cost at most, reserved before it is sent: the rubric and prompt at ~3 characters a
 * token, all uncached (cache writes cost 1.25×), and every output token the request allows.
 */
function estimateUsd(prompt: string, price: JudgePrice): number {
  const inputTokens = Math.ceil((RUBRIC.length + prompt.length + 600) / 3)
  return (inputTokens * price.input * 1.25 + MAX_TOKENS * price.output) / 1_000_000
}

function cost(usage: Anthropic.Messages.Usage, price: JudgePrice): number {
  const write = usage.cache_creation_input_tokens ?? 0
  const read = usage.cache_read_input_tokens ?? 0
  return (
    (usage.input_tokens * price.input +
      write * price.input * 1.25 +
      read * price.input * 0.1 +
      usage.output_tokens * price.output) /
    1_000_000
  )
}

/**
 * Asks Claude about each link, best expected benefit first, until the budget is spent.
 * @example
 * const judge = await judgeLinks(result.links, signals, { client: new Anthropic(), budgetUsd: 1 })
 * await storePairDecisions(judge.decisions) // decidedBy "model:claude-haiku-4-5"
 */
export async function judgeLinks(
  links: readonly NeedsConfirmationLink[],
  signals: readonly Signal[],
  options: ClaudeJudgeOptions,
): Promise<JudgeRun> {
  const model = options.model ?? DEFAULT_JUDGE_MODEL
  const price = options.price ?? PRICES[model] ?? (PRICES[DEFAULT_JUDGE_MODEL] as JudgePrice)
  const cache = options.cache ?? new Map<string, JudgeVerdict>()
  const budget = options.budget ?? new RunJudgeBudget(options.budgetUsd ?? 0)
  const minConfidence = options.minConfidence ?? 0.8
  const byId = new Map(signals.map((s) => [s.id, s]))
  const decisions: PairDecision[] = []
  const leftForPeople: NeedsConfirmationLink[] = []
  let spentUsd = 0
  let requests = 0
  let cached = 0
  let invalid = 0
  let stoppedByBudget = false
  let apiError: string | undefined
  const ordered = [...links].sort((x, y) => y.benefit - x.benefit)
  for (const link of ordered) {
    const a = byId.get(link.a)
    const b = byId.get(link.b)
    if (!a || !b) continue
    const key = judgeCacheKey(model, a, b)
    let verdict = await cache.get(key)
    if (verdict) cached++
    else {
      const prompt = `Report A\n${describe(a)}\n\nReport B\n${describe(b)}`
      // Once refused or failed, the rest of the run is for people: no more requests.
      if (stoppedByBudget || apiError !== undefined) {
        leftForPeople.push(link)
        continue
      }
      const reserved = estimateUsd(prompt, price)
      if (!(await budget.reserve(reserved))) {
        stoppedByBudget = true
        leftForPeople.push(link)
        continue
      }
      let response: Anthropic.Messages.Message
      try {
        response = await options.client.messages.create({
          model,
          max_tokens: MAX_TOKENS,
          system: [{ type: 'text', text: RUBRIC, cache_control: { type: 'ephemeral' } }],
          tools: [
            {
              name: JUDGE_TOOL_NAME,
              description: 'Record whether the two reports describe the same problem',
              input_schema: z.toJSONSchema(judgeVerdictSchema) as Anthropic.Messages.Tool.InputSchema,
            },
          ],
          tool_choice: { type: 'tool', name: JUDGE_TOOL_NAME },
          messages: [{ role: 'user', content: prompt }],
        })
      } catch (error: unknown) {
        // The SDK has already retried 429s and 5xx (honouring retry-after); what is left is not this
        // pair's fault, so it and every later pair go to a person and triage carries on.
        await budget.settle(reserved, 0)
        apiError = error instanceof Error ? error.message : String(error)
        leftForPeople.push(link)
        continue
      }
      requests++
      const actual = cost(response.usage, price)
      spentUsd += actual
      await budget.settle(reserved, actual)
      const call = response.content.find(
        (block) => block.type === 'tool_use' && block.name === JUDGE_TOOL_NAME,
      )
      const parsed = judgeVerdictSchema.safeParse(call?.type === 'tool_use' ? call.input : undefined)
      if (!parsed.success) {
        invalid++
        leftForPeople.push(link)
        continue
      }
      verdict = parsed.data
      await cache.set(key, verdict, { a: link.a, b: link.b, model })
    }
    if (verdict.confidence < minConfidence) {
      leftForPeople.push(link)
      continue
    }
    decisions.push({
      a: link.a,
      b: link.b,
      answer: verdict.answer,
      decidedBy: `model:${model}`,
      decidedAt: new Date().toISOString(),
    })
  }
  return { decisions, cached, requests, spentUsd, leftForPeople, stoppedByBudget, invalid, apiError }
}
