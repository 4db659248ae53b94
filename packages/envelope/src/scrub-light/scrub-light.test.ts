// biome-ignore-all lint/correctness/noNodejsModules: the test reads the shared data set from disk
import { readFileSync } from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { scrubLight, scrubTextLight } from './scrub-light.js'

interface PiiRecord {
  id: string
  text: string
  spans: { start: number; end: number; type: string }[]
}

const DATA = path.resolve(import.meta.dirname, '../../../../../shared/data/pii/pii_dev.jsonl')
const records: PiiRecord[] = readFileSync(DATA, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as PiiRecord)

/** A labelled span counts as removed when none of its characters' longest word survives scrubbing. */
function removed(record: PiiRecord, span: PiiRecord['spans'][number], scrubbed: string): boolean {
  const value = record.text.slice(span.start, span.end)
  const words = value.split(/[\s()]+/).filter((w) => w.replace(/\D/g, '').length >= 3 || w.length >= 6)
  return words.every((w) => !scrubbed.includes(w))
}

function recall(): Map<string, { gold: number; found: number }> {
  const perType = new Map<string, { gold: number; found: number }>()
  for (const record of records) {
    const scrubbed = scrubTextLight(record.text)
    for (const span of record.spans) {
      const stats = perType.get(span.type) ?? { gold: 0, found: 0 }
      stats.gold++
      if (removed(record, span, scrubbed)) stats.found++
      perType.set(span.type, stats)
    }
  }
  return perType
}

describe('scrubTextLight', () => {
  it('removes emails, cards, phones, JWTs, bearer tokens, URL secrets and API keys', () => {
    expect(scrubTextLight('invite ann.lee+x@acme.co.uk now')).toBe('invite [email] now')
    expect(scrubTextLight('card 4242 4242 4242 4242 and 4242-4242-4242-4241')).toBe(
      'card [card] and 4242-4242-4242-4241',
    )
    expect(scrubTextLight('call +1 (415) 555-0100 or 0477 11 28 98')).toBe('call [phone] or [phone]')
    expect(scrubTextLight('Authorization: Bearer abc.def-123_456')).toBe('Authorization: Bearer [token]')
    expect(scrubTextLight('GET https://a.test/reset?token=9f8e7d6c5b4a&page=2#code=xyz')).toBe(
      'GET https://a.test/reset?token=[secret]&page=2#code=[secret]',
    )
    expect(scrubTextLight('redis://default:p@ss#1@cache:6379/0')).toBe(
      'redis://default:[secret]@cache:6379/0',
    )
    expect(scrubTextLight('{"password": "hunter22", "user": "x"}')).toBe(
      '{"password": "[secret]", "user": "x"}',
    )
    expect(scrubTextLight('key sk_live_ReTllpYQYfIZu2Jnf2lAPFjD failed')).toBe('key [api-key] failed')
    expect(scrubTextLight('jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_nature')).toBe('jwt [jwt]')
  })

  it('leaves stacks, ids, dates, versions, ports and counts alone', () => {
    const keep = [
      "TypeError: Cannot read properties of undefined (reading 'email')",
      'at InviteForm (http://127.0.0.1:5173/assets/index-DlU0e8Zq.js:40:12345)',
      'env 550e8400-e29b-41d4-a716-446655440000 at 2026-12-02T08:37:17.000Z',
      'released 2026-12-02 08:37:17, v7.120.3 (#14523) in 1701234567890 ms',
      'POST /api/projects/:id/sync → 500 in 1234 ms',
      "Clicked button 'Page 2 of 10'",
    ]
    for (const text of keep) expect(scrubTextLight(text)).toBe(text)
  })

  it('scans long runs of look-alike text without blowing up (each would take minutes if quadratic)', () => {
    const blobs = ['token'.repeat(40_000), 'a'.repeat(200_000), 'x@'.repeat(100_000), '4'.repeat(200_000)]
    for (const blob of blobs) expect(scrubTextLight(blob)).toHaveLength(blob.length)
  })

  it('is idempotent', () => {
    for (const record of records) {
      const once = scrubTextLight(record.text)
      expect(scrubTextLight(once)).toBe(once)
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const once = scrubTextLight(text)
        return scrubTextLight(once) === once
      }),
    )
  })

  it('removes every email, card, JWT, bearer token and URL secret of the shared PII set, and most phones', () => {
    const perType = recall()
    const rows = [...perType].map(([type, s]) => `${type} ${s.found}/${s.gold}`)
    console.info(`scrub-light recall on pii_dev: ${rows.join(', ')}`)
    for (const type of ['EMAIL', 'CREDIT_CARD', 'JWT', 'BEARER', 'URL_SECRET'])
      expect(perType.get(type)?.found, type).toBe(perType.get(type)?.gold)
    const phones = perType.get('PHONE') ?? { gold: 0, found: 0 }
    expect(phones.found / phones.gold).toBeGreaterThanOrEqual(0.95)
  })

  it('changes nothing in the negative records (hashes, UUIDs, timestamps, versions)', () => {
    const changed = records
      .filter((r) => r.spans.length === 0)
      .filter((r) => scrubTextLight(r.text) !== r.text)
      .map((r) => `${r.id}: ${r.text} → ${scrubTextLight(r.text)}`)
    expect(changed).toEqual([])
  })
})

describe('scrubLight', () => {
  it('scrubs every string of an envelope except ids and timestamps', () => {
    const envelope = {
      id: '0192d3e4-7b5a-7c1d-9e2f-3a4b5c6d7e8f',
      occurredAt: '2026-12-02T08:37:17.000Z',
      route: { template: '/users/:id', url: 'https://a.test/users/7?email=ann@acme.test' },
      breadcrumbs: [{ ts: '2026-12-02T08:37:16.000Z', label: 'Typed ann@acme.test', data: { n: 4 } }],
      error: { message: 'card 4242424242424242 declined', handled: true },
      actor: { idHash: 'a'.repeat(64) },
    }
    expect(scrubLight(envelope)).toEqual({
      ...envelope,
      route: { template: '/users/:id', url: 'https://a.test/users/7?email=[email]' },
      breadcrumbs: [{ ts: '2026-12-02T08:37:16.000Z', label: 'Typed [email]', data: { n: 4 } }],
      error: { message: 'card [card] declined', handled: true },
    })
    expect(envelope.error.message).toContain('4242')
  })
})
