/**
 * Text features for the semantic signal. Features are hashed into a fixed space (the "hashing trick")
 * so a week of a million signals needs no vocabulary map: memory stays proportional to the signals.
 */

export const FEATURE_BITS = 22
const FEATURE_MASK = (1 << FEATURE_BITS) - 1

const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have he her his how i if in ' +
    'into is it its me my no not of on or our she so that the their them then there these they this to ' +
    'too up us was we were what when where which while who why will with would you your after before ' +
    'also just than only any all some get got out about'
  ).split(' '),
)

/** 32-bit FNV-1a. */
export function hash32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/**
 * Lower-cases and replaces the parts of a message that differ between occurrences of one problem
 * (ids, numbers, URLs, e-mail addresses) with placeholders, so "order 8812 failed" and "order 9 failed"
 * read the same.
 */
export function normalizeText(text: string): string {
  // Each pattern needs a character the text may not have; skipping the scan then changes nothing (the
  // placeholders add none of them), and the e-mail pattern backtracks on every word when it does run.
  let out = text.toLowerCase()
  if (out.includes('http')) out = out.replace(/https?:\/\/\S+/g, ' urltoken ')
  if (out.includes('@')) out = out.replace(/[\w.+-]+@[\w-]+\.[\w.]+/g, ' emailtoken ')
  if (out.includes('-')) {
    out = out.replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, ' idtoken ')
  }
  if (!/[0-9]/.test(out)) return out
  return (
    out
      .replace(/\b(?=[0-9a-f]*\d)[0-9a-f]{12,}\b/g, ' idtoken ')
      // Versions (`3.3.2`, `v2.53`) name different problems, so they stay one token; bare numbers are ids.
      .replace(/\bv?\d+(?:\.\d+)+\b/g, (version) => version.replace(/\./g, '_'))
      .replace(/\b\d+\b/g, ' 0 ')
  )
}

/** Word tokens of normalised text, without stop words. */
export function tokenize(text: string): string[] {
  return tokenizeNormalized(normalizeText(text))
}

/** Word tokens of text that has been through `normalizeText`. */
export function tokenizeNormalized(normalized: string): string[] {
  const words = normalized.split(/[^\p{L}\p{N}_]+/u)
  const out: string[] = []
  for (const word of words) {
    if (word.length < 2 && word !== '0') continue
    if (STOPWORDS.has(word)) continue
    out.push(word)
  }
  return out
}

export interface FeatureOptions {
  /** Word bigrams catch phrase order ("cannot save" vs "save cannot"). */
  readonly bigrams: boolean
  /** Character n-grams inside words (length), 0 for none: robust to typos and inflections. */
  readonly charGrams: number
  /** How much more a title word counts than a body word. */
  readonly titleWeight: number
  /**
   * Code and stack tokens: dotted or `#` identifiers (`sun.misc.signal`, `testfoo#testbar`), called
   * functions (`liststatus()`) and stack-frame functions (`at org.foo.bar(`) as whole features besides
   * their words, so `sun.misc.Signal` and `sun.misc.Unsafe` share no code token while two reports naming
   * one class share a rare one.
   */
  readonly codeTokens?: boolean
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  bigrams: false,
  charGrams: 4,
  titleWeight: 2,
  codeTokens: true,
}

// Matches start only at a word's first character, so a long token without dots is scanned once, not
// once per character (quadratic backtracking on a 20,000-character blob).
const CODE_TOKEN = /(?<![\w$])[a-z_$][\w$]*(?:(?:[.#][a-z_$][\w$]*)+|(?=\(\)))/g
const STACK_FRAME = /\bat\s+([\w$.<>/]+)\s*\(/g

/** Feeds the code and stack tokens of normalised text to `sink` (see `FeatureOptions.codeTokens`). */
function extractCodeTokens(normalized: string, weight: number, sink: FeatureSink): void {
  if (!normalized.includes('.') && !normalized.includes('#') && !normalized.includes('(')) return
  for (const match of normalized.matchAll(CODE_TOKEN)) {
    if (match[0].length > 3) sink.add(hash32(match[0], 0x85ebca6b) & FEATURE_MASK, weight, false)
  }
  if (!normalized.includes('at ')) return
  for (const match of normalized.matchAll(STACK_FRAME)) {
    sink.add(hash32(match[1] as string, 0xc2b2ae35) & FEATURE_MASK, weight, false)
  }
}

/** Receives each hashed feature of a text in order; `word` marks word unigrams (used for blocking). */
export interface FeatureSink {
  add(feature: number, weight: number, word: boolean): void
}

/** Feeds the hashed features of one text to `sink`: words, optional bigrams, character n-grams. */
export function extractFeatures(
  text: string,
  weight: number,
  options: FeatureOptions,
  sink: FeatureSink,
): void {
  extractNormalizedFeatures(normalizeText(text), weight, options, sink)
}

/** `extractFeatures` for text that has been through `normalizeText`. */
export function extractNormalizedFeatures(
  normalized: string,
  weight: number,
  options: FeatureOptions,
  sink: FeatureSink,
): void {
  const tokens = tokenizeNormalized(normalized)
  if (options.codeTokens) extractCodeTokens(normalized, weight, sink)
  const grams = options.charGrams
  const gramWeight = weight * 0.5
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string
    sink.add(hash32(token) & FEATURE_MASK, weight, true)
    if (options.bigrams && i + 1 < tokens.length) {
      sink.add(hash32(`${token} ${tokens[i + 1]}`, 0x9e3779b1) & FEATURE_MASK, weight, false)
    }
    if (grams > 0 && token.length > grams) {
      // Hash each n-gram of `<token>` in place: slicing a string per n-gram is what dominated GC time.
      const last = token.length + 2 - grams
      for (let c = 0; c <= last; c++) {
        let h = 0x27d4eb2d
        for (let k = c; k < c + grams; k++) {
          const code = k === 0 ? 60 : k === token.length + 1 ? 62 : token.charCodeAt(k - 1)
          h = Math.imul(h ^ code, 0x01000193)
        }
        sink.add((h >>> 0) & FEATURE_MASK, gramWeight, false)
      }
    }
  }
}
