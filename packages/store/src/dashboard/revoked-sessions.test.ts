import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SutureDatabase } from '../database/open-database.js'
import { TEST_DATABASES } from '../testing/index.js'
import { isDashboardSessionRevoked, revokeDashboardSession } from './revoked-sessions.js'

const at = (iso: string) => new Date(iso)

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`revoked dashboard sessions on ${backend.name}`, () => {
    let database: SutureDatabase
    beforeAll(async () => {
      database = await backend.open()
    })
    afterAll(async () => {
      await database?.close()
    })
    const expiries = () =>
      database.db
        .selectFrom('dashboard_revoked_sessions')
        .select(['nonce', 'expires_at'])
        .orderBy('nonce')
        .execute()

    it('remembers a revoked nonce until its cookie would expire, idempotently, keeping the later expiry', async () => {
      const now = at('2026-12-03T10:00:00Z')
      expect(await isDashboardSessionRevoked(database.db, 'nonce-a')).toBe(false)
      await revokeDashboardSession(database.db, 'nonce-a', at('2026-12-03T20:00:00Z'), now)
      await revokeDashboardSession(database.db, 'nonce-a', at('2026-12-03T18:00:00Z'), now)
      expect(await isDashboardSessionRevoked(database.db, 'nonce-a')).toBe(true)
      expect(await isDashboardSessionRevoked(database.db, 'nonce-b')).toBe(false)
      const rows = await expiries()
      expect(rows).toHaveLength(1)
      expect(new Date(rows[0]?.expires_at ?? 0).toISOString()).toBe('2026-12-03T20:00:00.000Z')
    })

    it('drops rows whose cookies have expired, and stores none for a cookie already expired', async () => {
      const later = at('2026-12-04T09:00:00Z')
      await revokeDashboardSession(database.db, 'nonce-old', at('2026-12-04T08:00:00Z'), later)
      await revokeDashboardSession(database.db, 'nonce-c', at('2026-12-04T21:00:00Z'), later)
      expect((await expiries()).map((r) => r.nonce)).toEqual(['nonce-c'])
    })
  })
}
