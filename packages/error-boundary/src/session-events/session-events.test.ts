import { parseSessionEvent } from '@suture/envelope'
import { parameterizeRoute } from '@suture/envelope/route'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { close, init, track } from '../client/hub.js'
import { matchRoute } from '../route/match-route.js'
import { type Receiver, startReceiver, waitFor } from '../testing/receiver.js'
import { MemoryQueueStorage } from '../transport/queue.js'
import { sessionEvents } from './session-events.js'

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
      getRouteTemplate: (path: string) => matchRoute(['/projects/:id/settings', '/billing'], path),
      integrations: [sessionEvents()],
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

  it('sends paths as posthog-js does without getRouteTemplate: raw, scrubbed; readers template them', async () => {
    start({ getRouteTemplate: undefined })
    history.pushState(null, '', '/users/123')
    history.pushState(null, '', '/members/ann@acme.test')
    track('opened')
    await waitFor(() => named('opened').length === 1, 5_000, 'events')
    expect(named('$pageview').map((e) => e.properties)).toEqual([
      { $pathname: '/projects/981/settings' },
      { $pathname: '/users/123', $prev_pathname: '/projects/981/settings' },
      { $pathname: '/members/[email]', $prev_pathname: '/users/123' },
    ])
    expect(named('opened')[0]?.properties).toEqual({ $pathname: '/members/[email]' })
    // What the scorer, triage and the sessions pages make of them, as of paths imported from PostHog.
    expect(named('$pageview').map((e) => parameterizeRoute(String(e.properties.$pathname)))).toEqual([
      '/projects/:id/settings',
      '/users/:id',
      '/members/:id',
    ])
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
      // The transport hands over a string; a Blob of it reads the same either way.
      beacons.push({ url: String(url), data: new Blob([data as BlobPart]) })
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
      // Best effort only: they stay queued until a request is answered.
      expect(client.sessionEvents?.transport.queue.size).toBe(3)
    } finally {
      navigator.sendBeacon = original
    }
  })

  it('is off without the sessionEvents() integration', async () => {
    const client = start({ integrations: [] })
    expect(client.sessionEvents).toBeUndefined()
    track('invite_sent')
    client.captureError(new Error('still sent'))
    await waitFor(() => receiver.requests.length === 1, 5_000, 'the envelope')
    expect(receiver.requests.map((r) => r.url)).toEqual(['/v1/envelopes'])
    expect(events()).toEqual([])
  })

  it('shares one 64 KiB keepalive budget with the error envelopes on pagehide', async () => {
    const beacons: { url: string; size: number; body: Promise<string> }[] = []
    const original = navigator.sendBeacon
    navigator.sendBeacon = (url: string | URL, data?: BodyInit | null) => {
      const blob = new Blob([data as BlobPart])
      beacons.push({ url: String(url), size: blob.size, body: blob.text() })
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
      // Errors go first and all fit; only some events fit after them. Nothing leaves the queues.
      const ids = async (path: string) => {
        const bodies = await Promise.all(beacons.filter((b) => b.url.includes(path)).map((b) => b.body))
        return bodies.flatMap(
          (body) => Object.values(JSON.parse(body) as Record<string, { id: string }[]>)[0] ?? [],
        )
      }
      expect((await ids('/v1/envelopes?key=')).map((e) => e.id).sort()).toHaveLength(10)
      expect(beacons[0]?.url).toContain('/v1/envelopes?key=')
      const beaconedEvents = await ids('/v1/events?key=')
      expect(beaconedEvents.length).toBeGreaterThan(0)
      expect(beaconedEvents.filter((e) => e.id.startsWith('evt-big')).length).toBeLessThan(10)
      expect(client.transport.queue.size).toBe(10)
      expect(events?.queue.size).toBeGreaterThanOrEqual(10)
    } finally {
      navigator.sendBeacon = original
    }
  })

  it('keeps beaconed events queued, so the next page sends them again and the server answers duplicate', async () => {
    // The beacon was accepted by the browser but the server never saw it (it was down).
    const stored = new MemoryQueueStorage()
    const original = navigator.sendBeacon
    navigator.sendBeacon = () => true
    try {
      const transport = { storage: new MemoryQueueStorage(), eventsStorage: stored, flushIntervalMs: 60_000 }
      const first = start({ transport })
      track('project_created')
      await waitFor(() => first.sessionEvents?.transport.queue.size === 2, 5_000, 'two queued events')
      window.dispatchEvent(new Event('pagehide'))
      close()
      expect([...stored.items.values()].map((i) => JSON.parse(i.body).event)).toEqual(
        expect.arrayContaining(['$pageview', 'project_created', '$pageleave']),
      )
      const second = start({ transport: { ...transport, flushIntervalMs: 5 } })
      await waitFor(() => named('$pageleave').length === 1, 5_000, "the first page's events")
      await waitFor(() => named('$pageview').length === 2, 5_000, 'both pages $pageview')
      expect(named('project_created')).toHaveLength(1)
      await waitFor(() => second.sessionEvents?.transport.queue.size === 0, 5_000, 'the queue to drain')
    } finally {
      navigator.sendBeacon = original
    }
  })
})
