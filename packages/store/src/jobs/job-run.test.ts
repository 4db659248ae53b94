import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SutureDatabase } from '../database/open-database.js'
import { TEST_DATABASES } from '../testing/index.js'
import { claimLeasedJobRun, finishJobRun } from './job-run.js'

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`claimLeasedJobRun on ${backend.name}`, () => {
    let database: SutureDatabase
    beforeAll(async () => {
      database = await backend.open()
    })
    afterAll(() => database.close())

    it('leaves a fresh claim to its owner, takes over a stale or failed one, never reruns a success', async () => {
      const db = database.db
      const t0 = new Date('2026-03-02T10:00:00Z')
      const lease = { leaseMs: 30 * 60_000 }
      const first = await claimLeasedJobRun(db, 'test.leased', 'k1', { ...lease, now: t0 })
      expect(first).toMatchObject({ kind: 'claimed', resumed: false })
      // Another process a minute later: still the first one's.
      const second = await claimLeasedJobRun(db, 'test.leased', 'k1', {
        ...lease,
        now: new Date(t0.getTime() + 60_000),
      })
      expect(second).toEqual({ kind: 'in-progress', runId: first.runId })
      // The first one died: after the lease, the next claim takes it over, and only one of two racers wins.
      const later = new Date(t0.getTime() + 31 * 60_000)
      const racers = await Promise.all([
        claimLeasedJobRun(db, 'test.leased', 'k1', { ...lease, now: later }),
        claimLeasedJobRun(db, 'test.leased', 'k1', { ...lease, now: later }),
      ])
      expect(racers.map((r) => r.kind).sort()).toEqual(['claimed', 'in-progress'])
      await finishJobRun(db, first.runId, { status: 'failed', error: 'boom' })
      const retry = await claimLeasedJobRun(db, 'test.leased', 'k1', { ...lease, now: later })
      expect(retry).toMatchObject({ kind: 'claimed', resumed: true })
      await finishJobRun(db, retry.runId, { status: 'succeeded', details: {} })
      expect(await claimLeasedJobRun(db, 'test.leased', 'k1', { ...lease, now: later })).toEqual({
        kind: 'already-succeeded',
        runId: first.runId,
      })
    })
  })
}
