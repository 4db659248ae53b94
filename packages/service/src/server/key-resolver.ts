import type { Database } from '@suture/store'
import { allKnownOrigins, originAllowed, type ResolvedKey, resolveKey } from '@suture/store'
import type { Kysely } from 'kysely'

const MAX_CACHED = 10_000

/**
 * Looks keys up with a short TTL cache (hits and misses), so a hot key costs no query per request.
 * A revoked key stops working within `ttlMs` on every server, and at once on the server whose
 * {@link KeyResolver.forget} is called (the admin API's revoke route does); an origins change or a
 * project deletion through the admin API holds at once on its server too ({@link KeyResolver.forgetProject}).
 */
export class KeyResolver {
  readonly #db: Kysely<Database>
  readonly #ttlMs: number
  readonly #cache = new Map<string, { value: ResolvedKey | undefined; expires: number }>()
  // Bumped by forget(): a lookup that began before a revocation must not cache what it read then.
  #generation = 0
  #origins: { value: { any: boolean; origins: Set<string> }; expires: number } | undefined

  constructor(db: Kysely<Database>, ttlMs: number) {
    this.#db = db
    this.#ttlMs = ttlMs
  }

  async resolve(token: string): Promise<ResolvedKey | undefined> {
    const now = Date.now()
    const hit = this.#cache.get(token)
    if (hit && hit.expires > now) return hit.value
    const generation = this.#generation
    const value = await resolveKey(this.#db, token)
    if (this.#ttlMs > 0 && generation === this.#generation) {
      if (this.#cache.size >= MAX_CACHED) this.#cache.clear()
      this.#cache.set(token, { value, expires: now + this.#ttlMs })
    }
    return value
  }

  /**
   * Drops a key from this cache, so the next request with it is looked up again (and refused once revoked).
   * The cache is keyed by token and only its values name the key, so the entries are scanned: at most
   * `MAX_CACHED`, and only when a key is revoked.
   */
  forget(keyId: string): void {
    this.#drop((key) => key.keyId === keyId)
  }

  /**
   * Drops every key of a project and the preflight origin list, so a change to the project's allowed
   * origins (or its deletion) holds on this server from the next request.
   */
  forgetProject(projectId: string): void {
    this.#drop((key) => key.projectId === projectId)
    this.#origins = undefined
  }

  #drop(matches: (key: ResolvedKey) => boolean): void {
    this.#generation++
    for (const [token, entry] of this.#cache)
      if (entry.value && matches(entry.value)) this.#cache.delete(token)
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
