import type { ClickInfo } from '../breadcrumbs/dom.js'
import { isInteractive } from '../breadcrumbs/labels.js'
import type { BreadcrumbBuffer } from '../breadcrumbs/ring-buffer.js'

// The thresholds (rage: 3 clicks, 1 s, 30 px; dead: 2.5 s; error: 1 s) are written where they are
// used, as literals: a constant stays in the bundle as a variable (about 20 B gzip for the five). The
// dead-click label says "2.5 s" too. DEAD_CLICK_MS is the same figure for the tests to wait on.
export const DEAD_CLICK_MS = 2_500

export interface FrustrationCounts {
  rageClicks: number
  deadClicks: number
  errorClicks: number
}

/**
 * Rage clicks (3+ clicks within 1 s within 30 px), dead clicks (a click on something clickable after
 * which nothing in the DOM changed and no navigation happened for 2.5 s) and error clicks (an error
 * within 1 s of a click). Each is counted once per burst/click and noted as a breadcrumb.
 */
export class FrustrationDetector {
  readonly counts: FrustrationCounts = { rageClicks: 0, deadClicks: 0, errorClicks: 0 }
  #clicks: ClickInfo[] = []
  readonly #timers = new Set<ReturnType<typeof setTimeout>>()
  readonly #buffer: BreadcrumbBuffer
  #lastErrorClick: ClickInfo | undefined
  readonly #observer: MutationObserver | undefined
  #lastChange = 0
  #lastRageAt = -Infinity

  constructor(buffer: BreadcrumbBuffer) {
    this.#buffer = buffer
    if (typeof MutationObserver === 'function' && typeof document !== 'undefined') {
      this.#observer = new MutationObserver(() => {
        this.#lastChange = Date.now()
      })
      this.#observer.observe(document.documentElement, {
        subtree: true,
        childList: true,
        attributes: true,
        characterData: true,
      })
    }
  }

  /** Anything that counts as the page responding (navigation, our own capture of an error). */
  noteChange(): void {
    this.#lastChange = Date.now()
  }

  click(click: ClickInfo): void {
    const at = click.at
    this.#clicks = this.#clicks.filter(
      (c) => at - c.at <= 1_000 && Math.hypot(c.x - click.x, c.y - click.y) <= 30,
    )
    if (this.#clicks.push(click) >= 3) {
      // One burst of furious clicking is one rage click, however long it goes on.
      if (at - this.#lastRageAt > 1_000) {
        this.counts.rageClicks++
        this.#buffer.add({
          at,
          type: 'click',
          label: `Rage-clicked '${click.label}' (${this.#clicks.length} times in 1 s)`,
          data: { frustration: 'rage' },
        })
      }
      this.#lastRageAt = at
    }
    if (!isInteractive(click.element)) return
    const timer = setTimeout(() => {
      this.#timers.delete(timer)
      // A click that was itself followed by a later click on the same spot only counts once.
      if (this.#lastChange >= at || this.#clicks.some((c) => c.at > at && c.element === click.element)) return
      this.counts.deadClicks++
      this.#buffer.add({
        at: Date.now(),
        type: 'click',
        label: `Dead click on '${click.label}' (nothing happened for 2.5 s)`,
        data: { frustration: 'dead' },
      })
    }, 2_500)
    this.#timers.add(timer)
  }

  /** Called when an error is captured: counts an error click if a click came just before. */
  error(at: number): void {
    const last = this.#clicks[this.#clicks.length - 1]
    if (!last || at - last.at > 1_000 || at < last.at || last === this.#lastErrorClick) return
    this.#lastErrorClick = last
    this.counts.errorClicks++
  }

  snapshot(): FrustrationCounts {
    return { ...this.counts }
  }

  stop(): void {
    // The set is not emptied: the client stops a detector once, and clearing a spent id again is a no-op.
    for (const t of this.#timers) clearTimeout(t)
    this.#observer?.disconnect()
  }
}
