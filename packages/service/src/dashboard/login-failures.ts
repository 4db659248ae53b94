import type { Context } from 'hono'
import type { Logger } from 'pino'

const WINDOW_MS = 60_000
const MAX_ADDRESSES = 10_000

/** The peer's address as the socket saw it (proxies' forwarded headers are not trusted). */
export function clientAddress(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return incoming?.socket?.remoteAddress ?? 'unknown'
}

/**
 * Logs failed dashboard logins at warn with the client address, at most once a minute per address (the
 * failures held back are counted in the next line), so a guessing client cannot flood the log. The key
 * tried is never logged.
 */
export class LoginFailureLog {
  readonly #logger: Logger | undefined
  readonly #now: () => number
  readonly #byAddress = new Map<string, { loggedAt: number; held: number }>()

  constructor(logger: Logger | undefined, now: () => number = Date.now) {
    this.#logger = logger
    this.#now = now
  }

  failed(address: string, reason: string): void {
    const now = this.#now()
    const entry = this.#byAddress.get(address)
    if (entry !== undefined && now - entry.loggedAt < WINDOW_MS) {
      entry.held++
      return
    }
    if (this.#byAddress.size >= MAX_ADDRESSES) this.#byAddress.clear()
    this.#byAddress.set(address, { loggedAt: now, held: 0 })
    this.#logger?.warn(
      { address, reason, heldBack: entry?.held ?? 0 },
      `dashboard login failed from ${address} (${reason})${entry?.held ? `; ${entry.held} more since the last line` : ''}`,
    )
  }
}
