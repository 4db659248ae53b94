import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { transform } from 'esbuild'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../app.js'

const SOURCE =
  'export function formatTotal(invoice) {\n  return invoice.total.toFixed(2)\n}\nformatTotal({})\n'

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`POST /v1/sourcemaps on ${backend.name}`, () => {
    let database: SutureDatabase
    let app: ReturnType<typeof createApp>['app']
    let keys: { publicKey: string; secretKey: string }
    let built: { code: string; map: string }

    beforeAll(async () => {
      database = await backend.open()
      app = createApp({ database, keyCacheTtlMs: 0 }).app
      keys = await createProject(database.db, { name: 'maps' })
      built = await transform(SOURCE, {
        minify: true,
        sourcemap: 'external',
        sourcefile: 'src/billing.ts',
        loader: 'ts',
      })
    }, 60_000)
    afterAll(() => database?.close())

    const post = (key: string, body: unknown) =>
      app.request('/v1/sourcemaps', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-suture-key': key },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      })

    it('stores a map with a secret key (201), and answers 200 unchanged to the same upload again', async () => {
      const upload = {
        release: '2.0.0',
        url: '~/assets/index-1a2b3c.js',
        map: built.map,
        minified: built.code,
      }
      const first = await post(keys.secretKey, upload)
      expect(first.status).toBe(201)
      expect(await first.json()).toMatchObject({ status: 'created', filePath: '/assets/index-1a2b3c.js' })
      const again = await post(keys.secretKey, upload)
      expect(again.status).toBe(200)
      expect(await again.json()).toMatchObject({ status: 'unchanged' })
    })

    it('refuses public keys (403), naming what is missing, and stores nothing', async () => {
      const res = await post(keys.publicKey, { release: '1', url: '~/a.js', map: built.map })
      expect(res.status).toBe(403)
      expect(await res.json()).toMatchObject({ error: 'secret_key_required' })
    })

    it.each([
      [{ url: '~/a.js', map: '{}' }, 'release'],
      [{ release: '1', url: '~/a.js', map: '{"version":3' }, 'map'],
      [{ release: '1', url: '~/a.js', map: { version: 3, sources: [], mappings: 7 } }, 'map.mappings'],
      [{ release: '1', url: '~/a.js', map: 'x', minified: 4 }, 'minified'],
    ])('answers 400 naming the field for %j', async (body, field) => {
      const res = await post(keys.secretKey, body)
      expect(res.status).toBe(400)
      const answer = (await res.json()) as { error: string; issues: { path: string }[]; message: string }
      expect(answer.error).toBe('invalid_source_map')
      expect(answer.issues[0]?.path).toBe(field)
      expect(answer.message.startsWith(`${field}: `)).toBe(true)
    })

    it('answers 400 for a map that does not match its minified file', async () => {
      const res = await post(keys.secretKey, { release: '3', url: '~/a.js', map: built.map, minified: 'x' })
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({ issues: [{ path: 'map' }] })
    })

    it('answers 413 for a body over the limit without reading it all', async () => {
      const res = await app.request('/v1/sourcemaps', {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-suture-key': keys.secretKey,
          'content-length': String(200 * 1024 * 1024),
        },
        body: '{}',
      })
      expect(res.status).toBe(413)
    })
  })
}
