import type { QueuedItem, QueueStorage } from './queue.js'

const STORE = 'envelopes'

const done = <T>(req: IDBRequest<T>): Promise<T> =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })

/**
 * The offline queue in IndexedDB, one database per app so two apps on one origin never share a
 * queue. Each write is its own transaction: it commits even if the page is closing.
 */
export class IndexedDbQueueStorage implements QueueStorage {
  #db: Promise<IDBDatabase> | undefined

  readonly #name: string

  constructor(name: string) {
    this.#name = name
  }

  /** A store in its own transaction: read-only unless `mode` says otherwise. */
  async #store(mode?: IDBTransactionMode): Promise<IDBObjectStore> {
    if (!this.#db) {
      const req = indexedDB.open(this.#name, 1)
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' })
      this.#db = done(req)
      this.#db.then(
        // Another tab upgrading the database must not be blocked by this connection.
        (open) => {
          open.onversionchange = () => {
            open.close()
            this.#db = undefined
          }
        },
        // A failed open is retried by the next call rather than remembered.
        () => {
          this.#db = undefined
        },
      )
    }
    return (await this.#db).transaction(STORE, mode).objectStore(STORE)
  }

  async load(): Promise<QueuedItem[]> {
    return done((await this.#store()).getAll())
  }

  async put(item: QueuedItem): Promise<void> {
    await done((await this.#store('readwrite')).put(item))
  }

  async delete(ids: readonly string[]): Promise<void> {
    const store = await this.#store('readwrite')
    await Promise.all(ids.map((id) => done(store.delete(id))))
  }
}

/** IndexedDB when the browser has it, else undefined (the caller falls back to memory). */
export function defaultQueueStorage(appName: string): QueueStorage | undefined {
  return typeof indexedDB === 'undefined' ? undefined : new IndexedDbQueueStorage(`suture-queue:${appName}`)
}
