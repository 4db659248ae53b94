/**
 * Ids of envelopes the server confirmed (answered 2xx, or named in a per-item answer), written
 * synchronously to localStorage. IndexedDB deletes are asynchronous and can be lost when the page
 * unloads mid-transaction; without this log the next page would send those envelopes again.
 */
export interface DeliveredLog {
  add(ids: readonly string[]): void
  has(id: string): boolean
}

/** The last 500 confirmed ids in localStorage; in memory only where localStorage is missing or full. */
export function defaultDeliveredLog(): DeliveredLog {
  const key = 'suture.delivered'
  let ids: string[] = []
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(key) ?? '[]')
    if (Array.isArray(stored)) ids = stored
  } catch {}
  return {
    add(more) {
      ids = [...ids, ...more].slice(-500)
      try {
        localStorage.setItem(key, JSON.stringify(ids))
      } catch {}
    },
    has: (id) => ids.includes(id),
  }
}

/** For tests. */
export class MemoryDeliveredLog implements DeliveredLog {
  readonly ids = new Set<string>()
  add(ids: readonly string[]): void {
    for (const id of ids) this.ids.add(id)
  }
  has(id: string): boolean {
    return this.ids.has(id)
  }
}
