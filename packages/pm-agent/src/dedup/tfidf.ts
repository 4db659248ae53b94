import { sharedFeatureBag } from './feature-bag.js'
import {
  DEFAULT_FEATURE_OPTIONS,
  extractNormalizedFeatures,
  FEATURE_BITS,
  type FeatureOptions,
  normalizeText,
} from './text.js'

/** Distinct texts remembered for sharing vectors: bounded, so a week of unique texts keeps memory flat. */
const SEEN_TEXTS_MAX = 250_000

/** One document for the vectoriser: a title counts `titleWeight` times a body word. */
export interface TextDocument {
  readonly title?: string | undefined
  readonly text?: string | undefined
}

/**
 * L2-normalised TF-IDF vectors of many documents, stored flat (one offsets array, one feature array,
 * one weight array) so a million documents cost a few hundred megabytes, not millions of objects.
 * Documents with the same normalised title and text (a week repeats the same messages thousands of
 * times) share one stored vector.
 */
export class TextVectors {
  readonly size: number
  /** The stored vector of each document. */
  private readonly vectorOf: Int32Array
  private readonly offsets: Uint32Array
  private readonly features: Int32Array
  private readonly weights: Float32Array
  /** The rarest word features of each document (df ≥ 2), `blockKeysPerDoc` per document, -1 padded. */
  readonly blockKeys: Int32Array
  readonly blockKeysPerDoc: number
  /** Document frequency of each hashed feature. */
  readonly df: Int32Array

  constructor(
    size: number,
    vectorOf: Int32Array,
    offsets: Uint32Array,
    features: Int32Array,
    weights: Float32Array,
    blockKeys: Int32Array,
    blockKeysPerDoc: number,
    df: Int32Array,
  ) {
    this.size = size
    this.vectorOf = vectorOf
    this.offsets = offsets
    this.features = features
    this.weights = weights
    this.blockKeys = blockKeys
    this.blockKeysPerDoc = blockKeysPerDoc
    this.df = df
  }

  /** Whether document `i` has any text features. */
  has(i: number): boolean {
    const v = this.vectorOf[i] as number
    return (this.offsets[v + 1] as number) > (this.offsets[v] as number)
  }

  /** Cosine similarity of documents `a` and `b` (0 when either is empty). */
  cosine(a: number, b: number): number {
    const va = this.vectorOf[a] as number
    const vb = this.vectorOf[b] as number
    let i = this.offsets[va] as number
    const iEnd = this.offsets[va + 1] as number
    let j = this.offsets[vb] as number
    const jEnd = this.offsets[vb + 1] as number
    let dot = 0
    while (i < iEnd && j < jEnd) {
      const fi = this.features[i] as number
      const fj = this.features[j] as number
      if (fi === fj) {
        dot += (this.weights[i] as number) * (this.weights[j] as number)
        i++
        j++
      } else if (fi < fj) i++
      else j++
    }
    return dot
  }

  /** The (feature, weight) pairs of document `i`, features ascending. */
  entries(i: number): { features: Int32Array; weights: Float32Array } {
    const v = this.vectorOf[i] as number
    const start = this.offsets[v] as number
    const end = this.offsets[v + 1] as number
    return { features: this.features.subarray(start, end), weights: this.weights.subarray(start, end) }
  }
}

/**
 * How term counts become weights. `bm25f` (the default): BM25F (Robertson & Zaragoza, 2009) — the title
 * and body counts are each normalised by their field's length against the average (b = 0.75), the title
 * weighted `titleWeight` times, then saturated (k1 = 1.2) and multiplied by the BM25 IDF, which goes to ~0
 * for words in most documents; vectors are L2-normalised, so similarity is still a cosine in [0, 1].
 * `tfidf`: sublinear term frequency × smoothed IDF (the plain baseline).
 */
export type TermWeighting = 'bm25f' | 'tfidf'

/** The standard BM25 constants, not fitted to any data set. */
export const BM25_K1 = 1.2
export const BM25_B = 0.75

export interface VectorizeOptions {
  readonly weighting?: TermWeighting
  readonly features?: FeatureOptions
  /** How many of a document's rarest words become blocking keys. */
  readonly blockKeysPerDoc?: number
}

/** Growable typed array, so the flat store never holds a JS array of numbers. */
class Growable<T extends Int32Array | Float32Array> {
  length = 0
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return
    const next = this.make(Math.max(this.data.length * 2, this.length + extra))
    next.set(this.data)
    this.data = next
  }
  /** The filled part, copied to its exact size so the spare capacity can be freed. */
  trimmed(): T {
    return this.data.slice(0, this.length) as T
  }
}

/**
 * Builds weighted term vectors for `docs` (BM25F by default, see `TermWeighting`; L2 norm).
 * @example
 * const vectors = vectorize([{ title: 'Save fails' }, { title: 'Saving fails' }])
 * vectors.cosine(0, 1)
 */
export function vectorize(docs: readonly TextDocument[], options: VectorizeOptions = {}): TextVectors {
  const featureOptions = options.features ?? DEFAULT_FEATURE_OPTIONS
  const keysPerDoc = options.blockKeysPerDoc ?? 3
  const bm25f = (options.weighting ?? 'bm25f') === 'bm25f'
  const n = docs.length
  // BM25F: field lengths per stored vector, and the title's part of each count.
  const titleLength = new Float64Array(bm25f ? n : 0)
  const bodyLength = new Float64Array(bm25f ? n : 0)
  const titleCounts = new Growable(
    new Float32Array(bm25f ? Math.max(16, n * 4) : 0),
    (k) => new Float32Array(k),
  )
  const vectorOf = new Int32Array(n)
  // Per stored vector (at most n of them): where it starts, how many documents share it.
  const offsets = new Uint32Array(n + 1)
  const shared = new Int32Array(n)
  const wordOffsets = new Uint32Array(n + 1)
  const features = new Growable(new Int32Array(Math.max(16, n * 4)), (k) => new Int32Array(k))
  const counts = new Growable(new Float32Array(Math.max(16, n * 4)), (k) => new Float32Array(k))
  const words = new Growable(new Int32Array(Math.max(16, n * 2)), (k) => new Int32Array(k))
  const seen = new Map<string, number>()
  const bag = sharedFeatureBag()
  let vectors = 0
  for (let d = 0; d < n; d++) {
    const doc = docs[d] as TextDocument
    const title = doc.title ? normalizeText(doc.title) : ''
    const text = doc.text ? normalizeText(doc.text) : ''
    // Length-prefixed, so no title/text split of one string can pass for another.
    const key = `${title.length}:${title}${text}`
    const known = seen.get(key)
    if (known !== undefined) {
      vectorOf[d] = known
      shared[known] = (shared[known] as number) + 1
      continue
    }
    const v = vectors++
    if (seen.size < SEEN_TEXTS_MAX) seen.set(key, v)
    vectorOf[d] = v
    shared[v] = 1
    bag.clear()
    // BM25F weighs the title after length normalisation, so both fields are counted with weight 1 here.
    bag.titleField = true
    if (title) extractNormalizedFeatures(title, bm25f ? 1 : featureOptions.titleWeight, featureOptions, bag)
    bag.titleField = false
    if (text) extractNormalizedFeatures(text, 1, featureOptions, bag)
    const size = bag.size
    const ids = bag.features.subarray(0, size).sort()
    features.reserve(size)
    counts.reserve(size)
    const featureData = features.data
    const countData = counts.data
    let at = features.length
    if (bm25f) {
      titleCounts.reserve(size)
      const titleData = titleCounts.data
      for (let k = 0; k < size; k++) titleData[at + k] = bag.titleCount(ids[k] as number)
      titleCounts.length = at + size
      titleLength[v] = bag.titleTokens
      bodyLength[v] = bag.bodyTokens
    }
    for (let k = 0; k < size; k++) {
      const id = ids[k] as number
      featureData[at] = id
      countData[at++] = bag.count(id)
    }
    features.length = at
    counts.length = at
    offsets[v + 1] = at
    words.reserve(bag.wordCount)
    words.data.set(bag.words.subarray(0, bag.wordCount), words.length)
    words.length += bag.wordCount
    wordOffsets[v + 1] = words.length
  }
  const featureData = features.trimmed()
  const weights = counts.trimmed()
  const wordData = words.trimmed()
  const df = new Int32Array(1 << FEATURE_BITS)
  for (let v = 0; v < vectors; v++) {
    const times = shared[v] as number
    const end = offsets[v + 1] as number
    for (let k = offsets[v] as number; k < end; k++) {
      const f = featureData[k] as number
      df[f] = (df[f] as number) + times
    }
  }
  let averageTitle = 0
  let averageBody = 0
  if (bm25f) {
    for (let v = 0; v < vectors; v++) {
      averageTitle += ((titleLength[v] as number) * (shared[v] as number)) / n
      averageBody += ((bodyLength[v] as number) * (shared[v] as number)) / n
    }
  }
  const titleData = titleCounts.data
  const titleWeight = featureOptions.titleWeight
  // One logarithm per distinct feature rather than per stored entry (IDF > 0, so 0 means "not yet").
  const idf = new Float64Array(df.length)
  for (let v = 0; v < vectors; v++) {
    const start = offsets[v] as number
    const end = offsets[v + 1] as number
    const titleNorm = averageTitle > 0 ? 1 - BM25_B + (BM25_B * (titleLength[v] as number)) / averageTitle : 1
    const bodyNorm = averageBody > 0 ? 1 - BM25_B + (BM25_B * (bodyLength[v] as number)) / averageBody : 1
    let norm = 0
    for (let k = start; k < end; k++) {
      const tf = weights[k] as number
      const feature = featureData[k] as number
      let featureIdf = idf[feature] as number
      if (featureIdf === 0) {
        const f = df[feature] as number
        featureIdf = bm25f ? Math.log(1 + (n - f + 0.5) / (f + 0.5)) : Math.log((n + 1) / (f + 1)) + 1
        idf[feature] = featureIdf
      }
      let w: number
      if (bm25f) {
        const inTitle = titleData[k] as number
        const pseudo = (titleWeight * inTitle) / titleNorm + Math.max(0, tf - inTitle) / bodyNorm
        w = ((pseudo * (BM25_K1 + 1)) / (BM25_K1 + pseudo)) * featureIdf
      } else w = (1 + Math.log(tf)) * featureIdf
      weights[k] = w
      norm += w * w
    }
    norm = Math.sqrt(norm)
    if (norm > 0) for (let k = start; k < end; k++) weights[k] = (weights[k] as number) / norm
  }
  // Rarest shared words make good blocks: near-duplicates share them, unrelated texts rarely do.
  const vectorKeys = new Int32Array(vectors * keysPerDoc).fill(-1)
  for (let v = 0; v < vectors; v++) {
    const start = wordOffsets[v] as number
    const end = wordOffsets[v + 1] as number
    const base = v * keysPerDoc
    let picked = 0
    for (let k = start; k < end; k++) {
      const w = wordData[k] as number
      const f = df[w] as number
      if (f < 2) continue
      // Keep the `keysPerDoc` rarest words sorted by (df, id); a later word replaces the last only
      // when strictly rarer, so ties keep the earlier word.
      let slot: number
      if (picked < keysPerDoc) slot = picked++
      else if (f < (df[vectorKeys[base + keysPerDoc - 1] as number] as number)) slot = keysPerDoc - 1
      else continue
      while (slot > 0) {
        const prev = vectorKeys[base + slot - 1] as number
        const pf = df[prev] as number
        if (pf < f || (pf === f && prev < w)) break
        vectorKeys[base + slot] = prev
        slot--
      }
      vectorKeys[base + slot] = w
    }
  }
  const blockKeys = new Int32Array(n * keysPerDoc)
  for (let d = 0; d < n; d++) {
    const v = vectorOf[d] as number
    blockKeys.set(vectorKeys.subarray(v * keysPerDoc, (v + 1) * keysPerDoc), d * keysPerDoc)
  }
  return new TextVectors(
    n,
    vectorOf,
    offsets.slice(0, vectors + 1),
    featureData,
    weights,
    blockKeys,
    keysPerDoc,
    df,
  )
}
