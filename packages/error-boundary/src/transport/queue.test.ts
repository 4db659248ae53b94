import { describe, expect, it } from 'vitest'
import { BoundedQueue, byteLength, MemoryQueueStorage } from './queue.js'

const flushStorage = () => new Promise((r) => setTimeout(r, 0))

describe('BoundedQueue', () => {
  it('drops the oldest items beyond the count bound, and counts them', async () => {
    const storage = new MemoryQueueStorage()
    const queue = new BoundedQueue(storage, { maxCount: 3, maxBytes: 1_000_000 })
    for (const id of ['a', 'b', 'c', 'd', 'e']) queue.push(id, `{"id":"${id}"}`)
    await flushStorage()
    expect(queue.peek(10).map((i) => i.id)).toEqual(['c', 'd', 'e'])
    expect(queue.overflowed).toBe(2)
    expect([...storage.items.keys()].sort()).toEqual(['c', 'd', 'e'])
  })

  it('drops the oldest items beyond the byte bound', async () => {
    const storage = new MemoryQueueStorage()
    const body = `{"x":"${'é'.repeat(20)}"}` // multi-byte: bytes, not characters, are bounded
    const size = byteLength(body)
    const queue = new BoundedQueue(storage, { maxCount: 100, maxBytes: size * 2 + 1 })
    queue.push('a', body)
    queue.push('b', body)
    queue.push('c', body)
    await flushStorage()
    expect(queue.peek(10).map((i) => i.id)).toEqual(['b', 'c'])
    expect(queue.totalBytes).toBe(size * 2)
    expect(queue.overflowed).toBe(1)
  })

  it('restores what an earlier page stored, older items first, within the bounds', async () => {
    const storage = new MemoryQueueStorage()
    const first = new BoundedQueue(storage, { maxCount: 3, maxBytes: 10_000 })
    first.push('old-1', '{}')
    first.push('old-2', '{}')
    await flushStorage()
    const second = new BoundedQueue(storage, { maxCount: 3, maxBytes: 10_000 })
    second.push('new-1', '{}')
    second.push('new-2', '{}')
    await second.restore()
    expect(second.peek(10).map((i) => i.id)).toEqual(['old-2', 'new-1', 'new-2'])
    expect(second.overflowed).toBe(1)
  })

  it('peeks at most the byte budget, but always at least one item', () => {
    const queue = new BoundedQueue(new MemoryQueueStorage())
    queue.push('a', 'x'.repeat(100))
    queue.push('b', 'x'.repeat(100))
    expect(queue.peek(10, 150).map((i) => i.id)).toEqual(['a'])
    expect(queue.peek(10, 50).map((i) => i.id)).toEqual(['a'])
    expect(queue.peek(1).map((i) => i.id)).toEqual(['a'])
  })

  it('keeps working in memory when storage fails', async () => {
    const errors: unknown[] = []
    const broken = {
      load: async () => {
        throw new Error('quota')
      },
      put: async () => {
        throw new Error('quota')
      },
      delete: async () => {
        throw new Error('quota')
      },
    }
    const queue = new BoundedQueue(broken, { maxCount: 10, maxBytes: 10_000 }, (e) => errors.push(e))
    queue.push('a', '{}')
    queue.remove(['a'])
    await flushStorage()
    expect(queue.size).toBe(0)
    expect(errors).toHaveLength(2)
  })

  it('drops envelopes older than the age limit, now and when an earlier page left them', async () => {
    const storage = new MemoryQueueStorage()
    const day = 24 * 60 * 60_000
    await storage.put({ id: 'stale', seq: Date.now() - 8 * day, body: '{}', bytes: 2 })
    await storage.put({ id: 'recent', seq: Date.now() - 6 * day, body: '{}', bytes: 2 })
    const queue = new BoundedQueue(storage)
    await queue.restore()
    await flushStorage()
    expect(queue.peek(10).map((i) => i.id)).toEqual(['recent'])
    expect(queue.expired).toBe(1)
    expect(queue.overflowed).toBe(0)
    expect([...storage.items.keys()]).toEqual(['recent'])
    const short = new BoundedQueue(new MemoryQueueStorage(), { maxCount: 10, maxBytes: 1_000, maxAgeMs: 0 })
    short.push('a', '{}')
    expect(short.size + short.expired).toBe(1)
  })
})
