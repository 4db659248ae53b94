import { listen } from '../client/listen.js'
import { type BackoffOptions, backoffDelay, parseRetryAfter } from './backoff.js'
import { BoundedQueue, byteLength, type QueuedItem, type QueueLimits, type QueueStorage } from './queue.js'

/** Browsers refuse keepalive/beacon bodies beyond 64 KiB in flight; stay a little under it. */
export const KEEPALIVE_LIMIT = 63 * 1024
const MAX_BODY_BYTES = 512 * 1024
const MAX_RETRY_AFTER_MS = 15 * 60_000

export interface TransportOptions {
  /** The full `…/v1/envelopes` URL. */
  readonly url: string
  readonly publicKey: string
  readonly storage: QueueStorage
  /** Each limit left out is the default's (`DEFAULT_QUEUE_LIMITS`). */
  readonly limits?: Partial<QueueLimits> | undefined
  /** Send as soon as this many envelopes wait (default 10). */
  readonly batchSize?: number
  /** Otherwise send this long after the first one was queued (default 1 s). */
  readonly flushIntervalMs?: number
  readonly backoff?: BackoffOptions | undefined
  readonly fetch?: typeof fetch
  readonly random?: () => number
  /** Told about every delivery outcome; `debug` logs these. */
  readonly onEvent?: (event: TransportEvent) => void
  /** The server refused the key or the page's origin (401/403), with its message saying what to fix. */
  readonly onRefused?: (status: number, message: string) => void
  /** The batch body's list name (`{"envelopes":[…]}` by default; `/v1/events` reads `events`). */
  readonly list?: string
}

/** What may still go out in keepalive requests as the page goes away; shared by every transport of a page. */
export interface KeepaliveBudget {
  left: number
}

export type TransportEvent =
  | { type: 'sent'; ids: string[]; status: number; duplicates: number }
  | { type: 'rejected'; id: string; issues: unknown }
  | { type: 'retry'; ids: string[]; status: number; delayMs: number }
  | { type: 'overflow'; count: number }
  | { type: 'beacon'; ids: string[] }
  | { type: 'storage-error'; error: unknown }

interface ItemResult {
  id?: unknown
  status?: unknown
  issues?: unknown
}

interface Answer {
  results?: ItemResult[]
  issues?: unknown
  error?: unknown
  message?: unknown
}

const online = (): boolean => globalThis.navigator?.onLine !== false

/** The batch body, with `sentAt` stamped into each serialised envelope without parsing it again. */
function batchBody(items: readonly QueuedItem[], list: string): string {
  const sentAt = `{"sentAt":"${new Date().toISOString()}",`
  return `{"${list}":[${items.map((i) => sentAt + i.body.slice(1)).join(',')}]}`
}

/**
 * Delivers envelopes: batched by size and time, retried with backoff and jitter, paused by 429/503
 * `Retry-After`, kept in a durable bounded queue until the server has answered for each one (a 2xx or
 * a per-item answer), and also handed to `sendBeacon` when the page goes away (best effort: that does
 * not take them off the queue). An envelope is dropped only when the server says
 * it is invalid (a per-item `rejected`, or a 400/413/422 for a request holding just that envelope).
 */
export class Transport {
  declare readonly queue: BoundedQueue
  declare readonly ready: Promise<void>
  #timer: ReturnType<typeof setTimeout> | undefined
  /** When the pending timer fires; Infinity when none is pending. */
  #timerDue = Infinity
  #closed?: true
  /**
   * Ids in the request now on the wire (never also handed to sendBeacon); empty when none is. A request
   * always carries one at least: the queue had some and `peek` always takes the oldest.
   */
  #sending: string[] = []
  #attempt = 0
  #notBefore = 0
  /** After a whole batch was refused as invalid, send one at a time to find the bad envelope. */
  #oneByOne?: number
  readonly #doFetch: typeof fetch
  readonly #teardown: (() => void) | undefined

  /** With the defaults filled in (typed callers cannot pass these as undefined). */
  readonly #options: TransportOptions &
    Required<Pick<TransportOptions, 'batchSize' | 'flushIntervalMs' | 'list'>>

  constructor(options: TransportOptions) {
    this.#options = { batchSize: 10, flushIntervalMs: 1_000, list: 'envelopes', ...options }
    this.#doFetch = options.fetch ?? fetch.bind(globalThis)
    this.queue = new BoundedQueue(options.storage, options.limits, (error) =>
      this.#emit({ type: 'storage-error', error }),
    )
    this.ready = this.queue
      .restore()
      .catch((error: unknown) => this.#emit({ type: 'storage-error', error }))
      .then(() => this.#schedule(0))
    // `pagehide` is the client's: it calls flushOnExit on every transport of the page with one budget.
    this.#teardown =
      typeof window === 'undefined'
        ? undefined
        : listen(window, 'online', () => {
            this.#notBefore = 0
            this.#schedule(0)
          })
  }

  enqueue(id: string, envelope: unknown): void {
    // How many this push dropped: the overflow count after it, minus the one before.
    let count = -this.queue.overflowed
    this.queue.push(id, JSON.stringify(envelope))
    count += this.queue.overflowed
    if (count) this.#emit({ type: 'overflow', count })
    this.#schedule(this.queue.size >= this.#options.batchSize ? 0 : this.#options.flushIntervalMs)
  }

  /** Sends what is due now; resolves when that request has been answered (or failed). */
  async flush(): Promise<void> {
    if (this.#sending.length || !this.queue.size || !online()) return
    // Paused by backoff or Retry-After: #schedule waits until #notBefore.
    if (this.#notBefore > Date.now()) return this.#schedule(0)
    const batch = this.queue.peek(this.#oneByOne ? 1 : this.#options.batchSize, MAX_BODY_BYTES)
    const ids = batch.map((i) => i.id)
    this.#sending = ids
    try {
      const response = await this.#doFetch(this.#options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-suture-key': this.#options.publicKey },
        body: batchBody(batch, this.#options.list),
      })
      const { status, ok } = response
      const body = (await response.json().catch(() => null)) as Answer | null
      const results = Array.isArray(body?.results) ? body.results : []
      if (ok || status === 400 || status === 413 || status === 422) {
        // The envelopes the server named as invalid are dropped; a 2xx takes responsibility for the rest.
        const named: string[] = []
        let duplicates = 0
        for (const r of results) {
          const id = String(r.id)
          if (r.status === 'duplicate') duplicates++
          if (r.status === 'rejected' && ids.includes(id)) {
            named.push(id)
            this.#emit({ type: 'rejected', id, issues: r.issues })
          }
        }
        if (!ok && !named.length) {
          // A refused batch that names no envelope: send one at a time to find the bad one (a request
          // of one is the bad one).
          if (ids.length > 1) {
            this.#oneByOne = ids.length
            return
          }
          this.#emit({ type: 'rejected', id: ids[0] as string, issues: body?.issues ?? body })
        }
        this.queue.remove(ok || !named.length ? ids : named)
        if (ok) {
          this.#attempt = 0
          this.#emit({ type: 'sent', ids, status, duplicates })
        }
        if (this.#oneByOne) this.#oneByOne--
        return
      }
      if (status === 401 || status === 403) {
        const message = String(body?.message ?? body?.error ?? `HTTP ${status}`)
        try {
          this.#options.onRefused?.(status, message)
        } catch {}
      }
      this.#retryLater(
        ids,
        status,
        status === 429 || status === 503 ? parseRetryAfter(response.headers.get('retry-after')) : undefined,
      )
    } catch {
      this.#retryLater(ids, 0)
    } finally {
      this.#sending = []
      // The next batch straight away, or after the wait a failure set in #notBefore.
      this.#schedule(0)
    }
  }

  #retryLater(ids: string[], status: number, retryAfterMs?: number): void {
    const delayMs = Math.min(
      MAX_RETRY_AFTER_MS,
      retryAfterMs ?? backoffDelay(this.#attempt, this.#options.backoff, this.#options.random),
    )
    this.#attempt++
    this.#notBefore = Date.now() + delayMs
    this.#emit({ type: 'retry', ids, status, delayMs })
  }

  #schedule(delayMs: number): void {
    if (!this.queue.size || this.#closed) return
    const now = Date.now()
    const due = Math.max(now + delayMs, this.#notBefore, now)
    if (this.#timerDue <= due) return
    clearTimeout(this.#timer)
    this.#timerDue = due
    this.#timer = setTimeout(() => {
      this.#timerDue = Infinity
      void this.flush()
    }, due - now)
  }

  /**
   * The page is going away: hand what fits in the keepalive budget to `sendBeacon` (which cannot set
   * headers, hence `?key=`). A beacon is a
   * best-effort extra: its answer is never read, so nothing leaves the queue for it. Everything stays
   * in storage until a later page hears the server confirm it (the server answers `duplicate` for what
   * the beacon already delivered). Offline, nothing is sent. Pass the same `budget` to every transport
   * of the page: the browser's 64 KiB limit counts all keepalive bodies in flight together.
   */
  flushOnExit(budget: KeepaliveBudget = { left: KEEPALIVE_LIMIT }): void {
    // Without sendBeacon (every browser has had it since 2018) the next page sends what is queued.
    if (!online() || !this.queue.size || !globalThis.navigator?.sendBeacon) return
    // The client's URLs (`{endpoint}/v1/envelopes`) carry no query of their own.
    const beaconUrl = `${this.#options.url}?key=${encodeURIComponent(this.#options.publicKey)}`
    /**
     * Not for a beacon: what a fetch is carrying, and what was handed to a beacon in this `pagehide`
     * (not beaconed twice, but still queued until confirmed). An array, not a set: the budget lets
     * through a few dozen envelopes, the queue holds at most 200.
     */
    const skip = [...this.#sending]
    for (;;) {
      const items = this.queue.peek(this.#options.batchSize, budget.left - 64, skip)
      const body = batchBody(items, this.#options.list)
      const size = byteLength(body)
      if (!items.length || size > budget.left) break
      budget.left -= size
      const ids = items.map((i) => i.id)
      // A string goes as text/plain;charset=UTF-8: CORS-safelisted, so no preflight; ingest reads JSON whatever the type.
      if (!navigator.sendBeacon(beaconUrl, body)) break
      // "Accepted by the browser" is not "stored by the server" (it may be down, or refuse the key):
      // these stay queued, in storage, until a page hears the server confirm them.
      skip.push(...ids)
      this.#emit({ type: 'beacon', ids })
    }
  }

  /** Stops sending; what is queued stays in storage for the next page. */
  close(): void {
    this.#closed = true
    clearTimeout(this.#timer)
    this.#teardown?.()
  }

  #emit(event: TransportEvent): void {
    try {
      this.#options.onEvent?.(event)
    } catch {}
  }
}
