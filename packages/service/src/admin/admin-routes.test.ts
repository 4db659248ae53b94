import { PassThrough } from 'node:stream'
import {
  addKey,
  createProject,
  KeyNotFoundError,
  ProjectNameAmbiguousError,
  ProjectNotFoundError,
  resolveKey,
  type SutureDatabase,
} from '@suture/store'
import { errorEnvelopeFromStack, realStacks, TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../server/app.js'
import { createLogger } from '../server/logger.js'
import { ADMIN_PATH } from './admin-routes.js'

const TOKEN = 'admin-token-of-this-run'

interface Answer {
  status: number
  body: Record<string, unknown> & { issues?: { path: string; message: string }[] }
}

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`the admin API's key routes on ${backend.name}`, () => {
    let database: SutureDatabase
    let app: ReturnType<typeof createApp>['app']
    let projectId: string
    // Everything the server logs, at its most verbose level: a secret key must never be in it.
    let logged = ''

    beforeAll(async () => {
      database = await backend.open()
      projectId = (await createProject(database.db, { name: 'Shop' })).projectId
      const out = new PassThrough()
      out.on('data', (chunk: Buffer) => {
        logged += chunk.toString('utf8')
      })
      app = createApp({
        database,
        adminToken: TOKEN,
        keyCacheTtlMs: 0,
        logger: createLogger('trace', out, { format: 'json' }),
      }).app
    }, 120_000)
    afterAll(async () => {
      await database?.close()
    })

    async function call(
      method: string,
      path: string,
      body?: unknown,
      token: string | null = TOKEN,
    ): Promise<Answer> {
      const res = await app.request(`${ADMIN_PATH}${path}`, {
        method,
        headers: {
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      })
      return { status: res.status, body: (await res.json()) as Answer['body'] }
    }

    it('refuses every key route without this run’s token', async () => {
      for (const [method, path, body] of [
        ['GET', `/projects/${projectId}/keys`, undefined],
        ['POST', `/projects/${projectId}/keys`, { kind: 'secret' }],
        ['DELETE', '/keys/key_whatever', undefined],
        ['POST', `/projects/${projectId}/go-live`, { by: 'mallory' }],
      ] as const) {
        for (const token of [null, 'wrong', `${TOKEN}x`]) {
          const answer = await call(method, path, body, token)
          expect(answer.status).toBe(401)
          expect(answer.body.error).toBe('admin_token_required')
        }
      }
      // Nothing was added by the refused POSTs: the project still has its two keys from create, in shadow mode.
      expect((await call('GET', `/projects/${projectId}/keys`)).body.keys).toHaveLength(2)
      const listed = (await call('GET', '/projects')).body.projects as { id: string; live: unknown }[]
      expect(listed.find((p) => p.id === projectId)?.live).toBeNull()
    })

    it('adds a secret key, shows its token in that answer only, and never logs it', async () => {
      const added = await call('POST', `/projects/${projectId}/keys`, {
        kind: 'secret',
        label: 'lost laptop',
      })
      expect(added.status).toBe(201)
      const { id, kind, token } = added.body as { id: string; kind: string; token: string }
      expect(id).toMatch(/^key_/)
      expect(kind).toBe('secret')
      expect(token).toMatch(/^sut_sec_/)
      // It is a working key of this project.
      expect(await resolveKey(database.db, token)).toMatchObject({ keyId: id, projectId, kind: 'secret' })

      const listed = await call('GET', `/projects/${projectId}/keys`)
      expect(listed.status).toBe(200)
      const keys = listed.body.keys as { id: string; display: string; label: string | null }[]
      expect(keys.find((k) => k.id === id)).toMatchObject({
        display: `sut_sec_…${token.slice(-4)}`,
        label: 'lost laptop',
        revokedAt: null,
      })
      expect(JSON.stringify(listed.body)).not.toContain(token)
      expect(logged).not.toBe('')
      expect(logged).not.toContain(token)
    })

    it('adds a public key without a label', async () => {
      const added = await call('POST', `/projects/${projectId}/keys`, { kind: 'public' })
      expect(added.status).toBe(201)
      const token = added.body.token as string
      expect(token).toMatch(/^sut_pub_/)
      const keys = (await call('GET', `/projects/${projectId}/keys`)).body.keys as {
        id: string
        display: string
        label: string | null
      }[]
      // Public keys are shown whole in the list, as on the database itself.
      expect(keys.find((k) => k.id === added.body.id)).toMatchObject({ display: token, label: null })
    })

    it('names the field of a bad request and adds nothing', async () => {
      const before = ((await call('GET', `/projects/${projectId}/keys`)).body.keys as unknown[]).length
      const cases: [unknown, string][] = [
        [{ kind: 'admin' }, 'kind'],
        [{}, 'kind'],
        [{ kind: 'secret', label: 5 }, 'label'],
      ]
      for (const [body, field] of cases) {
        const answer = await call('POST', `/projects/${projectId}/keys`, body)
        expect(answer.status, JSON.stringify(body)).toBe(400)
        expect(answer.body.error).toBe('invalid_request')
        expect(answer.body.issues?.[0]?.path).toBe(field)
        expect(answer.body.message).toMatch(new RegExp(`^${field}: `))
      }
      const extra = await call('POST', `/projects/${projectId}/keys`, { kind: 'secret', scope: 'all' })
      expect(extra.status).toBe(400)
      expect(extra.body.message).toContain('scope')
      const notJson = await call('POST', `/projects/${projectId}/keys`, '{"kind":')
      expect(notJson.status).toBe(400)
      expect(((await call('GET', `/projects/${projectId}/keys`)).body.keys as unknown[]).length).toBe(before)
    })

    it('answers an unknown project with the store’s message', async () => {
      const expected = new ProjectNotFoundError('prj_nope', true).message
      for (const answer of [
        await call('GET', '/projects/prj_nope/keys'),
        await call('POST', '/projects/prj_nope/keys', { kind: 'secret' }),
        await call('POST', '/projects/prj_nope/go-live', { by: 'ana' }),
      ]) {
        expect(answer.status).toBe(404)
        expect(answer.body).toMatchObject({ error: 'project_not_found', message: expected })
      }
    })

    it('revokes a key; revoking it again answers the same and changes nothing', async () => {
      const key = await addKey(database.db, projectId, 'secret', 'to revoke')
      const first = await call('DELETE', `/keys/${key.id}`)
      expect(first).toEqual({ status: 200, body: { revoked: key.id } })
      expect(await resolveKey(database.db, key.token)).toBeUndefined()
      const revokedAt = () =>
        database.db
          .selectFrom('api_keys')
          .select('revoked_at')
          .where('id', '=', key.id)
          .executeTakeFirstOrThrow()
      const at = (await revokedAt()).revoked_at
      expect(at).toBeInstanceOf(Date)

      const again = await call('DELETE', `/keys/${key.id}`)
      expect(again).toEqual({ status: 200, body: { revoked: key.id } })
      expect((await revokedAt()).revoked_at).toEqual(at)
    })

    it('finds the project of the key routes by name too; a shared name is refused with the ids', async () => {
      const byName = await call('GET', '/projects/%20shop%20/keys')
      expect(byName.status).toBe(200)
      expect(byName.body).toEqual((await call('GET', `/projects/${projectId}/keys`)).body)
      const added = await call('POST', '/projects/Shop/keys', { kind: 'public', label: 'by name' })
      expect(added.status).toBe(201)
      expect(await resolveKey(database.db, added.body.token as string)).toMatchObject({ projectId })

      const first = await createProject(database.db, { name: 'Twin' })
      const second = await createProject(database.db, { name: 'twin', allowDuplicate: true })
      const expected = new ProjectNameAmbiguousError('Twin', [first.projectId, second.projectId]).message
      for (const answer of [
        await call('GET', '/projects/Twin/keys'),
        await call('POST', '/projects/Twin/keys', { kind: 'secret' }),
        await call('POST', '/projects/Twin/go-live', { by: 'ana' }),
      ]) {
        expect(answer.status).toBe(409)
        expect(answer.body).toMatchObject({ error: 'project_ambiguous', message: expected })
        expect(answer.body.message).toContain(first.projectId)
        expect(answer.body.message).toContain(second.projectId)
      }
      // Nothing was made for either of them, nor taken live.
      for (const twin of [first, second]) {
        expect((await call('GET', `/projects/${twin.projectId}/keys`)).body.keys).toHaveLength(2)
        const live = await database.db
          .selectFrom('project_go_live')
          .select('project_id')
          .where('project_id', '=', twin.projectId)
          .execute()
        expect(live).toEqual([])
      }
    })

    it('takes a project live by id or name; going live again answers the first decision', async () => {
      const { projectId: liveId } = await createProject(database.db, { name: 'Going Live' })
      const first = await call('POST', '/projects/going%20live/go-live', { by: '  ana@example.com ' })
      expect(first.status).toBe(200)
      expect(first.body).toEqual({
        projectId: liveId,
        wentLiveAt: expect.any(String),
        wentLiveBy: 'ana@example.com',
      })
      expect(Number.isNaN(Date.parse(first.body.wentLiveAt as string))).toBe(false)
      const again = await call('POST', `/projects/${liveId}/go-live`, { by: 'bo' })
      expect(again).toEqual(first)
      const listed = (await call('GET', '/projects')).body.projects as { id: string; live: unknown }[]
      expect(listed.find((p) => p.id === liveId)?.live).toEqual({
        at: first.body.wentLiveAt,
        by: 'ana@example.com',
      })
    })

    it('names the field of a bad go-live request and takes nothing live', async () => {
      const { projectId: shadowId } = await createProject(database.db, { name: 'Still Shadow' })
      const cases: [unknown, string][] = [
        [{}, 'by'],
        [{ by: '' }, 'by'],
        [{ by: '   ' }, 'by'],
        [{ by: 7 }, 'by'],
        [{ by: 'ana', at: '2020-01-01' }, '(body)'],
        [['ana'], '(body)'],
      ]
      for (const [body, field] of cases) {
        const answer = await call('POST', `/projects/${shadowId}/go-live`, body)
        expect(answer.status, JSON.stringify(body)).toBe(400)
        expect(answer.body.error).toBe('invalid_request')
        expect(answer.body.issues?.[0]?.path, JSON.stringify(body)).toBe(field)
      }
      expect((await call('POST', `/projects/${shadowId}/go-live`, '{"by":')).status).toBe(400)
      const listed = (await call('GET', '/projects')).body.projects as { id: string; live: unknown }[]
      expect(listed.find((p) => p.id === shadowId)?.live).toBeNull()
    })

    it('answers a key id that names no key with 404 naming keyId', async () => {
      for (const keyId of ['key_doesnotexist00', 'not-a-key', 'prj_x']) {
        const answer = await call('DELETE', `/keys/${encodeURIComponent(keyId)}`)
        expect(answer.status, keyId).toBe(404)
        expect(answer.body).toMatchObject({
          error: 'key_not_found',
          message: new KeyNotFoundError(keyId).message,
        })
        expect(answer.body.issues?.[0]?.path).toBe('keyId')
      }
    })
  })

  describe.skipIf(!backend.available)(`revoking through the admin API on ${backend.name}`, () => {
    let database: SutureDatabase
    let app: ReturnType<typeof createApp>['app']
    const envelope = () => errorEnvelopeFromStack(realStacks(1)[0] as ReturnType<typeof realStacks>[number])

    beforeAll(async () => {
      database = await backend.open()
      // A cache far longer than any test: a key this server still accepts after its revoke came from it.
      app = createApp({ database, adminToken: TOKEN, keyCacheTtlMs: 600_000 }).app
    }, 120_000)
    afterAll(async () => {
      await database?.close()
    })

    const ingest = async (key: string) =>
      (
        await app.request('/v1/envelopes', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-suture-key': key },
          body: JSON.stringify(envelope()),
        })
      ).status
    const revoke = async (keyId: string) =>
      (
        await app.request(`${ADMIN_PATH}/keys/${keyId}`, {
          method: 'DELETE',
          headers: { authorization: `Bearer ${TOKEN}` },
        })
      ).status

    it('refuses the key from the very next request, though its lookup is cached', async () => {
      const { projectId } = await createProject(database.db, { name: 'Cached' })
      const revoked = await addKey(database.db, projectId, 'public', 'to revoke')
      const kept = await addKey(database.db, projectId, 'public', 'to keep')
      // Both looked up, so both are in this server's key cache.
      expect(await ingest(revoked.token)).toBe(200)
      expect(await ingest(kept.token)).toBe(200)

      expect(await revoke(revoked.id)).toBe(200)
      expect(await ingest(revoked.token)).toBe(401)
      // Only that key is dropped: the other still answers from the cache.
      expect(await ingest(kept.token)).toBe(200)
    })

    it('leaves the cache of a revoke made elsewhere alone: that key works until its entry expires', async () => {
      // What a second server sees when the revoke went through another one (or the database itself).
      const { projectId } = await createProject(database.db, { name: 'Elsewhere' })
      const key = await addKey(database.db, projectId, 'public')
      expect(await ingest(key.token)).toBe(200)
      await database.db
        .updateTable('api_keys')
        .set({ revoked_at: new Date() })
        .where('id', '=', key.id)
        .execute()
      expect(await ingest(key.token)).toBe(200)
      // Revoking it again through this server's admin API answers the same and drops the entry.
      expect(await revoke(key.id)).toBe(200)
      expect(await ingest(key.token)).toBe(401)
    })

    it('holds an origins change by project name, and a deletion, from the very next request', async () => {
      const name = `Origins ${Date.now()}`
      const { projectId } = await createProject(database.db, { name })
      const key = await addKey(database.db, projectId, 'public')
      const from = async (origin: string) =>
        (
          await app.request('/v1/envelopes', {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-suture-key': key.token, origin },
            body: JSON.stringify(envelope()),
          })
        ).status
      // No allow-list yet: any origin; the key is now in this server's cache.
      expect(await from('https://old.example')).toBe(200)
      const put = await app.request(`${ADMIN_PATH}/projects/${encodeURIComponent(name)}/origins`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ origins: ['https://app.example'] }),
      })
      expect(put.status).toBe(200)
      expect(await put.json()).toEqual({ allowedOrigins: ['https://app.example'] })
      expect(await from('https://old.example')).toBe(403)
      expect(await from('https://app.example')).toBe(200)

      const deleted = await app.request(`${ADMIN_PATH}/projects/${projectId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${TOKEN}` },
      })
      expect(deleted.status).toBe(200)
      expect(await from('https://app.example')).toBe(401)
    })
  })
}
