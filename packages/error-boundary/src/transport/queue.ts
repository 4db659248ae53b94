/**
 * One serialised envelope waiting to be delivered. `seq` orders the queue (oldest first); it is the
 * wall-clock time it was queued (bumped by one where two share a millisecond), so it also gives its age.
 */
export interface QueuedItem {
  readonly id: string
  readonly seq: number
  readonly body: string
  readonly bytes: number
}

/** Where queued envelopes survive a reload. The default is IndexedDB; tests use memory. */
export interface QueueStorage {
  load(): Promise<QueuedItem[]>
  put(item: QueuedItem): Promise<void>
  delete(ids: readonly string[]): Promise<void>
}

/** Keeps items in memory only (used where IndexedDB is missing, and in tests). */
export class MemoryQueueStorage implements QueueStorage {
  readonly items = new Map<string, QueuedItem>()
  async load(): Promise<QueuedItem[]> {
    return [...this.items.values()].sort((a, b) => a.seq - b.seq)
  }
  async put(item: QueuedItem): Promise<void> {
    this.items.set(item.id, item)
  }
  async delete(ids: readonly string[]): Promise<void> {
    for (const id of ids) this.items.delete(id)
  }
}

export interface QueueLimits {
  readonly maxCount: number
  readonly maxBytes: number
  /** Older envelopes are dropped (default 7 days): a key left broken for weeks must not pile up forever. */
  readonly maxAgeMs?: number
}

export const DEFAULT_MAX_AGE_MS = 7 * 24 * 60 * 60_000
export const DEFAULT_QUEUE_LIMITS: QueueLimits = {
  maxCount: 200,
  maxBytes: 2 * 1024 * 1024,
  maxAgeMs: DEFAULT_MAX_AGE_MS,
}

const encoder = new TextEncoder()

export function byteLength(text: string): number {
  return encoder.encode(text).length
}

/**
 * The in-page view of the durable queue: bounded by count and bytes, dropping the oldest first and
 * counting what it dropped. Every change is mirrored to `storage`; storage failures never lose the
 * in-memory copy.
 */
export class BoundedQueue {
  #items: QueuedItem[] = []
  #bytes = 0
  #seq = 0
  /** Envelopes dropped because the queue was full. */
  overflowed = 0
  /** Envelopes dropped because they waited longer than `maxAgeMs`. */
  expired = 0

  constructor(
    private readonly storage: QueueStorage,
    private readonly limits: QueueLimits = DEFAULT_QUEUE_LIMITS,
    private readonly onStorageError: (error: unknown) => void = () => {},
  ) {}

  /**
   * Merges what an earlier page left in storage (it goes first: it is older), minus what `done` says
   * was already delivered (those are deleted from storage now).
   */
  async restore(done: (id: string) => boolean = () => false): Promise<void> {
    const stored = await this.storage.load()
    const known = new Set(this.#items.map((i) => i.id))
    const finished = stored.filter((i) => done(i.id)).map((i) => i.id)
    if (finished.length > 0) this.storage.delete(finished).catch(this.onStorageError)
    const older = stored.filter((i) => !known.has(i.id) && !done(i.id))
    this.#items = [...older, ...this.#items]
    this.#bytes = this.#items.reduce((sum, i) => sum + i.bytes, 0)
    this.#seq = Math.max(this.#seq, ...this.#items.map((i) => i.seq))
    this.#enforce()
  }

  push(id: string, body: string): QueuedItem {
    // Wall-clock based so items written by an earlier page (restored from storage) stay older.
    this.#seq = Math.max(this.#seq + 1, Date.now())
    const item: QueuedItem = { id, seq: this.#seq, body, bytes: byteLength(body) }
    this.#items.push(item)
    this.#bytes += item.bytes
    this.storage.put(item).catch(this.onStorageError)
    this.#enforce()
    return item
  }

  remove(ids: readonly string[]): void {
    if (ids.length === 0) return
    const gone = new Set(ids)
    this.#items = this.#items.filter((i) => !gone.has(i.id))
    this.#bytes = this.#items.reduce((sum, i) => sum + i.bytes, 0)
    this.storage.delete(ids).catch(this.onStorageError)
  }

  /**
   * The oldest items, at most `count` of them and (beyond the first) at most `maxBytes` in total,
   * leaving out those `skip` names.
   */
  peek(count: number, maxBytes = Number.POSITIVE_INFINITY, skip?: (id: string) => boolean): QueuedItem[] {
    const out: QueuedItem[] = []
    let total = 0
    for (const item of this.#items) {
      if (skip?.(item.id)) continue
      if (out.length >= count || (out.length > 0 && total + item.bytes > maxBytes)) break
      out.push(item)
      total += item.bytes
    }
    return out
  }

  get size(): number {
    return this.#items.length
  }

  get totalBytes(): number {
    return this.#bytes
  }

  #enforce(): void {
    const dropped: string[] = []
    const oldest = Date.now() - (this.limits.maxAgeMs ?? DEFAULT_MAX_AGE_MS)
    const fresh = this.#items.filter((i) => i.seq >= oldest)
    if (fresh.length < this.#items.length) {
      for (const i of this.#items) if (i.seq < oldest) dropped.push(i.id)
      this.expired += this.#items.length - fresh.length
      this.#items = fresh
      this.#bytes = fresh.reduce((sum, i) => sum + i.bytes, 0)
    }
    const expired = dropped.length
    while (
      this.#items.length > 0 &&
      (this.#items.length > this.limits.maxCount || this.#bytes > this.limits.maxBytes)
    ) {
      const oldest = this.#items.shift()
      if (!oldest) break
      this.#bytes -= oldest.bytes
      dropped.push(oldest.id)
    }
    if (dropped.length === 0) return
    this.overflowed += dropped.length - expired
    this.storage.delete(dropped).catch(this.onStorageError)
  }
}
