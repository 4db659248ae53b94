// biome-ignore lint/correctness/noNodejsModules: the test reads the shared data set from disk
import { readFileSync } from 'node:fs'
// biome-ignore lint/correctness/noNodejsModules: the test reads the shared data set from disk
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { findPii } from './find-pii.js'
import { scrubText } from './scrub-text.js'
import { findPiiThorough } from './server/find-pii-thorough.js'
import type { PiiSpan } from './types.js'

interface GoldSpan {
  start: number
  end: number
  type: string
}
interface PiiRecord {
  id: string
  text: string
  spans: GoldSpan[]
  negative_kind?: string
}

const DATA = path.resolve(import.meta.dirname, '../../../../../shared/data/pii/pii_dev.jsonl')
const records: PiiRecord[] = readFileSync(DATA, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as PiiRecord)

/**
 * Span-level scoring. A gold span is found when a detected span covers at least half of it (the data set's
 * types follow the carrier — a JWT in a Bearer header is BEARER — so a find is counted whatever placeholder
 * it got). A detected span is a false positive when it overlaps no gold span.
 */
function evaluate(find: (text: string) => PiiSpan[] = findPii) {
  const perType = new Map<string, { gold: number; found: number }>()
  let detected = 0
  let falsePositives = 0
  const negativeHits: string[] = []
  for (const record of records) {
    const spans = find(record.text)
    detected += spans.length
    for (const span of spans) {
      const overlapsGold = record.spans.some((g) => span.start < g.end && g.start < span.end)
      if (!overlapsGold) {
        falsePositives++
        if (record.spans.length === 0)
          negativeHits.push(`${record.id}: ${record.text.slice(span.start, span.end)}`)
      }
    }
    for (const gold of record.spans) {
      const stats = perType.get(gold.type) ?? { gold: 0, found: 0 }
      stats.gold++
      const covered = spans.reduce(
        (sum, s) => sum + Math.max(0, Math.min(s.end, gold.end) - Math.max(s.start, gold.start)),
        0,
      )
      if (covered * 2 >= gold.end - gold.start) stats.found++
      perType.set(gold.type, stats)
    }
  }
  return { perType, detected, falsePositives, negativeHits }
}

/** The placeholder each labelled type should get. */
const EXPECTED_KIND: Record<string, string> = {
  EMAIL: 'email',
  PHONE: 'phone',
  CREDIT_CARD: 'card',
  JWT: 'jwt',
  BEARER: 'token',
  API_KEY: 'api-key',
  URL_SECRET: 'secret',
  IP_ADDRESS: 'ip',
}

/** Gold spans found with exactly the same boundaries and the placeholder type the label implies. */
function exactTyped(find: (text: string) => PiiSpan[] = findPii): { exact: number; total: number } {
  let exact = 0
  let total = 0
  for (const record of records) {
    const spans = find(record.text)
    for (const gold of record.spans) {
      total++
      if (
        spans.some((s) => s.start === gold.start && s.end === gold.end && s.kind === EXPECTED_KIND[gold.type])
      )
        exact++
    }
  }
  return { exact, total }
}

const result = evaluate()
const thorough = evaluate(findPiiThorough)
const recall = (type: string) => {
  const stats = result.perType.get(type)
  return stats ? stats.found / stats.gold : Number.NaN
}

describe('scrubber on the shared PII data set', () => {
  it('prints per-type recall and overall precision', () => {
    const rows = [...result.perType.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, s]) => `${type.padEnd(12)} ${s.found}/${s.gold} recall ${(s.found / s.gold).toFixed(3)}`)
    const precision = (result.detected - result.falsePositives) / result.detected
    console.info(
      [
        ...rows,
        `precision (spans overlapping a gold span): ${result.detected - result.falsePositives}/${result.detected} = ${precision.toFixed(3)}`,
        `false positives on negative records: ${result.negativeHits.length}`,
        `exact boundaries and placeholder type: ${exactTyped().exact}/${exactTyped().total}`,
        ...result.negativeHits.map((h) => `  FP ${h}`),
      ].join('\n'),
    )
    expect(result.detected).toBeGreaterThan(0)
  })

  it('cuts spans at the labelled boundaries and names them by their carrier', () => {
    const { exact, total } = exactTyped()
    expect(exact / total).toBeGreaterThanOrEqual(0.99)
  })

  it('finds every email, card number, JWT and bearer token', () => {
    expect(recall('EMAIL')).toBe(1)
    expect(recall('CREDIT_CARD')).toBe(1)
    expect(recall('JWT')).toBe(1)
    expect(recall('BEARER')).toBe(1)
  })

  it('finds every API key, URL secret and phone number', () => {
    expect(recall('API_KEY')).toBe(1)
    expect(recall('URL_SECRET')).toBe(1)
    expect(recall('PHONE')).toBe(1)
  })

  it('is idempotent on every record', () => {
    for (const record of records) {
      const once = scrubText(record.text)
      expect(scrubText(once)).toBe(once)
    }
  })

  it('leaves UUIDs, git SHAs, bundle and content hashes, timestamps and versions alone', () => {
    expect(result.negativeHits).toEqual([])
    for (const record of records.filter((r) => r.spans.length === 0)) {
      expect(scrubText(record.text)).toBe(record.text)
    }
  })
})

describe('thorough (server) scrubber on the shared PII data set', () => {
  it('prints per-type recall and precision next to the light scrubber', () => {
    const rows = [...thorough.perType.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([type, s]) => {
        const l = result.perType.get(type)
        return `${type.padEnd(12)} thorough ${s.found}/${s.gold} ${(s.found / s.gold).toFixed(3)}   light ${l?.found}/${l?.gold}`
      })
    const precision = (thorough.detected - thorough.falsePositives) / thorough.detected
    console.info(
      [
        ...rows,
        `thorough precision: ${thorough.detected - thorough.falsePositives}/${thorough.detected} = ${precision.toFixed(3)}`,
        `thorough false positives on negative records: ${thorough.negativeHits.length}`,
        `thorough exact boundaries and placeholder type: ${exactTyped(findPiiThorough).exact}/${exactTyped(findPiiThorough).total}`,
        ...thorough.negativeHits.map((h) => `  FP ${h}`),
      ].join('\n'),
    )
    for (const [type, s] of thorough.perType)
      expect({ type, recall: s.found / s.gold }).toEqual({ type, recall: 1 })
    expect(thorough.negativeHits).toEqual([])
    expect(thorough.falsePositives).toBe(0)
  })
})
