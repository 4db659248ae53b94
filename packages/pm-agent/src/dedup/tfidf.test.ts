import { seededRandom } from '@suture/envelope'
import { describe, expect, it } from 'vitest'
import { DEFAULT_FEATURE_OPTIONS, extractFeatures, type FeatureOptions, tokenize } from './text.js'
import { BM25_B, BM25_K1, type TextDocument, vectorize } from './tfidf.js'

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
    const vectors = vectorize(docs, { weighting: 'tfidf' })
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

/** BM25F by its definition (Robertson & Zaragoza 2009, eq. 3.19–3.21), one Map per field per document. */
function bm25fReference(docs: readonly TextDocument[], options: FeatureOptions) {
  const fields = docs.map((doc) => {
    const title = new Map<number, number>()
    const body = new Map<number, number>()
    const into = (map: Map<number, number>) => ({
      add(f: number, w: number) {
        map.set(f, (map.get(f) ?? 0) + w)
      },
    })
    if (doc.title) extractFeatures(doc.title, 1, options, into(title))
    if (doc.text) extractFeatures(doc.text, 1, options, into(body))
    return {
      title,
      body,
      titleLength: doc.title ? tokenize(doc.title).length : 0,
      bodyLength: doc.text ? tokenize(doc.text).length : 0,
    }
  })
  const n = docs.length
  const df = new Map<number, number>()
  for (const { title, body } of fields) {
    for (const f of new Set([...title.keys(), ...body.keys()])) df.set(f, (df.get(f) ?? 0) + 1)
  }
  const averageTitle = fields.reduce((s, f) => s + f.titleLength, 0) / n
  const averageBody = fields.reduce((s, f) => s + f.bodyLength, 0) / n
  return fields.map(({ title, body, titleLength, bodyLength }) => {
    const features = [...new Set([...title.keys(), ...body.keys()])].sort((a, b) => a - b)
    const raw = features.map((f) => {
      const pseudo =
        (options.titleWeight * (title.get(f) ?? 0)) / (1 - BM25_B + (BM25_B * titleLength) / averageTitle) +
        (body.get(f) ?? 0) / (1 - BM25_B + (BM25_B * bodyLength) / averageBody)
      const d = df.get(f) as number
      return ((pseudo * (BM25_K1 + 1)) / (BM25_K1 + pseudo)) * Math.log(1 + (n - d + 0.5) / (d + 0.5))
    })
    const norm = Math.sqrt(raw.reduce((sum, w) => sum + w * w, 0))
    return { features, weights: raw.map((w) => w / norm) }
  })
}

describe('vectorize (BM25F, the default)', () => {
  it('matches BM25F computed field by field from its definition', () => {
    const random = seededRandom(5)
    const vocabulary = Array.from(
      { length: 200 },
      (_, i) => `w${i.toString(36)}q${(i * 104729).toString(36)}`,
    )
    const sentence = (length: number) =>
      Array.from({ length }, () => vocabulary[Math.floor(random() ** 2 * vocabulary.length)]).join(' ')
    const docs: TextDocument[] = Array.from({ length: 150 }, () => ({
      title: random() < 0.9 ? sentence(1 + Math.floor(random() * 8)) : undefined,
      text:
        random() < 0.8 ? `${sentence(Math.floor(random() * 60))} at org.app.Foo.bar(Foo.java:12)` : undefined,
    }))
    const vectors = vectorize(docs)
    const expected = bm25fReference(docs, DEFAULT_FEATURE_OPTIONS)
    docs.forEach((_, d) => {
      const { features, weights } = vectors.entries(d)
      const want = expected[d] as (typeof expected)[number]
      expect(Array.from(features)).toEqual(want.features)
      Array.from(weights).forEach((w, k) => {
        expect(w).toBeCloseTo(want.weights[k] as number, 5)
      })
    })
  })

  it('weighs words most documents share near zero, so a shared rare word decides', () => {
    const filler = Array.from({ length: 40 }, (_, i) => ({ title: `the build fails on module m${i}x` }))
    const docs = [...filler, { title: 'the build fails in zkwidget' }, { title: 'zkwidget crash' }]
    const vectors = vectorize(docs)
    const tfidf = vectorize(docs, { weighting: 'tfidf' })
    // Sharing only "build fails" (in 41 of 42 titles) says less than sharing the rare "zkwidget".
    expect(vectors.cosine(40, 41)).toBeGreaterThan(vectors.cosine(40, 0))
    expect(vectors.cosine(40, 0)).toBeLessThan(tfidf.cosine(40, 0))
  })
})
