import type { QueuedItem, QueueStorage } from './queue.js'

const STORE = 'envelopes'

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

/**
 * The offline queue in IndexedDB, one database per app so two apps on one origin never share a
 * queue. Each write is its own transaction: it commits even if the page is closing.
 */
export class IndexedDbQueueStorage implements QueueStorage {
  #db: Promise<IDBDatabase> | undefined

  constructor(private readonly name: string) {}

  #open(): Promise<IDBDatabase> {
    this.#db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(this.name, 1)
      req.onupgradeneeded = () => {
        req.result.createObjectStore(STORE, { keyPath: 'id' })
      }
      req.onsuccess = () => {
        // Another tab upgrading the database must not be blocked by this connection.
        req.result.onversionchange = () => {
          req.result.close()
          this.#db = undefined
        }
        resolve(req.result)
      }
      req.onerror = () => reject(req.error)
    })
    // A failed open is retried by the next call rather than remembered.
    this.#db.catch(() => {
      this.#db = undefined
    })
    return this.#db
  }

  async #store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    return (await this.#open()).transaction(STORE, mode).objectStore(STORE)
  }

  async load(): Promise<QueuedItem[]> {
    const items = (await request((await this.#store('readonly')).getAll())) as QueuedItem[]
    return items.sort((a, b) => a.seq - b.seq)
  }

  async put(item: QueuedItem): Promise<void> {
    await request((await this.#store('readwrite')).put(item))
  }

  async delete(ids: readonly string[]): Promise<void> {
    const store = await this.#store('readwrite')
    await Promise.all(ids.map((id) => request(store.delete(id))))
  }
}

/** IndexedDB when the browser has it, else undefined (the caller falls back to memory). */
export function defaultQueueStorage(appName: string): QueueStorage | undefined {
  return typeof indexedDB === 'undefined' ? undefined : new IndexedDbQueueStorage(`suture-queue:${appName}`)
}
