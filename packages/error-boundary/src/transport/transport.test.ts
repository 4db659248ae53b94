import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Receiver, startReceiver, waitFor } from '../testing/receiver.js'
import { MemoryQueueStorage, type QueueStorage } from './queue.js'
import { Transport, type TransportEvent } from './transport.js'

const envelope = (id: string, pad = 0) => ({ id, kind: 'error', padding: 'x'.repeat(pad) })

describe('Transport', () => {
  let receiver: Receiver
  let transport: Transport | undefined
  let events: TransportEvent[]
  const open = (options: Partial<ConstructorParameters<typeof Transport>[0]> = {}) => {
    // This test's own list: a request of an earlier test still on the wire when it ended (close() stops
    // sending, not an answer already coming) must not report into the next test's events.
    const sink = events
    transport = new Transport({
      url: `${receiver.url}/v1/envelopes`,
      publicKey: 'pk_test_123',
      storage: new MemoryQueueStorage(),
      flushIntervalMs: 60_000,
      backoff: { baseMs: 20, maxMs: 200 },
      onEvent: (e) => sink.push(e),
      ...options,
    })
    return transport
  }

  beforeEach(async () => {
    receiver = await startReceiver()
    events = []
  })
  afterEach(async () => {
    transport?.close()
    transport = undefined
    await receiver.close()
  })

  it('sends a batch once the size threshold is reached, with the key header', async () => {
    const t = open({ batchSize: 3 })
    await t.ready
    t.enqueue('env-aaaaaaa1', envelope('env-aaaaaaa1'))
    t.enqueue('env-aaaaaaa2', envelope('env-aaaaaaa2'))
    expect(receiver.requests).toHaveLength(0)
    t.enqueue('env-aaaaaaa3', envelope('env-aaaaaaa3'))
    await waitFor(() => receiver.requests.length === 1, 5_000, 'one batch')
    const [request] = receiver.requests
    expect(request?.envelopes.map((e) => e.id)).toEqual(['env-aaaaaaa1', 'env-aaaaaaa2', 'env-aaaaaaa3'])
    expect(request?.headers['x-suture-key']).toBe('pk_test_123')
    expect(typeof request?.envelopes[0]?.sentAt).toBe('string')
    await waitFor(() => t.queue.size === 0, 5_000, 'queue to empty')
  })

  it('sends a partial batch once the time threshold passes', async () => {
    const t = open({ batchSize: 10, flushIntervalMs: 30 })
    await t.ready
    t.enqueue('env-time0001', envelope('env-time0001'))
    await waitFor(() => receiver.requests.length === 1, 5_000, 'timed flush')
    expect(receiver.envelopes().map((e) => e.id)).toEqual(['env-time0001'])
  })

  it('retries server errors with backoff until they are delivered', async () => {
    let failures = 2
    receiver.setResponder(() => (failures-- > 0 ? { status: 503, body: { error: 'busy' } } : undefined))
    const t = open({ batchSize: 1, random: () => 1 })
    await t.ready
    t.enqueue('env-retry001', envelope('env-retry001'))
    await waitFor(() => t.queue.size === 0, 5_000, 'delivery after retries')
    expect(receiver.requests).toHaveLength(3)
    const [a, b, c] = receiver.requests.map((r) => r.at)
    // Equal jitter with random()=1 waits the full step: 20 ms, then 40 ms.
    expect((b ?? 0) - (a ?? 0)).toBeGreaterThanOrEqual(19)
    expect((c ?? 0) - (b ?? 0)).toBeGreaterThanOrEqual(39)
    expect(events.filter((e) => e.type === 'retry').map((e) => (e.type === 'retry' ? e.delayMs : 0))).toEqual(
      [20, 40],
    )
  })

  it('waits for Retry-After on 429 before sending again', async () => {
    let limited = true
    receiver.setResponder(() => {
      if (!limited) return undefined
      limited = false
      return { status: 429, headers: { 'retry-after': '1' }, body: { error: 'rate limited' } }
    })
    const t = open({ batchSize: 1 })
    await t.ready
    t.enqueue('env-429aaaa1', envelope('env-429aaaa1'))
    await waitFor(() => receiver.requests.length === 2, 5_000, 'the retry after 429')
    const [first, second] = receiver.requests
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(1_000)
    expect(second?.envelopes[0]?.id).toBe('env-429aaaa1')
    await waitFor(() => t.queue.size === 0, 5_000, 'the retry answered')
  })

  it('drops only what the server says is invalid', async () => {
    receiver.setResponder((req) => ({
      status: 200,
      body: {
        results: req.envelopes.map((e) =>
          e.id === 'env-bad00001'
            ? { id: e.id, status: 'rejected', issues: [{ path: 'route', message: 'Required' }] }
            : { id: e.id, status: e.id === 'env-dup00001' ? 'duplicate' : 'accepted' },
        ),
      },
    }))
    const t = open({ batchSize: 3 })
    await t.ready
    t.enqueue('env-good0001', envelope('env-good0001'))
    t.enqueue('env-bad00001', envelope('env-bad00001'))
    t.enqueue('env-dup00001', envelope('env-dup00001'))
    await waitFor(() => t.queue.size === 0, 5_000, 'queue to empty')
    expect(events.filter((e) => e.type === 'rejected')).toHaveLength(1)
    expect(events.filter((e) => e.type === 'sent')).toEqual([
      { type: 'sent', ids: ['env-good0001', 'env-bad00001', 'env-dup00001'], status: 200, duplicates: 1 },
    ])
    expect(events.some((e) => e.type === 'rejected' && e.id === 'env-bad00001')).toBe(true)
  })

  it('finds the invalid envelope in a batch refused with 400 by sending one at a time', async () => {
    receiver.setResponder((req) =>
      req.envelopes.some((e) => e.id === 'env-bad00002')
        ? { status: 400, body: { issues: [{ path: 'envelopes.1.app', message: 'Required' }] } }
        : undefined,
    )
    const t = open({ batchSize: 3 })
    await t.ready
    for (const id of ['env-ok000001', 'env-bad00002', 'env-ok000003']) t.enqueue(id, envelope(id))
    await waitFor(() => t.queue.size === 0, 5_000, 'queue to empty')
    const delivered = receiver.requests.filter((r) => !r.envelopes.some((e) => e.id === 'env-bad00002'))
    expect(delivered.flatMap((r) => r.envelopes.map((e) => e.id)).sort()).toEqual([
      'env-ok000001',
      'env-ok000003',
    ])
    expect(events.filter((e) => e.type === 'rejected')).toHaveLength(1)
  })

  it('drops the envelopes a 400 names as rejected and resends the rest', async () => {
    receiver.setResponder((req) =>
      req.envelopes.length > 1
        ? {
            status: 400,
            body: {
              results: req.envelopes.map((e) =>
                e.id === 'env-bad00003'
                  ? { id: e.id, status: 'rejected', issues: [{ path: 'app', message: 'Required' }] }
                  : { id: e.id, status: 'rejected', issues: [{ path: 'route', message: 'Required' }] },
              ),
            },
          }
        : undefined,
    )
    const t = open({ batchSize: 2 })
    await t.ready
    t.enqueue('env-bad00003', envelope('env-bad00003'))
    t.enqueue('env-bad00004', envelope('env-bad00004'))
    await waitFor(() => t.queue.size === 0, 5_000, 'queue to empty')
    expect(events.filter((e) => e.type === 'rejected')).toHaveLength(2)
    expect(receiver.requests).toHaveLength(1)
  })

  it('keeps envelopes while the key is refused (401) instead of dropping them, passing on the server message', async () => {
    const message = 'This key is unknown or revoked; check it with `suture project keys list`.'
    receiver.setResponder(() => ({ status: 401, body: { error: 'invalid_key', message } }))
    const refusals: [number, string][] = []
    const t = open({ batchSize: 1, onRefused: (status, text) => refusals.push([status, text]) })
    await t.ready
    t.enqueue('env-key00001', envelope('env-key00001'))
    await waitFor(() => receiver.requests.length >= 2, 5_000, 'a retry')
    expect(t.queue.size).toBe(1)
    expect(refusals[0]).toEqual([401, message])
    receiver.setResponder(() => ({ status: 403, body: { error: 'origin_not_allowed' } }))
    await waitFor(() => refusals.some(([status]) => status === 403), 5_000, 'a 403')
    expect(refusals.find(([status]) => status === 403)).toEqual([403, 'origin_not_allowed'])
    expect(t.queue.size).toBe(1)
    receiver.setResponder(() => undefined)
    await waitFor(() => t.queue.size === 0, 5_000, 'delivery once the key works')
    expect(receiver.stored.has('env-key00001')).toBe(true)
  })

  it('does not send while the browser is offline, and drains on `online`', async () => {
    const t = open({ batchSize: 1 })
    await t.ready
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => false })
    try {
      t.enqueue('env-offline1', envelope('env-offline1'))
      await t.flush()
      expect(receiver.requests).toHaveLength(0)
    } finally {
      Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => true })
    }
    window.dispatchEvent(new Event('online'))
    await waitFor(() => receiver.requests.length === 1, 5_000, 'drain on online')
  })

  it('restores and sends what an earlier page left in storage', async () => {
    const storage = new MemoryQueueStorage()
    await storage.put({
      id: 'env-stored01',
      seq: Date.now() - 2,
      body: JSON.stringify(envelope('env-stored01')),
      bytes: 40,
    })
    open({ storage })
    await waitFor(() => receiver.requests.length === 1, 5_000, 'restored envelope')
    expect(receiver.envelopes()[0]?.id).toBe('env-stored01')
    await waitFor(() => storage.items.size === 0, 5_000, 'storage to empty')
  })

  it('resends after a reload what a lost storage delete left behind: answered duplicate, it leaves the queue for good', async () => {
    const storage = new MemoryQueueStorage()
    // The first page unloads mid-transaction: its delete never reaches storage.
    const losingDeletes: QueueStorage = {
      load: () => storage.load(),
      put: (item) => storage.put(item),
      delete: async () => {},
    }
    const first = open({ storage: losingDeletes })
    await first.ready
    first.enqueue('env-lost0001', envelope('env-lost0001'))
    await first.flush()
    expect(first.queue.size).toBe(0)
    first.close()
    expect([...storage.items.keys()]).toEqual(['env-lost0001'])

    const sent = () => receiver.envelopes().filter((e) => e.id === 'env-lost0001').length
    expect(sent()).toBe(1)
    const heard: TransportEvent[] = []
    const second = open({ storage, onEvent: (e) => heard.push(e) })
    await waitFor(() => storage.items.size === 0, 5_000, 'the resend to be confirmed')
    expect(sent()).toBe(2)
    expect(heard).toMatchObject([{ type: 'sent', ids: ['env-lost0001'], status: 200, duplicates: 1 }])
    expect(second.queue.size).toBe(0)
    await second.flush()
    second.close()

    // A third page finds nothing to send.
    const third = open({ storage })
    await third.ready
    await third.flush()
    expect(sent()).toBe(2)
    expect(receiver.requests).toHaveLength(2)
  })

  it('never hands an envelope to sendBeacon while a fetch is carrying it', async () => {
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const beaconed: string[] = []
    const original = navigator.sendBeacon
    Object.defineProperty(navigator, 'sendBeacon', {
      configurable: true,
      value: (_url: string, data: string) => {
        beaconed.push(data)
        return true
      },
    })
    let started = false
    try {
      const t = open({
        batchSize: 1,
        fetch: async (input, init) => {
          started = true
          await held
          return fetch(input, init)
        },
      })
      await t.ready
      t.enqueue('env-flight01', envelope('env-flight01'))
      await waitFor(() => started, 5_000, 'the fetch to start')
      t.flushOnExit()
      expect(beaconed).toEqual([])
      release()
      await waitFor(() => t.queue.size === 0, 5_000, 'the fetch to finish')
    } finally {
      Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: original })
    }
  })

  it('sends nothing on pagehide where sendBeacon is missing, keeping the envelopes queued for the next page', async () => {
    const original = navigator.sendBeacon
    const calls: string[] = []
    Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: undefined })
    try {
      const t = open({
        batchSize: 5,
        fetch: (input, init) => {
          calls.push(String(input))
          return fetch(input, init)
        },
      })
      await t.ready
      t.queue.push('env-keep0001', JSON.stringify(envelope('env-keep0001')))
      t.flushOnExit()
      expect(calls).toEqual([])
      expect(t.queue.size).toBe(1)
    } finally {
      Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: original })
    }
  })

  it('hands at most 64 KiB to sendBeacon on pagehide, with the key in the query', async () => {
    const beacons: { url: string; size: number }[] = []
    const original = navigator.sendBeacon
    Object.defineProperty(navigator, 'sendBeacon', {
      configurable: true,
      value: (url: string, data: string) => {
        beacons.push({ url, size: new Blob([data]).size })
        return true
      },
    })
    try {
      const t = open({ batchSize: 5 })
      await t.ready
      // 4 batches of 5 × ~5 KB = ~100 KB queued: only what fits in the keepalive budget goes now.
      for (let i = 0; i < 20; i++)
        t.queue.push(`env-big${String(i).padStart(5, '0')}`, JSON.stringify(envelope(`big${i}`, 5_000)))
      t.flushOnExit()
      expect(beacons.length).toBeGreaterThan(0)
      expect(beacons.reduce((sum, b) => sum + b.size, 0)).toBeLessThanOrEqual(64 * 1024)
      expect(beacons[0]?.url).toBe(`${receiver.url}/v1/envelopes?key=pk_test_123`)
      const beaconed = events.flatMap((e) => (e.type === 'beacon' ? e.ids : []))
      expect(beaconed.length).toBeGreaterThan(5)
      expect(beaconed.length).toBeLessThan(20)
      expect(new Set(beaconed).size).toBe(beaconed.length)
      // A beacon's answer is never read: all 20 stay queued until a request is answered.
      expect(t.queue.size).toBe(20)
    } finally {
      Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: original })
    }
  })

  it('keeps what a beacon carried until the server confirms it: a reload resends it, the server answers duplicate', async () => {
    const original = navigator.sendBeacon
    const beacons: string[] = []
    // The browser accepts the beacon, but the server is down: it never arrives.
    Object.defineProperty(navigator, 'sendBeacon', {
      configurable: true,
      value: (url: string) => beacons.push(url) > 0,
    })
    const storage = new MemoryQueueStorage()
    try {
      const first = open({ storage, batchSize: 5 })
      await first.ready
      first.queue.push('env-beacon01', JSON.stringify(envelope('env-beacon01')))
      first.flushOnExit()
      expect(beacons).toHaveLength(1)
      // A second pagehide (a page restored from the back/forward cache, then left) beacons it again.
      first.flushOnExit()
      expect(beacons).toHaveLength(2)
      first.close()
      expect([...storage.items.keys()]).toEqual(['env-beacon01'])
    } finally {
      Object.defineProperty(navigator, 'sendBeacon', { configurable: true, value: original })
    }
    // Had the beacon landed, the server would know the id: resending it is safe either way.
    receiver.stored.add('env-beacon01')
    const heard: TransportEvent[] = []
    open({ storage, onEvent: (e) => heard.push(e) })
    await waitFor(() => storage.items.size === 0, 5_000, 'the resend to be confirmed')
    expect(receiver.envelopes().map((e) => e.id)).toEqual(['env-beacon01'])
    expect(heard.flatMap((e) => (e.type === 'sent' ? [e.duplicates] : []))).toEqual([1])
  })
})
