import { Writable } from 'node:stream'
import { gzipSync } from 'node:zlib'
import { createProject, openDatabase, type SutureDatabase } from '@suture/store'
import { errorEnvelopeFromStack, pgliteTemplate, realStacks } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sentryProjectNumber } from '../sentry/dsn.js'
import { sentryIngestRoutes } from '../sentry/ingest-routes.js'
import { createLogger } from './logger.js'
import { type RunningServer, startServer } from './start-server.js'

const STACK = realStacks(1)[0] as ReturnType<typeof realStacks>[number]
const NEXT_WEEK = new Date(Date.now() + 7 * 86_400_000)
const SHOP = 'https://shop.example'
const EVIL = 'https://evil.example'

describe('hardening: small items of the fault-and-abuse pass', () => {
  let database: SutureDatabase
  let server: RunningServer
  let project: { projectId: string; publicKey: string; secretKey: string }
  const logLines: Record<string, unknown>[] = []

  beforeAll(async () => {
    database = await openDatabase({ kind: 'pglite-memory' }, { pgliteTemplate: await pgliteTemplate() })
    project = await createProject(database.db, { name: 'Shop', origins: [SHOP] })
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString('utf8').split('\n'))
          if (line.trim() !== '') logLines.push(JSON.parse(line) as Record<string, unknown>)
        done()
      },
    })
    server = await startServer({
      database,
      closeDatabase: false,
      rateLimit: false,
      metricsToken: 'scrape-me',
      logger: createLogger('info', sink),
      // A small zip-bomb cap, so a 12 MB bomb shows whether the tunnel inflates before checking the key.
      routes: [sentryIngestRoutes({ limits: { maxDecompressedBytes: 8 * 1024 * 1024 } })],
    })
  })
  afterAll(async () => {
    await server?.close()
    await database?.close()
  })

  const ingest = (path: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'x-suture-key': project.publicKey, 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : new Blob([body as Uint8Array<ArrayBuffer>]),
    })
  const sentry = (kind: 'store' | 'envelope', query: string) =>
    `/api/${sentryProjectNumber(project.projectId)}/${kind}/?${query}`

  it('protects /metrics with SUTURE_METRICS_TOKEN', async () => {
    const open = await fetch(`${server.url}/metrics`)
    expect(open.status).toBe(401)
    const wrong = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer nope' } })
    expect(wrong.status).toBe(401)
    const right = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer scrape-me' } })
    expect(right.status).toBe(200)
    expect(await right.text()).toContain('suture_http_requests_total')
  })

  it('refuses envelopes, events and Sentry events dated beyond a day ahead, naming the field', async () => {
    const envelope = errorEnvelopeFromStack(STACK, { occurredAt: NEXT_WEEK.toISOString() })
    const env = await ingest('/v1/envelopes', JSON.stringify(envelope))
    expect(env.status).toBe(400)
    expect(((await env.json()) as { message: string }).message).toMatch(/^occurredAt: .*future/)
    const event = { sessionId: 'future', ts: NEXT_WEEK.toISOString(), event: '$pageview' }
    const ev = await ingest('/v1/events', JSON.stringify(event))
    expect(ev.status).toBe(400)
    expect(((await ev.json()) as { message: string }).message).toMatch(/^ts: .*future/)
    // A clock a few minutes fast is fine.
    const soon = { ...event, ts: new Date(Date.now() + 5 * 60_000).toISOString() }
    expect((await ingest('/v1/events', JSON.stringify(soon))).status).toBe(200)
    const st = await ingest(
      sentry('store', `sentry_key=${project.publicKey}`),
      JSON.stringify({ event_id: 'f'.repeat(32), timestamp: NEXT_WEEK.getTime() / 1000, message: 'later' }),
    )
    expect(st.status).toBe(400)
    expect(((await st.json()) as { detail: string }).detail).toContain('timestamp')
  })

  it('assigns an id to a Sentry event without one, and names a broken exception field', async () => {
    const noId = await ingest(
      sentry('store', `sentry_key=${project.publicKey}`),
      JSON.stringify({ message: 'no id' }),
    )
    expect(noId.status).toBe(200)
    const stored = await database.db
      .selectFrom('envelopes')
      .select('id')
      .where('message', '=', 'no id')
      .execute()
    expect(stored.map((r) => /^[0-9a-f]{32}$/.test(r.id))).toEqual([true])
    const broken = await ingest(
      sentry('store', `sentry_key=${project.publicKey}`),
      JSON.stringify({ event_id: 'e'.repeat(32), exception: 123 }),
    )
    expect(broken.status).toBe(400)
    expect(((await broken.json()) as { detail: string }).detail).toMatch(/exception/)
  })

  it('takes gzip bodies on /v1 like the Sentry endpoint, and refuses unknown encodings with 415', async () => {
    const envelope = errorEnvelopeFromStack(STACK)
    const zipped = await ingest('/v1/envelopes', gzipSync(JSON.stringify(envelope)), {
      'content-encoding': 'gzip',
    })
    expect(zipped.status).toBe(200)
    const odd = await ingest('/v1/envelopes', JSON.stringify(envelope), { 'content-encoding': 'zstd-ish' })
    expect(odd.status).toBe(415)
    // The zip-bomb cap: 12 MB of zeros compress to a few KB and are refused after 8 MB.
    const bomb = await ingest('/v1/envelopes', gzipSync(Buffer.alloc(12 * 1024 * 1024, 0x20)), {
      'content-encoding': 'gzip',
    })
    expect(bomb.status).toBe(413)
  })

  it('checks a tunnelled envelope key before decompressing the body', async () => {
    // The header names an unknown key; behind it, 12 MB of spaces (a few KB compressed).
    const header = JSON.stringify({ dsn: 'http://sut_pub_unknownkey@127.0.0.1/1' })
    const bomb = gzipSync(Buffer.concat([Buffer.from(`${header}\n`), Buffer.alloc(12 * 1024 * 1024, 0x20)]))
    const res = await fetch(`${server.url}${sentry('envelope', '')}`, {
      method: 'POST',
      headers: { 'content-encoding': 'gzip' },
      body: new Blob([bomb as Uint8Array<ArrayBuffer>]),
    })
    expect(res.status).toBe(401)
    // A tunnelled envelope with a live key still goes through.
    const live = JSON.stringify({
      dsn: `http://${project.publicKey}@127.0.0.1/${sentryProjectNumber(project.projectId)}`,
    })
    const event = JSON.stringify({ event_id: 'd'.repeat(32), message: 'tunnelled' })
    const ok = await fetch(`${server.url}${sentry('envelope', '')}`, {
      method: 'POST',
      headers: { 'content-encoding': 'gzip' },
      body: new Blob([gzipSync(`${live}\n{"type":"event"}\n${event}\n`) as Uint8Array<ArrayBuffer>]),
    })
    expect(ok.status).toBe(200)
  })

  it('answers CORS on the Sentry endpoint only for allowed origins, on refusals and key-less preflights', async () => {
    const unknownKey = await fetch(`${server.url}${sentry('store', 'sentry_key=sut_pub_unknown')}`, {
      method: 'POST',
      headers: { origin: EVIL },
      body: '{}',
    })
    expect(unknownKey.status).toBe(401)
    expect(unknownKey.headers.get('access-control-allow-origin')).toBeNull()
    const foreign = await fetch(`${server.url}${sentry('store', `sentry_key=${project.publicKey}`)}`, {
      method: 'POST',
      headers: { origin: EVIL },
      body: '{}',
    })
    expect(foreign.status).toBe(403)
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
    const preflight = (origin: string) =>
      fetch(`${server.url}${sentry('envelope', '')}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      })
    const evil = await preflight(EVIL)
    expect(evil.status).toBe(403)
    expect(evil.headers.get('access-control-allow-origin')).toBeNull()
    const shop = await preflight(SHOP)
    expect(shop.status).toBe(204)
    expect(shop.headers.get('access-control-allow-origin')).toBe(SHOP)
  })

  it('logs failed dashboard logins at warn with the client address, once a minute per address', async () => {
    const jar: string[] = []
    const form = async () => {
      const res = await fetch(`${server.url}/app/login`)
      for (const line of res.headers.getSetCookie()) jar.push(line.split(';')[0] as string)
      return /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1] ?? ''
    }
    for (const key of ['sut_sec_wrong1', 'sut_sec_wrong2', project.publicKey]) {
      const csrf = await form()
      const res = await fetch(`${server.url}/app/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') },
        body: new URLSearchParams({ key, _csrf: csrf }).toString(),
        redirect: 'manual',
      })
      expect([401, 403]).toContain(res.status)
    }
    const warned = logLines.filter((l) => l.level === 40 && String(l.msg).includes('dashboard login failed'))
    expect(warned).toHaveLength(1)
    expect(warned[0]?.address).toMatch(/127\.0\.0\.1/)
    expect(JSON.stringify(warned)).not.toContain('sut_sec_wrong')
  })
})
