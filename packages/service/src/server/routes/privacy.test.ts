import { parseEnvelope } from '@suture/envelope'
import {
  actorHash,
  applyRetention,
  createProject,
  retentionPolicy,
  type SutureDatabase,
  storeEnvelopes,
} from '@suture/store'
import { feedbackEnvelope, TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.js'

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`privacy routes and retention metrics on ${backend.name}`, () => {
    let database: SutureDatabase
    let keys: { projectId: string; publicKey: string; secretKey: string }
    const hash = actorHash('user-77', 'web')

    beforeAll(async () => {
      database = await backend.open()
      keys = await createProject(database.db, { name: 'web' })
      const envelopes = [
        feedbackEnvelope({ app: { name: 'web' }, sessionId: 's77', actor: { idHash: hash } }),
        // 200 days old: retention drops it.
        feedbackEnvelope({
          app: { name: 'web' },
          feedback: { text: 'Slow', channel: 'fallback' },
          occurredAt: new Date(Date.now() - 200 * 86_400_000).toISOString(),
        }),
      ].map((input) => {
        const parsed = parseEnvelope(input)
        if (!parsed.ok) throw new Error('bad fixture')
        return parsed.value
      })
      await storeEnvelopes(database.db, keys.projectId, envelopes)
    }, 60_000)
    afterAll(async () => {
      await database?.close()
    })

    const post = (path: string, key: string, body: unknown) =>
      createApp({ database }).app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-suture-key': key },
        body: JSON.stringify(body),
      })

    it('refuses public keys and malformed requests, naming the field', async () => {
      expect((await post('/v1/privacy/delete', keys.publicKey, { actor: 'user-77' })).status).toBe(403)
      const bad = await post('/v1/privacy/delete', keys.secretKey, { actor: '' })
      expect(bad.status).toBe(400)
      expect(await bad.json()).toMatchObject({ issues: [{ path: 'actor' }] })
      const extra = await post('/v1/privacy/export', keys.secretKey, { actor: 'x', project: 'other' })
      expect(extra.status).toBe(400)
    })

    it('exports then deletes one actor in the key’s project', async () => {
      const exported = await post('/v1/privacy/export', keys.secretKey, { actor: 'user-77' })
      expect(exported.status).toBe(200)
      expect(((await exported.json()) as { envelopes: unknown[] }).envelopes).toHaveLength(1)
      const deleted = await post('/v1/privacy/delete', keys.secretKey, { actor: hash })
      expect(deleted.status).toBe(200)
      expect(await deleted.json()).toMatchObject({ counts: { envelopes: 1, sessions: 1 }, manual: [] })
      const again = await post('/v1/privacy/export', keys.secretKey, { actor: 'user-77' })
      expect(((await again.json()) as { envelopes: unknown[] }).envelopes).toEqual([])
    }, 60_000)

    it('/metrics reports what retention dropped, by project and kind', async () => {
      await applyRetention(database.db, { policy: retentionPolicy() })
      const text = await (await createApp({ database }).app.request('/metrics')).text()
      expect(text).toContain(`suture_retention_dropped_total{project="${keys.projectId}",kind="envelopes"} 1`)
    })
  })
}
