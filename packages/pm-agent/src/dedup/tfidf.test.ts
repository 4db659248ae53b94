import { describe, expect, it } from 'vitest'
import { seededRandom } from './synthetic.js'
import { DEFAULT_FEATURE_OPTIONS, extractFeatures, type FeatureOptions } from './text.js'
import { type TextDocument, vectorize } from './tfidf.js'

/** The plain definition: a Map of summed counts per document, IDF and L2 norm, rarest words as keys. */
function reference(docs: readonly TextDocument[], options: FeatureOptions, keysPerDoc: number) {
  const bags = docs.map((doc) => {
    const counts = new Map<number, number>()
    const words = new Set<number>()
    const sink = {
      add(f: number, w: number, word: boolean) {
        counts.set(f, (counts.get(f) ?? 0) + w)
        if (word) words.add(f)
      },
    }
    if (doc.title) extractFeatures(doc.title, options.titleWeight, options, sink)
    if (doc.text) extractFeatures(doc.text, 1, options, sink)
    return { counts, words }
  })
  const df = new Map<number, number>()
  for (const { counts } of bags) for (const f of counts.keys()) df.set(f, (df.get(f) ?? 0) + 1)
  const n = docs.length
  return bags.map(({ counts, words }) => {
    const features = [...counts.keys()].sort((a, b) => a - b)
    const raw = features.map((f) => {
      const tf = Math.fround(counts.get(f) as number)
      return (1 + Math.log(tf)) * (Math.log((n + 1) / ((df.get(f) as number) + 1)) + 1)
    })
    const norm = Math.sqrt(raw.reduce((sum, w) => sum + w * w, 0))
    // The rarest words with df ≥ 2, by (df, id); at the boundary an earlier word beats a later tie.
    const rarest: number[] = []
    const byRarity = (a: number, b: number) => (df.get(a) as number) - (df.get(b) as number) || a - b
    for (const w of words) {
      const f = df.get(w) as number
      if (f < 2) continue
      if (rarest.length < keysPerDoc) rarest.push(w)
      else if (f < (df.get(rarest[keysPerDoc - 1] as number) as number)) rarest[keysPerDoc - 1] = w
      rarest.sort(byRarity)
    }
    return { features, weights: raw.map((w) => Math.fround(Math.fround(w) / norm)), rarest }
  })
}

describe('vectorize', () => {
  it('matches the plain Map-based TF-IDF, including documents with thousands of features', () => {
    const random = seededRandom(3)
    const vocabulary = Array.from({ length: 400 }, (_, i) => `w${i.toString(36)}x${(i * 7919).toString(36)}`)
    const sentence = (length: number) =>
      Array.from({ length }, () => vocabulary[Math.floor(random() ** 2 * vocabulary.length)]).join(' ')
    const docs: TextDocument[] = Array.from({ length: 300 }, (_, i) => ({
      title: sentence(1 + Math.floor(random() * 8)),
      // Every 50th document is long enough to outgrow the per-document table several times.
      text: i % 50 === 0 ? sentence(1500) : random() < 0.8 ? sentence(Math.floor(random() * 40)) : undefined,
    }))
    // Repeats that differ only in ids share one stored vector; a title/text split must not.
    for (let i = 0; i < 40; i++) docs.push({ title: `order ${i} failed`, text: `retry ${i * 31}` })
    docs.push({ title: 'order 1 failed retry', text: '2' }, { title: 'order', text: 'failed retry 7' })
    const vectors = vectorize(docs)
    const expected = reference(docs, DEFAULT_FEATURE_OPTIONS, vectors.blockKeysPerDoc)
    docs.forEach((_, d) => {
      const { features, weights } = vectors.entries(d)
      const want = expected[d] as (typeof expected)[number]
      expect(Array.from(features)).toEqual(want.features)
      expect(Array.from(weights)).toEqual(want.weights)
      const keys = Array.from(vectors.blockKeys.subarray(d * 3, d * 3 + 3)).filter((k) => k >= 0)
      expect(keys).toEqual(want.rarest)
    })
  })
})
