export interface RateLimitOptions {
  /** Items (envelopes, events) per second each key may send on average. */
  readonly perSecond: number
  /** How many items a key may send in a burst. */
  readonly burst: number
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 500, burst: 5_000 }

interface Bucket {
  tokens: number
  updatedMs: number
}

/**
 * A token bucket per key, in this process's memory: with N servers behind a balancer a key may send
 * up to N times the rate, which is the usual trade for stateless ingest.
 */
export class RateLimiter {
  readonly #options: RateLimitOptions
  readonly #now: () => number
  readonly #buckets = new Map<string, Bucket>()

  constructor(options: RateLimitOptions, now: () => number = () => performance.now()) {
    this.#options = options
    this.#now = now
  }

  /** Takes `cost` tokens for `key`; resolves to 0 when allowed, else the seconds to wait before retrying. */
  take(key: string, cost: number): number {
    const { perSecond, burst } = this.#options
    const charge = Math.min(Math.max(cost, 1), burst)
    const now = this.#now()
    let bucket = this.#buckets.get(key)
    if (!bucket) {
      if (this.#buckets.size > 100_000) this.#buckets.clear()
      bucket = { tokens: burst, updatedMs: now }
      this.#buckets.set(key, bucket)
    }
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedMs) / 1000) * perSecond)
    bucket.updatedMs = now
    if (bucket.tokens >= charge) {
      bucket.tokens -= charge
      return 0
    }
    return Math.max(1, Math.ceil((charge - bucket.tokens) / perSecond))
  }
}
