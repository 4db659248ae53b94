import { parseSessionEvent } from '@suture/envelope'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { close, init, track } from '../client/hub.js'
import { type Receiver, startReceiver, waitFor } from '../testing/receiver.js'
import type { QueuedItem } from '../transport/queue.js'
import { MemoryQueueStorage } from '../transport/queue.js'

type Sent = Record<string, unknown> & { event: string; properties: Record<string, unknown> }

describe('session events', () => {
  let receiver: Receiver
  const events = () => receiver.events as Sent[]
  const named = (name: string) => events().filter((e) => e.event === name)

  beforeEach(async () => {
    receiver = await startReceiver()
    history.replaceState(null, '', '/projects/981/settings')
  })
  afterEach(async () => {
    close()
    localStorage.clear()
    await receiver.close()
    document.body.innerHTML = ''
  })

  const start = (overrides: Record<string, unknown> = {}) =>
    init({
      endpoint: receiver.url,
      publicKey: 'pk_test_events',
      app: { name: 'events-test' },
      getActor: () => ({ id: 'user_7' }),
      routes: ['/projects/:id/settings', '/billing'],
      transport: {
        storage: new MemoryQueueStorage(),
        flushIntervalMs: 5,
        backoff: { baseMs: 10, maxMs: 50 },
      },
      ...overrides,
    })

  it('sends $pageview with the route template, clicks, exceptions and track() to /v1/events in { events } form', async () => {
    const client = start()
    document.body.innerHTML = '<button type="button" aria-label="Sync with GitHub">⟳</button>'
    document.querySelector('button')?.dispatchEvent(new MouseEvent('click', { bubbles: true }))
    history.pushState(null, '', '/billing')
    client.captureError(new TypeError('boom'), { boundary: 'BillingInvoices' })
    track('invite_sent', { role: 'admin' })
    await waitFor(
      () => named('invite_sent').length === 1 && named('$exception').length === 1,
      5_000,
      'events',
    )
    for (const event of events()) expect(parseSessionEvent(event).ok).toBe(true)
    expect(named('$pageview').map((e) => e.properties.$pathname)).toEqual([
      '/projects/:id/settings',
      '/billing',
    ])
    expect(named('$autocapture')[0]?.properties).toMatchObject({
      $event_type: 'click',
      $el_text: "Clicked button 'Sync with GitHub'",
      $pathname: '/projects/:id/settings',
    })
    const exception = named('$exception')[0]
    expect(exception?.properties).toMatchObject({ $exception_type: 'TypeError', $exception_message: 'boom' })
    expect(named('invite_sent')[0]?.properties).toEqual({ $pathname: '/billing', role: 'admin' })
    const sessionIds = new Set(events().map((e) => e.sessionId))
    expect([...sessionIds]).toEqual([client.sessionId])
    // The raw actor id never leaves the page; the distinct id is its salted hash.
    expect(JSON.stringify(events())).not.toContain('user_7')
    expect(events()[0]?.distinctId).toMatch(/^[0-9a-f]{64}$/)
  })

  it('turns rage clicks into $rageclick', async () => {
    start()
    document.body.innerHTML = '<button type="button">Sync with GitHub</button>'
    const button = document.querySelector('button') as HTMLButtonElement
    for (let i = 0; i < 4; i++)
      button.dispatchEvent(new MouseEvent('click', { bubbles: true, clientX: 5, clientY: 5 }))
    await waitFor(() => named('$rageclick').length === 1, 5_000, 'the rage click')
    expect(named('$rageclick')[0]?.properties.$el_text).toContain('Sync with GitHub')
  })

  it('queues $pageleave and beacons the rest in { events } form when the page goes away', async () => {
    const beacons: { url: string; data: Blob }[] = []
    const original = navigator.sendBeacon
    navigator.sendBeacon = (url: string | URL, data?: BodyInit | null) => {
      beacons.push({ url: String(url), data: data as Blob })
      return true
    }
    try {
      const client = start({ transport: { storage: new MemoryQueueStorage(), flushIntervalMs: 60_000 } })
      track('project_created')
      // The first events wait for the actor hash; later ones (like $pageleave) are queued at once.
      await waitFor(() => client.sessionEvents?.transport.queue.size === 2, 5_000, 'two queued events')
      window.dispatchEvent(new Event('pagehide'))
      expect(beacons).toHaveLength(1)
      const beacon = beacons[0]
      expect(beacon?.url).toBe(`${receiver.url}/v1/events?key=pk_test_events`)
      const body = (await beacon?.data.text()) ?? '{}'
      const sent = (JSON.parse(body) as { events: Sent[] }).events.map((e) => e.event)
      expect(sent).toEqual(expect.arrayContaining(['$pageview', 'project_created', '$pageleave']))
      expect(client.sessionEvents?.transport.queue.size).toBe(0)
    } finally {
      navigator.sendBeacon = original
    }
  })

  it('is off with sessionEvents: false', async () => {
    const client = start({ sessionEvents: false })
    expect(client.sessionEvents).toBeUndefined()
    track('invite_sent')
    client.captureError(new Error('still sent'))
    await waitFor(() => receiver.requests.length === 1, 5_000, 'the envelope')
    expect(receiver.requests.map((r) => r.url)).toEqual(['/v1/envelopes'])
    expect(events()).toEqual([])
  })

  it('shares one 64 KiB keepalive budget with the error envelopes on pagehide', async () => {
    const beacons: { url: string; size: number }[] = []
    const original = navigator.sendBeacon
    navigator.sendBeacon = (url: string | URL, data?: BodyInit | null) => {
      beacons.push({ url: String(url), size: (data as Blob).size })
      return true
    }
    try {
      const client = start({ transport: { storage: new MemoryQueueStorage(), flushIntervalMs: 60_000 } })
      const events = client.sessionEvents?.transport
      await Promise.all([client.transport.ready, events?.ready])
      // ~45 KB of errors and ~45 KB of events waiting: each stream alone fits, together they do not.
      const padding = 'x'.repeat(4_400)
      for (let i = 0; i < 10; i++) {
        client.transport.queue.push(`env-big${i}`, JSON.stringify({ id: `env-big${i}`, padding }))
        events?.queue.push(`evt-big${i}`, JSON.stringify({ id: `evt-big${i}`, padding }))
      }
      window.dispatchEvent(new Event('pagehide'))
      const total = beacons.reduce((sum, b) => sum + b.size, 0)
      expect(total).toBeLessThanOrEqual(63 * 1024)
      // Errors go first and all fit; the events that did not fit wait in storage for the next page.
      expect(client.transport.queue.size).toBe(0)
      expect(beacons.some((b) => b.url.includes('/v1/events?key='))).toBe(true)
      expect(events?.queue.size).toBeGreaterThan(0)
      expect(events?.queue.size).toBeLessThan(11)
    } finally {
      navigator.sendBeacon = original
    }
  })

  it('records beaconed events in the delivered log, so a lost storage delete never resends them', async () => {
    // IndexedDB deletes started during unload can be lost: this storage forgets every delete.
    const stored = new Map<string, QueuedItem>()
    const lossy = {
      load: async () => [...stored.values()].sort((a, b) => a.seq - b.seq),
      put: async (item: QueuedItem) => void stored.set(item.id, item),
      delete: async () => {},
    }
    const original = navigator.sendBeacon
    const beaconed: string[] = []
    navigator.sendBeacon = (_url: string | URL, data?: BodyInit | null) => {
      void (data as Blob).text().then((body) => {
        for (const e of (JSON.parse(body) as { events: Sent[] }).events) beaconed.push(e.event)
      })
      return true
    }
    try {
      const transport = { storage: new MemoryQueueStorage(), eventsStorage: lossy, flushIntervalMs: 60_000 }
      const first = start({ transport })
      track('project_created')
      await waitFor(() => first.sessionEvents?.transport.queue.size === 2, 5_000, 'two queued events')
      window.dispatchEvent(new Event('pagehide'))
      expect(first.sessionEvents?.transport.queue.size).toBe(0)
      close()
      // Still in storage, as after a lost delete.
      expect([...stored.values()].map((i) => JSON.parse(i.body).event)).toEqual(
        expect.arrayContaining(['$pageview', 'project_created', '$pageleave']),
      )
      const second = start({ transport: { ...transport, flushIntervalMs: 5 } })
      await waitFor(() => named('$pageview').length === 1, 5_000, "the second page's $pageview")
      await second.sessionEvents?.transport.flush()
      expect(events().map((e) => e.event)).toEqual(['$pageview'])
      expect(beaconed).toEqual(expect.arrayContaining(['$pageview', 'project_created', '$pageleave']))
    } finally {
      navigator.sendBeacon = original
    }
  })
})
