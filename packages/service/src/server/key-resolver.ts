import type { Database } from '@suture/store'
import { allKnownOrigins, originAllowed, type ResolvedKey, resolveKey } from '@suture/store'
import type { Kysely } from 'kysely'

const MAX_CACHED = 10_000

/**
 * Looks keys up with a short TTL cache (hits and misses), so a hot key costs no query per request.
 * A revoked key stops working within `ttlMs` on every server.
 */
export class KeyResolver {
  readonly #db: Kysely<Database>
  readonly #ttlMs: number
  readonly #cache = new Map<string, { value: ResolvedKey | undefined; expires: number }>()
  #origins: { value: { any: boolean; origins: Set<string> }; expires: number } | undefined

  constructor(db: Kysely<Database>, ttlMs: number) {
    this.#db = db
    this.#ttlMs = ttlMs
  }

  async resolve(token: string): Promise<ResolvedKey | undefined> {
    const now = Date.now()
    const hit = this.#cache.get(token)
    if (hit && hit.expires > now) return hit.value
    const value = await resolveKey(this.#db, token)
    if (this.#ttlMs > 0) {
      if (this.#cache.size >= MAX_CACHED) this.#cache.clear()
      this.#cache.set(token, { value, expires: now + this.#ttlMs })
    }
    return value
  }

  /** Whether a preflight from `origin` without a key may proceed: some project allows it. */
  async anyProjectAllows(origin: string): Promise<boolean> {
    const now = Date.now()
    if (!this.#origins || this.#origins.expires <= now) {
      this.#origins = { value: await allKnownOrigins(this.#db), expires: now + this.#ttlMs }
    }
    const { any, origins } = this.#origins.value
    return any || origins.has(origin)
  }

  allows(key: ResolvedKey, origin: string): boolean {
    return originAllowed(key.allowedOrigins, origin)
  }
}
