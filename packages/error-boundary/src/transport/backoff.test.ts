import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { backoffDelay, parseRetryAfter } from './backoff.js'

describe('backoff', () => {
  it('grows exponentially, with jitter between half and all of each step, capped', () => {
    const opts = { baseMs: 100, maxMs: 10_000 }
    expect(backoffDelay(0, opts, () => 0)).toBe(50)
    expect(backoffDelay(0, opts, () => 1)).toBe(100)
    expect(backoffDelay(3, opts, () => 0)).toBe(400)
    expect(backoffDelay(3, opts, () => 1)).toBe(800)
    expect(backoffDelay(30, opts, () => 1)).toBe(10_000)
    fc.assert(
      fc.property(fc.nat(40), fc.double({ min: 0, max: 1, noNaN: true }), (attempt, r) => {
        const d = backoffDelay(attempt, opts, () => r)
        const step = Math.min(opts.maxMs, opts.baseMs * 2 ** attempt)
        return d >= step / 2 - 1 && d <= step + 1
      }),
    )
  })

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(parseRetryAfter('7', now)).toBe(7_000)
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })
})
