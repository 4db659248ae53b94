import type { TokenUsage } from '../scoring/scorer.js'

/**
 * US dollars per million tokens, as Anthropic's pricing page lists them: base input, output, cache writes
 * with the default 5-minute lifetime (`cacheWrite`) and with the 1-hour lifetime (`cacheWrite1h`), and
 * cache reads ("cache hits and refreshes").
 */
export interface ModelPrice {
  readonly input: number
  readonly output: number
  readonly cacheWrite: number
  readonly cacheWrite1h: number
  readonly cacheRead: number
}

/** The multipliers Anthropic lists for these models: 5-minute writes 1.25×, 1-hour writes 2×, reads 0.1×. */
function price(input: number, output: number): ModelPrice {
  return { input, output, cacheWrite: input * 1.25, cacheWrite1h: input * 2, cacheRead: input * 0.1 }
}

/**
 * List prices from Anthropic's pricing page (platform.claude.com/docs/en/about-claude/pricing) for the
 * models whose five prices that page states. Retired models (Claude Haiku 3.5, Sonnet 4, Opus 4.1, and Sonnet 4.5
 * since 30 November 2026) are gone. A model not listed here is refused (`UnknownModelPriceError`) rather than guessed at, so a budget
 * is never counted at the wrong price: pass `prices` to `createClaudeScorer` to add one.
 */
export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-haiku-4-5': price(1, 5),
  'claude-sonnet-4-6': price(3, 15),
  'claude-opus-4-5': price(5, 25),
  'claude-opus-4-6': price(5, 25),
  'claude-opus-4-7': price(5, 25),
  'claude-opus-4-8': price(5, 25),
  'claude-opus-5': price(5, 25),
}

/**
 * The shortest prompt prefix each model will cache, in tokens (Anthropic's prompt-caching docs). A
 * `cache_control` breakpoint on a shorter prefix is accepted and silently ignored: everything is billed at
 * the full input price and both cache counters in `usage` stay 0. Models priced above but missing here
 * are treated as needing the largest minimum listed.
 */
export const MIN_CACHEABLE_TOKENS: Readonly<Record<string, number>> = {
  'claude-haiku-4-5': 4_096,
  'claude-sonnet-4-6': 1_024,
  'claude-opus-4-5': 4_096,
  'claude-opus-4-6': 4_096,
}

/** The model id a (possibly dated) id belongs to in `table`: `claude-haiku-4-5-20251001` → `claude-haiku-4-5`. */
function aliasIn<T>(model: string, table: Readonly<Record<string, T>>): string | undefined {
  if (table[model] !== undefined) return model
  // A dated snapshot is the alias followed by -YYYYMMDD; a mere prefix (claude-opus-4-5 vs claude-opus-4-50) is not.
  return Object.keys(table)
    .filter((name) => model.startsWith(`${name}-`) && /^\d{8}$/.test(model.slice(name.length + 1)))
    .sort((a, b) => b.length - a.length)[0]
}

/** The minimum cacheable prefix of `model` (dated ids match their alias); unknown models get the largest. */
export function minCacheableTokensOf(
  model: string,
  table: Readonly<Record<string, number>> = MIN_CACHEABLE_TOKENS,
): number {
  const alias = aliasIn(model, table)
  return (alias && table[alias]) || Math.max(...Object.values(table))
}

/** Message Batches are billed at half the price of the same requests made one by one. */
export const BATCH_DISCOUNT = 0.5

/** The model has no price in the table: Suture will not guess what it costs. */
export class UnknownModelPriceError extends Error {
  override readonly name = 'UnknownModelPriceError'
  constructor(
    readonly model: string,
    readonly known: readonly string[],
  ) {
    super(
      `Claude model '${model}' has no price in Suture's table (${known.join(', ')}); ` +
        'pick one of those, or pass its prices (input, output, cacheWrite, cacheWrite1h, cacheRead per million tokens) ' +
        "as createClaudeScorer({ prices }). A retired model id would also be refused by Anthropic's API.",
    )
  }
}

/** The price of `model`, matching dated ids (`claude-haiku-4-5-20251001`) to their alias. */
export function priceOf(
  model: string,
  prices: Readonly<Record<string, ModelPrice>> = MODEL_PRICES,
): ModelPrice {
  const alias = aliasIn(model, prices)
  const found = alias ? prices[alias] : undefined
  if (!found) throw new UnknownModelPriceError(model, Object.keys(prices))
  return found
}

export function isPriced(
  model: string,
  prices: Readonly<Record<string, ModelPrice>> = MODEL_PRICES,
): boolean {
  return aliasIn(model, prices) !== undefined
}

/** What `usage` cost, in US dollars; 1-hour cache writes at their own price, the rest at 5 minutes'. */
export function costOf(usage: TokenUsage, p: ModelPrice, batch = false): number {
  const longWrites = Math.min(usage.cacheCreation1hInputTokens ?? 0, usage.cacheCreationInputTokens)
  const dollars =
    (usage.inputTokens * p.input +
      usage.outputTokens * p.output +
      (usage.cacheCreationInputTokens - longWrites) * p.cacheWrite +
      longWrites * p.cacheWrite1h +
      usage.cacheReadInputTokens * p.cacheRead) /
    1_000_000
  return batch ? dollars * BATCH_DISCOUNT : dollars
}

/** Reads the API's `usage` object (fields may be null or absent), with the 1-hour part of cache writes. */
export function usageFromApi(usage: {
  input_tokens?: number | null
  output_tokens?: number | null
  cache_creation_input_tokens?: number | null
  cache_read_input_tokens?: number | null
  cache_creation?: { ephemeral_1h_input_tokens?: number | null } | null
}): TokenUsage {
  const longWrites = usage.cache_creation?.ephemeral_1h_input_tokens ?? 0
  return {
    inputTokens: usage.input_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    cacheCreationInputTokens: usage.cache_creation_input_tokens ?? 0,
    cacheReadInputTokens: usage.cache_read_input_tokens ?? 0,
    ...(longWrites > 0 ? { cacheCreation1hInputTokens: longWrites } : {}),
  }
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  const longWrites = (a.cacheCreation1hInputTokens ?? 0) + (b.cacheCreation1hInputTokens ?? 0)
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheCreationInputTokens: a.cacheCreationInputTokens + b.cacheCreationInputTokens,
    cacheReadInputTokens: a.cacheReadInputTokens + b.cacheReadInputTokens,
    ...(longWrites > 0 ? { cacheCreation1hInputTokens: longWrites } : {}),
  }
}

export const NO_USAGE: TokenUsage = {
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationInputTokens: 0,
  cacheReadInputTokens: 0,
}
