import { afterEach, expect, it, vi } from 'vitest'
import { waitFor } from '../testing/receiver.js'
import { startTestClient } from '../testing/setup-client.js'
import { captureError } from './hub.js'

// The lazily imported chunk is unreachable at first (offline before the browser cached it): the import
// fails twice (the client's preload, then the capture's own attempt), then succeeds, as a chunk fetch
// does when the network comes back. The capture waits for the retry (5 s) instead of being lost.
let failures = 0
vi.mock('./capture-kit.js', async (importOriginal) => {
  if (failures++ < 2) throw new TypeError('Failed to fetch dynamically imported module: capture-kit.js')
  return importOriginal()
})

let h: Awaited<ReturnType<typeof startTestClient>> | undefined
afterEach(async () => {
  await h?.stop()
})

it('keeps a capture pending while the capture kit cannot load, and sends it once when it can', async () => {
  h = await startTestClient({})
  const error = new Error('captured before the kit arrived')
  const id = captureError(error, { mechanism: 'onerror' })
  // Seen again by a boundary while it waits: still one envelope, with the boundary's context.
  captureError(error, { mechanism: 'boundary', boundary: 'Billing' })
  await waitFor(() => h?.receiver.envelopes().length === 1, 15_000, 'the envelope after the retry')
  expect(failures).toBe(3)
  const sent = h.receiver.envelopes()
  expect(sent.map((e) => e.id)).toEqual([id])
  expect(sent[0]).toMatchObject({
    boundary: 'Billing',
    error: { message: 'captured before the kit arrived' },
  })
})
