import { createHash } from 'node:crypto'
import Anthropic from '@anthropic-ai/sdk'
import { type ScoreOutput, scoreOutputSchema } from '../scoring/score-output.js'
import type { ScoreResult, Scorer, TokenUsage } from '../scoring/scorer.js'
import type { ScoringSession } from '../scoring/session.js'
import type { CostBudget } from './budget.js'
import {
  addUsage,
  costOf,
  MODEL_PRICES,
  type ModelPrice,
  minCacheableTokensOf,
  NO_USAGE,
  priceOf,
  usageFromApi,
} from './pricing.js'
import { cachedPrefixTokens, RECORD_SCORE_TOOL, scoreRequest } from './rubric.js'
import { buildTimeline } from './timeline.js'
import { estimateTokens } from './tokens.js'

export const CLAUDE_SCORER_NAME = 'claude'
/** Bump when the rubric, timeline or tool change; the model is part of the version too. */
export const CLAUDE_PROMPT_VERSION = '2'
export const DEFAULT_CLAUDE_MODEL = 'claude-haiku-4-5'

export interface ClaudeScorerOptions {
  /** A configured client; otherwise one is made from `apiKey`/`baseURL` (or ANTHROPIC_API_KEY). */
  readonly client?: Anthropic
  readonly apiKey?: string
  readonly baseURL?: string
  /** Retries of 429/5xx inside the SDK, honouring `retry-after` (default 2). */
  readonly maxRetries?: number
  /** A model of the price table (`MODEL_PRICES`, or `prices`); any other is refused when the scorer is made. */
  readonly model?: string
  readonly maxTokens?: number
  /** Estimated tokens for the timeline of one session (default 1,200). */
  readonly timelineTokenBudget?: number
  readonly prices?: Readonly<Record<string, ModelPrice>>
  /** Shared across a run: a request that would cross it is not sent. */
  readonly budget?: CostBudget
}

type Validation =
  | { ok: true; output: ScoreOutput }
  | { ok: false; reason: string; toolUseId: string | undefined; content: Anthropic.ContentBlock[] }

/** Finds the `record_score` call in a model response and checks it against the shared schema. */
export function validateToolOutput(message: Pick<Anthropic.Message, 'content' | 'stop_reason'>): Validation {
  const call = message.content.find(
    (block): block is Anthropic.ToolUseBlock => block.type === 'tool_use' && block.name === RECORD_SCORE_TOOL,
  )
  if (!call) {
    return {
      ok: false,
      reason: `no ${RECORD_SCORE_TOOL} call in the response (stop_reason ${message.stop_reason ?? 'null'})`,
      toolUseId: undefined,
      content: message.content,
    }
  }
  const parsed = scoreOutputSchema.safeParse(call.input)
  if (parsed.success) return { ok: true, output: parsed.data }
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.map(String).join('.') || '(input)'}: ${i.message}`)
    .join('; ')
  return {
    ok: false,
    reason: `invalid ${RECORD_SCORE_TOOL} input: ${issues}`,
    toolUseId: call.id,
    content: message.content,
  }
}

const CUSTOM_ID = /^[A-Za-z0-9_-]{1,64}$/

/** Batch custom ids must match `^[A-Za-z0-9_-]{1,64}$`: session ids that do are used as they are. */
export function customIdFor(sessionId: string): string {
  if (CUSTOM_ID.test(sessionId)) return sessionId
  return `h_${createHash('sha256').update(sessionId).digest('hex').slice(0, 40)}`
}

export interface ClaudeScorer extends Scorer {
  readonly model: string
  readonly client: Anthropic
  readonly price: ModelPrice
  /** Estimated tokens of the tool + rubric prefix behind the `cache_control` breakpoint. */
  readonly cachedPrefixTokens: number
  /** Whether that prefix reaches the model's minimum cacheable length, i.e. whether caching can happen. */
  readonly cacheable: boolean
  /**
   * The request body for a session. A batch entry (`batch: true`) caches the prefix for an hour: a batch
   * can take longer than the default 5-minute cache lifetime, so its later requests would miss it.
   */
  request(session: ScoringSession, options?: { batch?: boolean }): Anthropic.MessageCreateParamsNonStreaming
  /** A pessimistic cost estimate for one session, for budget checks before sending. */
  estimateCostUsd(session: ScoringSession, batch?: boolean): number
  /**
   * Judges a model response to `request(session)`: a valid score, or one repair attempt with the validation
   * error fed back, then failed-to-score with the reason. `batch` prices the first response at batch rates.
   */
  finish(
    session: ScoringSession,
    response: Anthropic.Message,
    options?: { batch?: boolean; signal?: AbortSignal },
  ): Promise<ScoreResult>
}

function describeApiError(error: unknown): { reason: string; retryable: boolean } {
  if (error instanceof Anthropic.APIError) {
    const status = error.status ?? 'network'
    // 4xx other than 408/409/429 will fail the same way next time (bad request, auth): not retryable.
    const retryable = typeof status !== 'number' || status >= 500 || [408, 409, 429].includes(status)
    return { reason: `Anthropic API ${status}: ${error.message}`, retryable }
  }
  return { reason: error instanceof Error ? error.message : String(error), retryable: true }
}

/**
 * Scores sessions with Claude: a compact timeline, the rubric in a cached system prompt, and a forced
 * `record_score` tool call validated by the shared zod schema.
 * @example
 * const scorer = createClaudeScorer({ apiKey: process.env.ANTHROPIC_API_KEY })
 * const result = await scorer.score(session)
 */
export function createClaudeScorer(options: ClaudeScorerOptions = {}): ClaudeScorer {
  const model = options.model ?? DEFAULT_CLAUDE_MODEL
  const maxTokens = options.maxTokens ?? 400
  const prices = options.prices ?? MODEL_PRICES
  const price = priceOf(model, prices)
  const client =
    options.client ??
    new Anthropic({
      ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
      ...(options.baseURL !== undefined ? { baseURL: options.baseURL } : {}),
      maxRetries: options.maxRetries ?? 2,
    })
  const prefixTokens = cachedPrefixTokens()
  const cacheable = prefixTokens >= minCacheableTokensOf(model)
  const budget = options.budget

  const request = (session: ScoringSession, requestOptions: { batch?: boolean } = {}) =>
    scoreRequest(buildTimeline(session, { tokenBudget: options.timelineTokenBudget ?? 1_200 }).text, {
      model,
      maxTokens,
      cacheTtl: requestOptions.batch === true ? '1h' : '5m',
    })

  const estimate = (params: Anthropic.MessageCreateParamsNonStreaming, batch = false): number => {
    const content = params.messages.map((m) =>
      typeof m.content === 'string' ? m.content : JSON.stringify(m.content),
    )
    // Pessimistic: the prefix as a cache write (1.25× input, or 2× for a batch's 1-hour entry), which is
    // what a cold cache costs; the 40 tokens cover the request's framing.
    const input = 40 + estimateTokens(content.join(''))
    const usage = cacheable
      ? {
          ...NO_USAGE,
          inputTokens: input,
          cacheCreationInputTokens: prefixTokens,
          ...(batch ? { cacheCreation1hInputTokens: prefixTokens } : {}),
        }
      : { ...NO_USAGE, inputTokens: input + prefixTokens }
    return costOf({ ...usage, outputTokens: maxTokens }, price, batch)
  }

  async function call(
    params: Anthropic.MessageCreateParamsNonStreaming,
    signal: AbortSignal | undefined,
  ): Promise<{ ok: true; message: Anthropic.Message } | { ok: false; reason: string; retryable: boolean }> {
    if (budget && !budget.canAfford(estimate(params))) {
      return { ok: false, reason: budget.exhausted ?? 'budget reached', retryable: true }
    }
    try {
      const message = await client.messages.create(params, signal ? { signal } : undefined)
      return { ok: true, message }
    } catch (error: unknown) {
      return { ok: false, ...describeApiError(error) }
    }
  }

  const charge = (usage: TokenUsage, batch: boolean): number => {
    const cost = costOf(usage, price, batch)
    budget?.record(cost)
    return cost
  }

  async function finish(
    session: ScoringSession,
    response: Anthropic.Message,
    finishOptions: { batch?: boolean; signal?: AbortSignal } = {},
  ): Promise<ScoreResult> {
    const firstUsage = usageFromApi(response.usage)
    let costUsd = charge(firstUsage, finishOptions.batch === true)
    let usage = firstUsage
    const first = validateToolOutput(response)
    if (first.ok) return { ok: true, output: first.output, costUsd, usage }
    // One repair attempt: show the model its own call and what was wrong with it.
    const original = request(session)
    const repair: Anthropic.MessageCreateParamsNonStreaming =
      first.toolUseId === undefined
        ? original
        : {
            ...original,
            messages: [
              ...original.messages,
              { role: 'assistant', content: first.content },
              {
                role: 'user',
                content: [
                  {
                    type: 'tool_result',
                    tool_use_id: first.toolUseId,
                    is_error: true,
                    content: `${first.reason}. Call ${RECORD_SCORE_TOOL} again with every field valid.`,
                  },
                ],
              },
            ],
          }
    const second = await call(repair, finishOptions.signal)
    if (!second.ok) {
      return {
        ok: false,
        reason: `${first.reason}; retry failed: ${second.reason}`,
        retryable: second.retryable,
        costUsd,
        usage,
      }
    }
    const secondUsage = usageFromApi(second.message.usage)
    costUsd += charge(secondUsage, false)
    usage = addUsage(usage, secondUsage)
    const validated = validateToolOutput(second.message)
    if (validated.ok) return { ok: true, output: validated.output, costUsd, usage }
    return {
      ok: false,
      reason: `model output invalid twice: ${first.reason}; then ${validated.reason}`,
      retryable: false,
      costUsd,
      usage,
    }
  }

  return {
    name: CLAUDE_SCORER_NAME,
    version: `${CLAUDE_PROMPT_VERSION}/${model}`,
    model,
    client,
    price,
    cachedPrefixTokens: prefixTokens,
    cacheable,
    request,
    estimateCostUsd: (session, batch = false) => estimate(request(session, { batch }), batch),
    finish,
    async score(session, scoreOptions = {}) {
      const first = await call(request(session), scoreOptions.signal)
      if (!first.ok) return { ok: false, reason: first.reason, retryable: first.retryable, costUsd: 0 }
      return finish(session, first.message, scoreOptions.signal ? { signal: scoreOptions.signal } : {})
    },
  }
}
