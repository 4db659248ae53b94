import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SutureDatabase } from '../database/open-database.js'
import { TEST_DATABASES } from '../testing/index.js'
import {
  InvalidOriginError,
  KeyNotFoundError,
  ProjectNameTakenError,
  ProjectNotFoundError,
} from './errors.js'
import { addKey, createProject, listKeys, listProjects, resolveKey, revokeKey } from './projects.js'
import { hashToken } from './tokens.js'

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`projects and keys on ${backend.name}`, () => {
    let database: SutureDatabase
    beforeAll(async () => {
      database = await backend.open()
    })
    afterAll(async () => {
      await database?.close()
    })

    it('creates a project whose keys resolve, and stores the secret key only as its hash', async () => {
      const created = await createProject(database.db, {
        name: 'Shop',
        origins: ['https://Shop.example/checkout', 'http://localhost:5173'],
      })
      expect(created.publicKey).toMatch(/^sut_pub_/)
      expect(created.secretKey).toMatch(/^sut_sec_/)
      const pub = await resolveKey(database.db, created.publicKey)
      expect(pub).toMatchObject({ projectId: created.projectId, kind: 'public' })
      expect(pub?.allowedOrigins).toEqual(['https://shop.example', 'http://localhost:5173'])
      expect(await resolveKey(database.db, created.secretKey)).toMatchObject({ kind: 'secret' })
      expect(await resolveKey(database.db, `${created.secretKey}x`)).toBeUndefined()

      const stored = await database.db.selectFrom('api_keys').selectAll().execute()
      const text = JSON.stringify(stored)
      expect(text).not.toContain(created.secretKey)
      expect(stored.map((k) => k.token_hash)).toContain(hashToken(created.secretKey))

      const projects = await listProjects(database.db)
      expect(projects.map((p) => p.name)).toContain('Shop')
    })

    it('adds, lists and revokes keys; revoked keys stop resolving', async () => {
      const { projectId } = await createProject(database.db, { name: 'Keys' })
      const added = await addKey(database.db, projectId, 'public', 'mobile')
      const keys = await listKeys(database.db, projectId)
      expect(keys).toHaveLength(3)
      expect(keys.find((k) => k.id === added.id)).toMatchObject({ display: added.token, label: 'mobile' })
      expect(keys.find((k) => k.kind === 'secret')?.display).toMatch(/^sut_sec_….{4}$/)

      await revokeKey(database.db, added.id)
      await revokeKey(database.db, added.id)
      expect(await resolveKey(database.db, added.token)).toBeUndefined()
      expect(
        (await listKeys(database.db, projectId)).find((k) => k.id === added.id)?.revokedAt,
      ).toBeInstanceOf(Date)
    })

    it('names what is wrong', async () => {
      await expect(createProject(database.db, { name: 'x', origins: ['not a url'] })).rejects.toBeInstanceOf(
        InvalidOriginError,
      )
      await expect(listKeys(database.db, 'prj_nope')).rejects.toBeInstanceOf(ProjectNotFoundError)
      await expect(revokeKey(database.db, 'key_nope')).rejects.toBeInstanceOf(KeyNotFoundError)
    })

    it('refuses a name already taken (ignoring case and spaces), and creates it when told to', async () => {
      const first = await createProject(database.db, { name: 'Checkout web' })
      const refused = createProject(database.db, { name: ' checkout WEB ' })
      await expect(refused).rejects.toBeInstanceOf(ProjectNameTakenError)
      await expect(refused).rejects.toMatchObject({ existingId: first.projectId })
      const named = (await listProjects(database.db)).filter((p) => /checkout web/i.test(p.name))
      expect(named).toHaveLength(1)
      const second = await createProject(database.db, { name: 'Checkout web', allowDuplicate: true })
      expect(second.projectId).not.toBe(first.projectId)
    })
  })
}
