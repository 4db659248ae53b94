import { describe, expect, it } from 'vitest'
import { findPii } from '../find-pii.js'
import type { PiiSpan } from '../types.js'
import { findPiiThorough } from './find-pii-thorough.js'
import {
  type CorpusRecord,
  keyRecords,
  lookalikeRecords,
  PHONE_FORMATS,
  phoneRecords,
} from './generated-corpus.fixture.js'

const positives = [...phoneRecords(), ...keyRecords()]
const lookalikes = lookalikeRecords()

/** A gold span is removed when no digit or letter of it is left outside a detected span. */
function removed(record: CorpusRecord, spans: readonly PiiSpan[]): boolean[] {
  return record.spans.map((gold) => {
    for (let i = gold.start; i < gold.end; i++) {
      if (!/[\dA-Za-z]/.test(record.text[i] ?? '')) continue
      if (!spans.some((s) => s.start <= i && i < s.end)) return false
    }
    return true
  })
}

function evaluate(find: (text: string) => PiiSpan[]) {
  const byGroup = new Map<string, { gold: number; found: number }>()
  const misses: string[] = []
  for (const record of positives) {
    const found = removed(record, find(record.text))
    const stats = byGroup.get(record.group) ?? { gold: 0, found: 0 }
    stats.gold += found.length
    stats.found += found.filter(Boolean).length
    byGroup.set(record.group, stats)
    if (found.includes(false)) misses.push(`${record.group} ${record.region ?? ''}: ${record.text}`)
  }
  const lookalike = new Map<string, { total: number; untouched: number }>()
  const mangled: string[] = []
  for (const record of lookalikes) {
    const spans = find(record.text)
    const stats = lookalike.get(record.group) ?? { total: 0, untouched: 0 }
    stats.total++
    if (spans.length === 0) stats.untouched++
    else
      mangled.push(
        `${record.group}: ${record.text} → ${spans.map((s) => record.text.slice(s.start, s.end)).join(' | ')}`,
      )
    lookalike.set(record.group, stats)
  }
  const sum = (prefix: string) => {
    let gold = 0
    let found = 0
    for (const [group, s] of byGroup) {
      if (!group.startsWith(prefix)) continue
      gold += s.gold
      found += s.found
    }
    return { gold, found, recall: found / gold }
  }
  let total = 0
  let untouched = 0
  for (const s of lookalike.values()) {
    total += s.total
    untouched += s.untouched
  }
  return { byGroup, lookalike, misses, mangled, sum, untouchedRate: untouched / total, untouched, total }
}

const thorough = evaluate(findPiiThorough)
const light = evaluate(findPii)

describe('scrubbers on the generated corpus (every libphonenumber region, vendor keys, look-alikes)', () => {
  it('prints recall per written form and look-alike kind, thorough beside light', () => {
    const rows: string[] = ['group                                   thorough        light']
    const fmt = (s: { gold: number; found: number } | undefined) =>
      s ? `${s.found}/${s.gold} ${(s.found / s.gold).toFixed(3)}`.padEnd(16) : ''.padEnd(16)
    for (const group of [...thorough.byGroup.keys()].sort())
      rows.push(`${group.padEnd(40)}${fmt(thorough.byGroup.get(group))}${fmt(light.byGroup.get(group))}`)
    for (const prefix of ['phone:', 'key:']) {
      const t = thorough.sum(prefix)
      const l = light.sum(prefix)
      rows.push(`${`${prefix} all`.padEnd(40)}${fmt(t)}${fmt(l)}`)
    }
    for (const ctx of [':context', ':neutral']) {
      const pick = (e: typeof thorough) => {
        let gold = 0
        let found = 0
        for (const [g, s] of e.byGroup) {
          if (!g.startsWith('phone:') || !g.endsWith(ctx)) continue
          gold += s.gold
          found += s.found
        }
        return { gold, found }
      }
      rows.push(`${`phone: all${ctx}`.padEnd(40)}${fmt(pick(thorough))}${fmt(pick(light))}`)
    }
    for (const group of [...thorough.lookalike.keys()].sort()) {
      const t = thorough.lookalike.get(group)
      const l = light.lookalike.get(group)
      rows.push(
        `${group.padEnd(40)}${`${t?.untouched}/${t?.total} untouched`.padEnd(16)}${`${l?.untouched}/${l?.total}`.padEnd(16)}`,
      )
    }
    rows.push(
      `${'lookalike: all'.padEnd(40)}${`${thorough.untouched}/${thorough.total} ${thorough.untouchedRate.toFixed(3)}`.padEnd(16)}${`${light.untouched}/${light.total} ${light.untouchedRate.toFixed(3)}`}`,
    )
    console.info(
      [
        ...rows,
        ...thorough.misses.slice(0, 60).map((m) => `  MISS ${m}`),
        ...thorough.mangled.map((m) => `  MANGLED ${m}`),
      ].join('\n'),
    )
    expect(positives.length).toBeGreaterThan(PHONE_FORMATS.length * 200 * 2)
  })

  it('removes ≥ 0.98 of phone numbers (≥ 0.99 next to a phone word) and every vendor key', () => {
    expect(thorough.sum('phone:').recall).toBeGreaterThanOrEqual(0.98)
    const context = [...thorough.byGroup].filter(([g]) => g.startsWith('phone:') && g.endsWith(':context'))
    const found = context.reduce((n, [, s]) => n + s.found, 0)
    const gold = context.reduce((n, [, s]) => n + s.gold, 0)
    expect(found / gold).toBeGreaterThanOrEqual(0.99)
    // Every form written with a country code (`+`, `00`) is found, next to a phone word or not.
    for (const format of [
      'e164',
      'international',
      'international-dots',
      'international-extension',
      'idd-00',
    ]) {
      for (const ctx of ['context', 'neutral']) {
        const s = thorough.byGroup.get(`phone:${format}:${ctx}`)
        expect({ format, ctx, recall: s ? s.found / s.gold : 0 }).toEqual({ format, ctx, recall: 1 })
      }
    }
    expect(thorough.sum('key:').recall).toBe(1)
    // The browser scrubber is the baseline this is measured against, in the same run.
    expect(thorough.sum('phone:').recall).toBeGreaterThan(light.sum('phone:').recall)
  })

  it('leaves ≥ 0.99 of look-alikes untouched', () => {
    expect(thorough.untouchedRate).toBeGreaterThanOrEqual(0.99)
  })
})
