import { addFeatures, DEFAULT_FEATURE_OPTIONS, FEATURE_BITS, type FeatureOptions } from './text.js'

/** One document for the vectoriser: a title counts `titleWeight` times a body word. */
export interface TextDocument {
  readonly title?: string | undefined
  readonly text?: string | undefined
}

/**
 * L2-normalised TF-IDF vectors of many documents, stored flat (one offsets array, one feature array,
 * one weight array) so a million documents cost a few hundred megabytes, not millions of objects.
 */
export class TextVectors {
  readonly size: number
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
    offsets: Uint32Array,
    features: Int32Array,
    weights: Float32Array,
    blockKeys: Int32Array,
    blockKeysPerDoc: number,
    df: Int32Array,
  ) {
    this.size = size
    this.offsets = offsets
    this.features = features
    this.weights = weights
    this.blockKeys = blockKeys
    this.blockKeysPerDoc = blockKeysPerDoc
    this.df = df
  }

  /** Whether document `i` has any text features. */
  has(i: number): boolean {
    return (this.offsets[i + 1] as number) > (this.offsets[i] as number)
  }

  /** Cosine similarity of documents `a` and `b` (0 when either is empty). */
  cosine(a: number, b: number): number {
    let i = this.offsets[a] as number
    const iEnd = this.offsets[a + 1] as number
    let j = this.offsets[b] as number
    const jEnd = this.offsets[b + 1] as number
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
    const start = this.offsets[i] as number
    const end = this.offsets[i + 1] as number
    return { features: this.features.subarray(start, end), weights: this.weights.subarray(start, end) }
  }
}

export interface VectorizeOptions {
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
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2)
      next.set(this.data)
      this.data = next
    }
    this.data[this.length++] = value
  }
}

/**
 * Builds TF-IDF vectors for `docs` (sublinear term frequency, smoothed IDF, L2 norm).
 * @example
 * const vectors = vectorize([{ title: 'Save fails' }, { title: 'Saving fails' }])
 * vectors.cosine(0, 1)
 */
export function vectorize(docs: readonly TextDocument[], options: VectorizeOptions = {}): TextVectors {
  const featureOptions = options.features ?? DEFAULT_FEATURE_OPTIONS
  const keysPerDoc = options.blockKeysPerDoc ?? 3
  const n = docs.length
  const offsets = new Uint32Array(n + 1)
  const features = new Growable(new Int32Array(Math.max(16, n * 16)), (k) => new Int32Array(k))
  const counts = new Growable(new Float32Array(Math.max(16, n * 16)), (k) => new Float32Array(k))
  const wordOffsets = new Uint32Array(n + 1)
  const words = new Growable(new Int32Array(Math.max(16, n * 8)), (k) => new Int32Array(k))
  const df = new Int32Array(1 << FEATURE_BITS)
  const termCounts = new Map<number, number>()
  const unigrams = new Set<number>()
  let scratch = new Int32Array(1024)
  for (let d = 0; d < n; d++) {
    const doc = docs[d] as TextDocument
    termCounts.clear()
    unigrams.clear()
    if (doc.title) addFeatures(termCounts, doc.title, featureOptions.titleWeight, featureOptions, unigrams)
    if (doc.text) addFeatures(termCounts, doc.text, 1, featureOptions, unigrams)
    if (termCounts.size > scratch.length) scratch = new Int32Array(termCounts.size * 2)
    let size = 0
    for (const id of termCounts.keys()) scratch[size++] = id
    const ids = scratch.subarray(0, size).sort()
    for (const id of ids) {
      features.push(id)
      counts.push(termCounts.get(id) as number)
      df[id] = (df[id] as number) + 1
    }
    offsets[d + 1] = features.length
    for (const w of unigrams) words.push(w)
    wordOffsets[d + 1] = words.length
  }
  const weights = counts.data
  const featureData = features.data
  for (let d = 0; d < n; d++) {
    const start = offsets[d] as number
    const end = offsets[d + 1] as number
    let norm = 0
    for (let k = start; k < end; k++) {
      const tf = weights[k] as number
      const idf = Math.log((n + 1) / ((df[featureData[k] as number] as number) + 1)) + 1
      const w = (1 + Math.log(tf)) * idf
      weights[k] = w
      norm += w * w
    }
    norm = Math.sqrt(norm)
    if (norm > 0) for (let k = start; k < end; k++) weights[k] = (weights[k] as number) / norm
  }
  // Rarest shared words make good blocks: near-duplicates share them, unrelated texts rarely do.
  const blockKeys = new Int32Array(n * keysPerDoc).fill(-1)
  const wordData = words.data
  for (let d = 0; d < n; d++) {
    const start = wordOffsets[d] as number
    const end = wordOffsets[d + 1] as number
    const picked: number[] = []
    for (let k = start; k < end; k++) {
      const w = wordData[k] as number
      const f = df[w] as number
      if (f < 2) continue
      if (picked.length < keysPerDoc) {
        picked.push(w)
        picked.sort((a, b) => (df[a] as number) - (df[b] as number) || a - b)
      } else if (f < (df[picked[keysPerDoc - 1] as number] as number)) {
        picked[keysPerDoc - 1] = w
        picked.sort((a, b) => (df[a] as number) - (df[b] as number) || a - b)
      }
    }
    for (let k = 0; k < picked.length; k++) blockKeys[d * keysPerDoc + k] = picked[k] as number
  }
  return new TextVectors(
    n,
    offsets,
    featureData.subarray(0, features.length),
    weights.subarray(0, counts.length),
    blockKeys,
    keysPerDoc,
    df,
  )
}
