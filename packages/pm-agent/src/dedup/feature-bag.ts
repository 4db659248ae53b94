import type { FeatureSink } from './text.js'

/**
 * The term counts of one document in a small open-addressing table: no Map and no allocation per
 * document, and unlike an array indexed by hashed feature (4M entries) it stays in the CPU cache.
 * Summing in insertion order keeps the counts bit-identical to a Map of sums.
 */
export class FeatureBag implements FeatureSink {
  private bits = 10
  private keys = new Int32Array(1 << this.bits)
  private weights = new Float64Array(1 << this.bits)
  /** The part of each weight added while `titleField` was set (BM25F weighs fields separately). */
  private titleWeights = new Float64Array(1 << this.bits)
  /** `stamp[slot] === current` when the slot is used; bumping `current` empties the table in O(1). */
  private stamp = new Uint32Array(1 << this.bits)
  private wordStamp = new Uint32Array(1 << this.bits)
  private current = 1
  /** Distinct features, in first-seen order (`size` of them). */
  features = new Int32Array(1 << (this.bits - 1))
  size = 0
  /** Distinct word features, in first-seen order (`wordCount` of them). */
  words = new Int32Array(64)
  wordCount = 0
  /** Whether features added now belong to the title field. */
  titleField = false
  /** Word tokens added to the title and to the body (with repeats): the fields' lengths. */
  titleTokens = 0
  bodyTokens = 0

  clear(): void {
    this.size = 0
    this.wordCount = 0
    this.titleField = false
    this.titleTokens = 0
    this.bodyTokens = 0
    this.current++
    if (this.current === 0xffffffff) {
      this.stamp.fill(0)
      this.wordStamp.fill(0)
      this.current = 1
    }
  }

  private slot(feature: number): number {
    const mask = (1 << this.bits) - 1
    let slot = Math.imul(feature, 0x9e3779b1) >>> (32 - this.bits)
    while (this.stamp[slot] === this.current && this.keys[slot] !== feature) slot = (slot + 1) & mask
    return slot
  }

  add(feature: number, weight: number, word: boolean): void {
    let slot = this.slot(feature)
    if (this.stamp[slot] !== this.current) {
      if (this.size === this.features.length) {
        this.rehash()
        slot = this.slot(feature)
      }
      this.stamp[slot] = this.current
      this.keys[slot] = feature
      this.weights[slot] = weight
      this.titleWeights[slot] = this.titleField ? weight : 0
      this.features[this.size++] = feature
    } else {
      this.weights[slot] = (this.weights[slot] as number) + weight
      if (this.titleField) this.titleWeights[slot] = (this.titleWeights[slot] as number) + weight
    }
    if (word) {
      if (this.titleField) this.titleTokens++
      else this.bodyTokens++
    }
    if (word && this.wordStamp[slot] !== this.current) {
      this.wordStamp[slot] = this.current
      if (this.wordCount === this.words.length) {
        const next = new Int32Array(this.words.length * 2)
        next.set(this.words)
        this.words = next
      }
      this.words[this.wordCount++] = feature
    }
  }

  /** The summed weight of a feature in the bag. */
  count(feature: number): number {
    return this.weights[this.slot(feature)] as number
  }

  /** The part of `count(feature)` that came from the title field. */
  titleCount(feature: number): number {
    return this.titleWeights[this.slot(feature)] as number
  }

  /** Doubles the table (kept at most half full) and re-inserts the current document's features. */
  private rehash(): void {
    const { keys, weights, titleWeights, stamp, wordStamp, current } = this
    const oldSize = keys.length
    this.bits++
    this.keys = new Int32Array(1 << this.bits)
    this.weights = new Float64Array(1 << this.bits)
    this.titleWeights = new Float64Array(1 << this.bits)
    this.stamp = new Uint32Array(1 << this.bits)
    this.wordStamp = new Uint32Array(1 << this.bits)
    const features = new Int32Array(1 << (this.bits - 1))
    features.set(this.features)
    this.features = features
    for (let old = 0; old < oldSize; old++) {
      if (stamp[old] !== current) continue
      const slot = this.slot(keys[old] as number)
      this.stamp[slot] = current
      this.keys[slot] = keys[old] as number
      this.weights[slot] = weights[old] as number
      this.titleWeights[slot] = titleWeights[old] as number
      if (wordStamp[old] === current) this.wordStamp[slot] = current
    }
  }
}

let shared: FeatureBag | undefined

/** One bag per thread, reused across calls: vectorising is synchronous. */
export function sharedFeatureBag(): FeatureBag {
  shared ??= new FeatureBag()
  shared.clear()
  return shared
}
