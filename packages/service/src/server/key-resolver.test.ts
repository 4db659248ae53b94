import { addKey, createProject, revokeKey, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KeyResolver } from './key-resolver.js'

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`KeyResolver.forget on ${backend.name}`, () => {
    let database: SutureDatabase

    beforeAll(async () => {
      database = await backend.open()
    }, 120_000)
    afterAll(async () => {
      await database?.close()
    })

    it('does not cache a lookup that was under way when the key was forgotten', async () => {
      const { projectId } = await createProject(database.db, { name: 'Race' })
      const key = await addKey(database.db, projectId, 'public')
      const keys = new KeyResolver(database.db, 600_000)
      // The lookup read the key before the revoke; had it been cached, the key would work for the whole TTL.
      const underWay = keys.resolve(key.token)
      keys.forget(key.id)
      expect(await underWay).toMatchObject({ keyId: key.id })
      await revokeKey(database.db, key.id)
      expect(await keys.resolve(key.token)).toBeUndefined()
    })

    it('forgets only the key it names', async () => {
      const { projectId } = await createProject(database.db, { name: 'Two keys' })
      const gone = await addKey(database.db, projectId, 'public')
      const kept = await addKey(database.db, projectId, 'secret')
      const keys = new KeyResolver(database.db, 600_000)
      await keys.resolve(gone.token)
      await keys.resolve(kept.token)
      await revokeKey(database.db, gone.id)
      await revokeKey(database.db, kept.id)
      keys.forget(gone.id)
      expect(await keys.resolve(gone.token)).toBeUndefined()
      // Still the cached answer: only a revoke through this server drops an entry before its TTL.
      expect(await keys.resolve(kept.token)).toMatchObject({ keyId: kept.id })
    })
  })
}
