import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ClickInfo } from '../breadcrumbs/dom.js'
import { BreadcrumbBuffer } from '../breadcrumbs/ring-buffer.js'
import { DEAD_CLICK_MS, FrustrationDetector } from './detector.js'

describe('FrustrationDetector', () => {
  let buffer: BreadcrumbBuffer
  let detector: FrustrationDetector
  let button: HTMLButtonElement

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    document.body.innerHTML = '<button id="retry">Retry</button><p id="text">plain</p>'
    button = document.querySelector('#retry') as HTMLButtonElement
    buffer = new BreadcrumbBuffer()
    detector = new FrustrationDetector(buffer)
  })
  afterEach(() => {
    detector.stop()
    vi.useRealTimers()
  })

  const click = (x: number, y: number, element: Element = button): ClickInfo => {
    const info = { at: Date.now(), x, y, element, label: 'Retry' }
    detector.click(info)
    return info
  }

  it('counts three clicks within 1 s within 30 px as one rage click', () => {
    click(100, 100)
    vi.advanceTimersByTime(200)
    click(110, 105)
    vi.advanceTimersByTime(200)
    click(95, 110)
    vi.advanceTimersByTime(200)
    click(100, 100) // the same burst continuing
    expect(detector.counts.rageClicks).toBe(1)
    expect(buffer.snapshot().some((c) => c.label.startsWith("Rage-clicked 'Retry'"))).toBe(true)
  })

  it('does not count clicks that are too far apart in space or time', () => {
    click(0, 0)
    vi.advanceTimersByTime(100)
    click(200, 200)
    vi.advanceTimersByTime(100)
    click(400, 400)
    vi.advanceTimersByTime(2_000)
    click(0, 0)
    vi.advanceTimersByTime(1_100)
    click(0, 0)
    vi.advanceTimersByTime(1_100)
    click(0, 0)
    expect(detector.counts.rageClicks).toBe(0)
  })

  it('counts a new rage click after a pause', () => {
    for (let burst = 0; burst < 2; burst++) {
      for (let i = 0; i < 3; i++) {
        click(50, 50)
        vi.advanceTimersByTime(100)
      }
      vi.advanceTimersByTime(2_000)
    }
    expect(detector.counts.rageClicks).toBe(2)
  })

  it('counts a dead click when nothing changes for 2.5 s', async () => {
    click(10, 10)
    await vi.advanceTimersByTimeAsync(DEAD_CLICK_MS + 1)
    expect(detector.counts.deadClicks).toBe(1)
    expect(buffer.snapshot().at(-1)?.label).toBe("Dead click on 'Retry' (nothing happened for 2.5 s)")
  })

  it('does not count a click that changed the DOM', async () => {
    click(10, 10)
    // MutationObserver callbacks are microtasks; let them run before the dead-click timer fires.
    await vi.advanceTimersByTimeAsync(300)
    button.textContent = 'Retrying…'
    await vi.advanceTimersByTimeAsync(DEAD_CLICK_MS)
    expect(detector.counts.deadClicks).toBe(0)
  })

  it('does not count a click followed by navigation', async () => {
    click(10, 10)
    await vi.advanceTimersByTimeAsync(100)
    detector.noteChange()
    await vi.advanceTimersByTimeAsync(DEAD_CLICK_MS)
    expect(detector.counts.deadClicks).toBe(0)
  })

  it('ignores clicks on things that are not meant to be clicked', async () => {
    click(10, 10, document.querySelector('#text') as Element)
    await vi.advanceTimersByTimeAsync(DEAD_CLICK_MS + 1)
    expect(detector.counts.deadClicks).toBe(0)
  })

  it('counts an error within 1 s of a click as an error click, once per click', () => {
    click(10, 10)
    vi.advanceTimersByTime(400)
    detector.error(Date.now())
    detector.error(Date.now())
    expect(detector.counts.errorClicks).toBe(1)
    vi.advanceTimersByTime(5_000)
    click(10, 10)
    vi.advanceTimersByTime(1_500)
    detector.error(Date.now())
    expect(detector.counts.errorClicks).toBe(1)
  })
})
