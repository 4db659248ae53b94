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
  /** In any order: the queue sorts what it restores. */
  load(): Promise<QueuedItem[]>
  put(item: QueuedItem): Promise<void>
  delete(ids: readonly string[]): Promise<void>
}

/** Keeps items in memory only (used where IndexedDB is missing, and in tests). */
export class MemoryQueueStorage implements QueueStorage {
  readonly items = new Map<string, QueuedItem>()
  async load(): Promise<QueuedItem[]> {
    return [...this.items.values()]
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

export const DEFAULT_QUEUE_LIMITS: Required<QueueLimits> = {
  maxCount: 200,
  maxBytes: 2 * 1024 * 1024,
  maxAgeMs: 7 * 24 * 60 * 60_000,
}

/** UTF-8 bytes, as the server and the keepalive limit count them. */
export function byteLength(text: string): number {
  return new Blob([text]).size
}

const sum = (items: readonly QueuedItem[]) => items.reduce((total, i) => total + i.bytes, 0)

/**
 * The in-page view of the durable queue: bounded by count, bytes and age, dropping the oldest first and
 * counting what it dropped. Every change is mirrored to `storage`; storage failures never lose the
 * in-memory copy.
 */
export class BoundedQueue {
  #items: QueuedItem[] = []
  #seq = 0
  /** Envelopes dropped because the queue was full. */
  overflowed = 0
  /** Envelopes dropped because they waited longer than `maxAgeMs`. */
  expired = 0

  readonly #storage: QueueStorage
  readonly #limits: Required<QueueLimits>
  readonly #onStorageError: (error: unknown) => void

  constructor(
    storage: QueueStorage,
    /** Each limit left out is the default's. */
    limits: Partial<QueueLimits> = {},
    onStorageError: (error: unknown) => void = () => {},
  ) {
    this.#storage = storage
    this.#limits = { ...DEFAULT_QUEUE_LIMITS, ...limits }
    this.#onStorageError = onStorageError
  }

  /** Merges what an earlier page left in storage: it goes first, being older. */
  async restore(): Promise<void> {
    const stored = (await this.#storage.load()).sort((a, b) => a.seq - b.seq)
    const known = this.#items.map((i) => i.id)
    this.#items = [...stored.filter((i) => !known.includes(i.id)), ...this.#items]
    this.#seq = Math.max(this.#seq, ...this.#items.map((i) => i.seq))
    this.#enforce()
  }

  push(id: string, body: string): void {
    // Wall-clock based so items written by an earlier page (restored from storage) stay older.
    this.#seq = Math.max(this.#seq + 1, Date.now())
    const item: QueuedItem = { id, seq: this.#seq, body, bytes: byteLength(body) }
    this.#items.push(item)
    this.#storage.put(item).catch(this.#onStorageError)
    this.#enforce()
  }

  remove(ids: readonly string[]): void {
    this.#items = this.#items.filter((i) => !ids.includes(i.id))
    this.#delete(ids)
  }

  /**
   * The oldest items, at most `count` of them and (beyond the first) at most `maxBytes` in total,
   * leaving out those `skip` names.
   */
  peek(count: number, maxBytes = Infinity, skip: readonly string[] = []): QueuedItem[] {
    const out: QueuedItem[] = []
    for (const item of this.#items) {
      if (skip.includes(item.id)) continue
      if (out.length >= count || (out.length && sum(out) + item.bytes > maxBytes)) break
      out.push(item)
    }
    return out
  }

  get size(): number {
    return this.#items.length
  }

  get totalBytes(): number {
    return sum(this.#items)
  }

  #delete(ids: readonly string[]): void {
    if (ids.length) this.#storage.delete(ids).catch(this.#onStorageError)
  }

  #enforce(): void {
    const { maxCount, maxBytes, maxAgeMs } = this.#limits
    const all = this.#items
    const oldest = Date.now() - maxAgeMs
    const keep = all.filter((i) => i.seq >= oldest)
    this.expired += all.length - keep.length
    while (keep.length > maxCount || sum(keep) > maxBytes) {
      keep.shift()
      this.overflowed++
    }
    this.#items = keep
    this.#delete(all.filter((i) => !keep.includes(i)).map((i) => i.id))
  }
}
