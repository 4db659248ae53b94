/**
 * Ids of envelopes the server confirmed (answered 2xx, or named in a per-item answer), written
 * synchronously to localStorage. IndexedDB deletes are asynchronous and can be lost when the page
 * unloads mid-transaction; without this log the next page would send those envelopes again.
 */
export interface DeliveredLog {
  add(ids: readonly string[]): void
  has(id: string): boolean
}

const KEY = 'suture.delivered'
const KEEP = 500

export class LocalStorageDeliveredLog implements DeliveredLog {
  #ids: string[] = []

  constructor(private readonly key = KEY) {
    try {
      const raw = localStorage.getItem(this.key)
      const parsed: unknown = raw ? JSON.parse(raw) : []
      if (Array.isArray(parsed)) this.#ids = parsed.filter((x): x is string => typeof x === 'string')
    } catch {}
  }

  add(ids: readonly string[]): void {
    if (ids.length === 0) return
    this.#ids = [...this.#ids, ...ids].slice(-KEEP)
    try {
      localStorage.setItem(this.key, JSON.stringify(this.#ids))
    } catch {}
  }

  has(id: string): boolean {
    return this.#ids.includes(id)
  }
}

/** For tests and where localStorage is missing. */
export class MemoryDeliveredLog implements DeliveredLog {
  readonly ids = new Set<string>()
  add(ids: readonly string[]): void {
    for (const id of ids) this.ids.add(id)
  }
  has(id: string): boolean {
    return this.ids.has(id)
  }
}

export function defaultDeliveredLog(): DeliveredLog {
  try {
    if (typeof localStorage !== 'undefined') return new LocalStorageDeliveredLog()
  } catch {}
  return new MemoryDeliveredLog()
}
