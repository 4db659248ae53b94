import type { TokenUsage } from '../scoring/scorer.js'

/** US dollars per million tokens. Cache writes (5-minute TTL) cost 1.25× input, cache reads 0.1×. */
export interface ModelPrice {
  readonly input: number
  readonly output: number
  readonly cacheWrite: number
  readonly cacheRead: number
}

function price(input: number, output: number): ModelPrice {
  return { input, output, cacheWrite: input * 1.25, cacheRead: input * 0.1 }
}

/**
 * List prices from anthropic.com/pricing. A model not listed here is priced as the most expensive one,
 * so a budget is never under-counted; pass `prices` to `createClaudeScorer` to add yours.
 */
export const MODEL_PRICES: Readonly<Record<string, ModelPrice>> = {
  'claude-haiku-4-5': price(1, 5),
  'claude-3-5-haiku-latest': price(0.8, 4),
  'claude-sonnet-4-5': price(3, 15),
  'claude-sonnet-4-0': price(3, 15),
  'claude-opus-4-5': price(5, 25),
  'claude-opus-4-1': price(15, 75),
}

/**
 * The shortest prompt prefix each model will cache, in tokens (Anthropic's prompt-caching docs). A
 * `cache_control` breakpoint on a shorter prefix is accepted and silently ignored: everything is billed at
 * the full input price and both cache counters in `usage` stay 0.
 */
export const MIN_CACHEABLE_TOKENS: Readonly<Record<string, number>> = {
  'claude-haiku-4-5': 4_096,
  'claude-3-5-haiku-latest': 2_048,
  'claude-sonnet-4-5': 1_024,
  'claude-sonnet-4-0': 1_024,
  'claude-opus-4-5': 4_096,
  'claude-opus-4-1': 1_024,
}

/** The minimum cacheable prefix of `model` (dated ids match their alias); unknown models get the largest. */
export function minCacheableTokensOf(
  model: string,
  table: Readonly<Record<string, number>> = MIN_CACHEABLE_TOKENS,
): number {
  const exact = table[model]
  if (exact !== undefined) return exact
  const alias = Object.keys(table)
    .filter((name) => model.startsWith(name))
    .sort((a, b) => b.length - a.length)[0]
  return (alias && table[alias]) || Math.max(...Object.values(table))
}

/** Message Batches are billed at half the price of the same requests made one by one. */
export const BATCH_DISCOUNT = 0.5

const MOST_EXPENSIVE = Object.values(MODEL_PRICES).reduce((a, b) => (b.output > a.output ? b : a))

/** The price of `model`, matching dated ids (`claude-haiku-4-5-20251001`) to their alias. */
export function priceOf(
  model: string,
  prices: Readonly<Record<string, ModelPrice>> = MODEL_PRICES,
): ModelPrice {
  const exact = prices[model]
  if (exact) return exact
  const alias = Object.keys(prices)
    .filter((name) => model.startsWith(name))
    .sort((a, b) => b.length - a.length)[0]
  return (alias && prices[alias]) || MOST_EXPENSIVE
}

export function isPriced(
  model: string,
  prices: Readonly<Record<string, ModelPrice>> = MODEL_PRICES,
): boolean {
  return prices[model] !== undefined || Object.keys(prices).some((name) => model.startsWith(name))
}

/** What `usage` cost, in US dollars. */
export function costOf(usage: TokenUsage, p: ModelPrice, batch = false): number {
  const dollars =
    (usage.inputTokens * p.input +
      usage.outputTokens * p.output +
      usage.cacheCreationInputTokens * p.cacheWrite +
      usage.cacheReadInputTokens * p.cacheRead) /
    1_000_000
  return batch ? dollars * BATCH_DISCOUNT : dollars
}

/** Reads the API's `usage` object (fields may be null or absent). */
export function usageFromApi(usage: {
  input_tokens?: number | null
  output_tokens?: number | null
  cache_creation_input_tokens?: number | null
  cache_read_input_tokens?: number | null
}): TokenUsage {
  return {
    inputTokens: usage.input_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    cacheCreationInputTokens: usage.cache_creation_input_tokens ?? 0,
    cacheReadInputTokens: usage.cache_read_input_tokens ?? 0,
  }
}

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheCreationInputTokens: a.cacheCreationInputTokens + b.cacheCreationInputTokens,
    cacheReadInputTokens: a.cacheReadInputTokens + b.cacheReadInputTokens,
  }
}

export const NO_USAGE: TokenUsage = {
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationInputTokens: 0,
  cacheReadInputTokens: 0,
}
