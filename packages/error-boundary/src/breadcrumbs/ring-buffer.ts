import type { Breadcrumb, BreadcrumbType } from '@suture/envelope'

type DataValue = string | number | boolean | null

/** A breadcrumb as kept in memory; the ISO timestamp is built only when an envelope needs it. */
export interface RawBreadcrumb {
  readonly at: number
  readonly type: BreadcrumbType
  readonly label: string
  readonly data?: Record<string, DataValue>
}

/** Keeps the newest `capacity` breadcrumbs, so a long session never grows memory. */
export class BreadcrumbBuffer {
  readonly #items: RawBreadcrumb[] = []
  readonly #listeners = new Set<(crumb: RawBreadcrumb) => void>()

  readonly #capacity: number

  constructor(capacity = 50) {
    this.#capacity = capacity
  }

  add(crumb: RawBreadcrumb): void {
    if (this.#items.push(crumb) > this.#capacity) this.#items.shift()
    for (const listener of this.#listeners) listener(crumb)
  }

  /** Called for every new breadcrumb (frustration detection listens here). */
  subscribe(listener: (crumb: RawBreadcrumb) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  snapshot(): Breadcrumb[] {
    return this.#items.map(({ at, ...crumb }) => ({ ts: new Date(at).toISOString(), ...crumb }))
  }
}
