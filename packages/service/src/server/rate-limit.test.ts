import { describe, expect, it } from 'vitest'
import { RateLimiter } from './rate-limit.js'

describe('RateLimiter', () => {
  it('allows a burst, then asks to wait as long as the refill takes, per key', () => {
    let now = 0
    const limiter = new RateLimiter({ perSecond: 10, burst: 20 }, () => now)
    expect(limiter.take('a', 20)).toBe(0)
    expect(limiter.take('a', 5)).toBe(1)
    expect(limiter.take('a', 15)).toBe(2)
    expect(limiter.take('b', 1)).toBe(0)
    now += 1_000
    expect(limiter.take('a', 10)).toBe(0)
    expect(limiter.take('a', 1)).toBe(1)
  })

  it('charges at least one and at most the burst, so oversized batches can pass once the bucket is full', () => {
    let now = 0
    const limiter = new RateLimiter({ perSecond: 1, burst: 3 }, () => now)
    expect(limiter.take('k', 0)).toBe(0)
    expect(limiter.take('k', 100)).toBe(1)
    now += 10_000
    expect(limiter.take('k', 100)).toBe(0)
  })
})
