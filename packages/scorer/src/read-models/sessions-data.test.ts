import type { Envelope, SessionEvent } from '@suture/envelope'
import { createProject, type SutureDatabase, storeEnvelopes, storeSessionEvents } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sessionDetail } from './sessions-data.js'

const START = Date.parse('2026-03-02T10:00:00Z')
const at = (seconds: number) => new Date(START + seconds * 1000).toISOString()

function errorEnvelope(id: string, seconds: number, type: string, message: string): Envelope {
  return {
    id,
    schemaVersion: 1,
    kind: 'error',
    occurredAt: at(seconds),
    app: { name: 'shop' },
    route: { template: '/checkout' },
    sessionId: 's-1',
    breadcrumbs: [],
    flags: {},
    frustration: { rageClicks: 0, deadClicks: 0, errorClicks: 0 },
    error: { type, message, frames: [], handled: false, mechanism: 'boundary' },
  }
}

const event = (seconds: number, name: string, properties: Record<string, unknown>): SessionEvent => ({
  sessionId: 's-1',
  ts: at(seconds),
  event: name,
  distinctId: 'user-1',
  properties: properties as SessionEvent['properties'],
})

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`session timeline on ${backend.name}`, () => {
    let database: SutureDatabase
    let projectId: string
    beforeAll(async () => {
      database = await backend.open()
      projectId = (await createProject(database.db, { name: 'Shop' })).projectId
      await storeSessionEvents(database.db, projectId, [
        event(0, '$pageview', { $pathname: '/checkout' }),
        // The SDK sends each error twice: as an envelope and as the session's `$exception` event.
        event(5, '$exception', {
          $exception_type: 'TypeError',
          $exception_message: 'total is undefined',
          suture_envelope_id: 'err-1-0000001',
        }),
        // A PostHog import has no envelope id: the same error, a second later, is matched by type.
        event(31, '$exception', { $exception_type: 'RangeError', $exception_message: 'bad index' }),
        // An exception the envelope never reached (e.g. a handled one the SDK did not send) stays.
        event(60, '$exception', { $exception_type: 'SyntaxError', $exception_message: 'bad json' }),
      ])
      await storeEnvelopes(database.db, projectId, [
        errorEnvelope('err-1-0000001', 5, 'TypeError', 'total is undefined'),
        errorEnvelope('err-2-0000002', 30, 'RangeError', 'bad index'),
      ])
    }, 60_000)
    afterAll(async () => {
      await database?.close()
    })

    it('shows each error once, whether it came as an envelope, a $exception event, or both', async () => {
      const detail = await sessionDetail(database.db, projectId, 's-1')
      const rows = detail?.timeline.map((t) => `${t.kind} ${t.name} ${t.detail ?? ''}`.trim())
      expect(rows).toEqual([
        'event $pageview',
        'error TypeError total is undefined',
        'error RangeError bad index',
        'event $exception bad json',
      ])
    })
  })
}
