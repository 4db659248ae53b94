/**
 * Token count estimate without a tokenizer: ~4 characters per token for English text and URLs (Anthropic's
 * own rule of thumb), rounded up. Used to keep timelines within budget and in the benchmark; the API's
 * `usage` is what we bill by.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4)
}
