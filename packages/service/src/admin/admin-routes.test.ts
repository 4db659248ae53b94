import { PassThrough } from 'node:stream'
import {
  addKey,
  createProject,
  KeyNotFoundError,
  ProjectNotFoundError,
  resolveKey,
  type SutureDatabase,
} from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
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
      for (const [method, path] of [
        ['GET', `/projects/${projectId}/keys`],
        ['POST', `/projects/${projectId}/keys`],
        ['DELETE', '/keys/key_whatever'],
      ] as const) {
        for (const token of [null, 'wrong', `${TOKEN}x`]) {
          const answer = await call(method, path, method === 'POST' ? { kind: 'secret' } : undefined, token)
          expect(answer.status).toBe(401)
          expect(answer.body.error).toBe('admin_token_required')
        }
      }
      // Nothing was added by the refused POSTs: the project still has its two keys from create.
      expect((await call('GET', `/projects/${projectId}/keys`)).body.keys).toHaveLength(2)
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
      const expected = new ProjectNotFoundError('prj_nope').message
      for (const answer of [
        await call('GET', '/projects/prj_nope/keys'),
        await call('POST', '/projects/prj_nope/keys', { kind: 'secret' }),
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
}
