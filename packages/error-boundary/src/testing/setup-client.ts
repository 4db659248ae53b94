import type { SutureConfig } from '../client/config.js'
import { close, init } from '../client/hub.js'
import { MemoryQueueStorage } from '../transport/queue.js'
import { type Receiver, startReceiver } from './receiver.js'

/** A client wired to a local receiver, sending each envelope as soon as it is queued. */
export async function startTestClient(overrides: Partial<SutureConfig> = {}) {
  const receiver: Receiver = await startReceiver()
  const storage = new MemoryQueueStorage()
  const client = init({
    endpoint: receiver.url,
    publicKey: 'pk_test_123',
    app: { name: 'demo', release: '1.2.3', environment: 'test' },
    transport: { storage, batchSize: 1, flushIntervalMs: 5, backoff: { baseMs: 10, maxMs: 50 } },
    ...overrides,
  })
  return {
    client,
    receiver,
    storage,
    async stop() {
      close()
      await receiver.close()
    },
  }
}
