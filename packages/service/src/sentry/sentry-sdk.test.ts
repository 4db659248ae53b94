import { randomBytes } from 'node:crypto'
import { Script } from 'node:vm'
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib'
import * as Sentry from '@sentry/node'
import { fingerprint, parseStack, type StackFrame } from '@suture/envelope'
import type { SutureDatabase } from '@suture/store'
import { createProject } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../server/start-server.js'
import { formatDsn, sentryProjectNumber } from './dsn.js'
import { sentryIngestRoutes } from './ingest-routes.js'

// The real @sentry/node, with its real HTTP transport, sends to a real Suture server on 127.0.0.1:0;
// every assertion reads what the server committed to the database.

// 160 MiB of zeros in ~160 KB (ten gzip members of 16 MiB, which gunzip reads as one stream): over the
// decompressed cap of 120 MiB.
const BOMB_MEMBER = gzipSync(Buffer.alloc(16 * 1024 * 1024))
const ZIP_BOMB = Buffer.concat(Array.from({ length: 10 }, () => BOMB_MEMBER))

const VLQ = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
function vlq(value: number): string {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1
  let out = ''
  do {
    const digit = rest & 31
    rest >>>= 5
    out += VLQ[rest > 0 ? digit | 32 : digit]
  } while (rest > 0)
  return out
}

/**
 * A one-line minified bundle as Sentry's bundler plugins emit it (their debug-id snippet registers the
 * bundle's id in `_sentryDebugIds` under a stack that names the bundle file) and its source map, whose
 * mappings point the `throw` at line 3 of the original source.
 */
function sentryBundle(debugId: string) {
  const source = [
    'export function placeOrder(orderId: number): never {',
    '  // Orders imported from the legacy shop have no address yet.',
    "  throw new RangeError('Order ' + orderId + ' has no shipping address')",
    '}',
  ].join('\n')
  const code = `!function(){try{var e=globalThis,n=new e.Error().stack;n&&(e._sentryDebugIds=e._sentryDebugIds||{},e._sentryDebugIds[n]="${debugId}")}catch(e){}}();function p(o){throw new RangeError("Order "+o+" has no shipping address")}globalThis.__shopPlaceOrder=p;\n//# debugId=${debugId}\n`
  const fn = code.indexOf('function p(')
  const thrown = code.indexOf('throw new')
  // [generated column, source, original line, original column], each relative to the previous segment.
  const mappings = `${vlq(fn)}AAA,${vlq(thrown - fn)}AEE`
  const map = JSON.stringify({
    version: 3,
    file: 'app-4f1c.js',
    sources: ['../src/checkout/place-order.ts'],
    sourcesContent: [source],
    names: [],
    mappings,
    debugId,
  })
  return { code, map }
}

function placeOrder(orderId: number): never {
  throw new RangeError(`Order ${orderId} has no shipping address`)
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`Sentry SDK → Suture (${backend.name})`, () => {
    let database: SutureDatabase
    let server: RunningServer
    let projectId: string
    let publicKey: string
    let secretKey: string
    let dsn: string
    let base: string

    const rows = () =>
      database.db.selectFrom('envelopes').selectAll().where('project_id', '=', projectId).execute()
    const row = (id: string) =>
      database.db
        .selectFrom('envelopes')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('id', '=', id)
        .executeTakeFirst()

    beforeAll(async () => {
      database = await backend.open()
      ;({ projectId, publicKey, secretKey } = await createProject(database.db, { name: 'Shop' }))
      server = await startServer({ database, routes: [sentryIngestRoutes()], closeDatabase: false })
      dsn = formatDsn({ baseUrl: server.url, publicKey, projectId })
      base = `${server.url}/api/${sentryProjectNumber(projectId)}`
      Sentry.init({
        dsn,
        release: 'shop@2.0.1',
        environment: 'production',
        defaultIntegrations: false,
        integrations: [Sentry.linkedErrorsIntegration()],
      })
    })

    afterAll(async () => {
      await Sentry.close(2000)
      await server?.close()
      await database?.close()
    })

    it('stores captureException with the fingerprint Suture computes for the same stack', async () => {
      let error: Error | undefined
      Sentry.setUser({ id: 'cust-981', email: 'cust@example.com' })
      let eventId = ''
      try {
        placeOrder(4471)
      } catch (caught: unknown) {
        error = caught as Error
        eventId = Sentry.captureException(caught)
      }
      expect(await Sentry.flush(5000)).toBe(true)
      const stored = await until('the exception', () => row(eventId))
      if (error === undefined) throw new Error('nothing thrown')
      expect(stored.kind).toBe('error')
      expect(stored.error_type).toBe('RangeError')
      expect(stored.message).toBe('Order 4471 has no shipping address')
      expect(stored.fingerprint).toBe(
        fingerprint({ type: error.name, message: error.message, frames: parseStack(error.stack ?? '') }),
      )
      expect(stored.release).toBe('shop@2.0.1')
      expect(stored.environment).toBe('production')
      expect(stored.actor_hash).toMatch(/^[0-9a-f]{32}$/)
      expect(JSON.stringify(stored.body)).not.toMatch(/cust-981|cust@example\.com/)
      const body = stored.body as { error: { frames: { function: string | null; inApp?: boolean }[] } }
      expect(body.error.frames[0]?.function).toBe('placeOrder')
      expect(body.error.frames[0]?.inApp).toBe(true)
    })

    it('resolves frames through the debug-id source map the SDK names in debug_meta, whatever the URL or release', async () => {
      const debugId = '3f6c1e2a-8b4d-4c7e-9a1f-5d2e7b9c0a41'
      const bundle = sentryBundle(debugId)
      // Uploaded under another release and URL: only the debug id ties the map to the event's frames.
      const upload = await fetch(`${server.url}/v1/sourcemaps`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-suture-key': secretKey },
        body: JSON.stringify({
          release: 'shop@1.9.0',
          url: '~/static/app-4f1c.js',
          map: bundle.map,
          minified: bundle.code,
          debugId,
        }),
      })
      expect(upload.status, await upload.clone().text()).toBeLessThan(300)
      const file = 'https://shop.test/assets/app-4f1c.js'
      new Script(bundle.code, { filename: file }).runInThisContext()
      const g = globalThis as { __shopPlaceOrder?: (id: number) => never; _sentryDebugIds?: unknown }
      let eventId = ''
      let sent: Sentry.ErrorEvent | undefined
      Sentry.getClient()?.on('beforeSendEvent', (event) => {
        if (event.exception?.values?.[0]?.value === 'Order 88 has no shipping address')
          sent = event as Sentry.ErrorEvent
      })
      try {
        g.__shopPlaceOrder?.(88)
      } catch (caught: unknown) {
        eventId = Sentry.captureException(caught)
      } finally {
        delete g.__shopPlaceOrder
        delete g._sentryDebugIds
      }
      expect(await Sentry.flush(5000)).toBe(true)
      // What the real SDK sent: the id in debug_meta, not on the frame.
      expect(sent?.debug_meta?.images).toEqual([{ type: 'sourcemap', code_file: file, debug_id: debugId }])
      const sentFrames = sent?.exception?.values?.[0]?.stacktrace?.frames ?? []
      expect(sentFrames.every((f) => f.debug_id === undefined)).toBe(true)
      const stored = await until('the symbolicated exception', () => row(eventId))
      const top = (stored.body as { error: { frames: StackFrame[] } }).error.frames[0]
      expect(top?.file).toBe(file)
      expect(top?.debugId).toBe(debugId)
      expect(top?.original).toMatchObject({
        file: 'src/checkout/place-order.ts',
        line: 3,
        function: 'placeOrder',
      })
      expect(top?.original?.context?.line).toContain('throw new RangeError')
      expect(top?.original?.context?.pre).toHaveLength(2)
    })

    it('stores captureMessage as a Message error and captureFeedback linked to its event', async () => {
      const messageId = Sentry.captureMessage('Payment provider slow', 'warning')
      const errorId = Sentry.captureException(new Error('Card declined'))
      const feedbackId = Sentry.captureFeedback({
        message: 'I was charged twice',
        email: 'someone@example.com',
        associatedEventId: errorId,
      })
      expect(await Sentry.flush(5000)).toBe(true)
      const message = await until('the message', () => row(messageId))
      expect(message.error_type).toBe('Message')
      expect(message.message).toBe('Payment provider slow')
      const feedback = await until('the feedback', () => row(feedbackId))
      expect(feedback.kind).toBe('feedback')
      expect(feedback.message).toBe('I was charged twice')
      expect((feedback.body as { feedback: { linkedTo?: string } }).feedback.linkedTo).toBe(errorId)
      expect(JSON.stringify(feedback.body)).not.toContain('someone@example.com')
      expect(await row(errorId)).toBeDefined()
    })

    it('accepts a gzip body from the SDK (events over 32 KB are compressed by the Node transport)', async () => {
      const id = Sentry.withScope((scope) => {
        scope.setContext('cart', { lines: 'x'.repeat(40_000) })
        return Sentry.captureException(new TypeError('Cart too big'))
      })
      expect(await Sentry.flush(5000)).toBe(true)
      expect((await until('the big event', () => row(id))).error_type).toBe('TypeError')
    })

    const envelopeFor = (id: string, message: string) =>
      `${JSON.stringify({ event_id: id })}\n${JSON.stringify({ type: 'event' })}\n${JSON.stringify({
        event_id: id,
        timestamp: Date.now() / 1000,
        exception: { values: [{ type: 'Error', value: message }] },
      })}\n`
    const post = (body: BodyInit, headers: Record<string, string> = {}, path = '/envelope/') =>
      fetch(`${base}${path}?sentry_key=${publicKey}&sentry_version=7`, { method: 'POST', body, headers })

    it('answers 200 with the id, stores once on retries, and accepts deflate, br and X-Sentry-Auth', async () => {
      const id = 'a1'.repeat(16)
      const text = envelopeFor(id, 'retried')
      for (let i = 0; i < 3; i++) {
        const res = await post(text)
        expect(res.status).toBe(200)
        expect(await res.json()).toEqual({ id })
      }
      const id2 = 'b2'.repeat(16)
      expect((await post(deflateSync(envelopeFor(id2, 'd')), { 'content-encoding': 'deflate' })).status).toBe(
        200,
      )
      const id3 = 'c3'.repeat(16)
      expect(
        (await post(brotliCompressSync(envelopeFor(id3, 'b')), { 'content-encoding': 'br' })).status,
      ).toBe(200)
      const id4 = 'd4'.repeat(16)
      const viaHeader = await fetch(`${base}/envelope/`, {
        method: 'POST',
        body: envelopeFor(id4, 'h'),
        headers: { 'x-sentry-auth': `Sentry sentry_version=7, sentry_client=x/1, sentry_key=${publicKey}` },
      })
      expect(viaHeader.status).toBe(200)
      const legacy = await post(
        JSON.stringify({ event_id: 'e5'.repeat(16), message: 'legacy store', timestamp: Date.now() / 1000 }),
        {},
        '/store/',
      )
      expect(legacy.status).toBe(200)
      const all = await rows()
      expect(all.filter((r) => r.id === id)).toHaveLength(1)
      for (const other of [id2, id3, id4, 'e5'.repeat(16)]) expect(all.some((r) => r.id === other)).toBe(true)
    })

    it('keeps feedback sent with a screenshot larger than 1 MiB (the attachment is counted and dropped)', async () => {
      const eventId = Sentry.captureMessage('Checkout button does nothing')
      await Sentry.flush(2000)
      // An incompressible 3 MB "PNG": what a screenshot of a busy page weighs.
      const screenshot = new Uint8Array(randomBytes(3 * 1024 * 1024))
      const feedbackId = Sentry.captureFeedback(
        { message: 'The pay button greys out and nothing happens', associatedEventId: eventId },
        { attachments: [{ filename: 'screenshot.png', data: screenshot, contentType: 'application/png' }] },
      )
      await Sentry.flush(5000)
      const stored = await until('the feedback', () => row(feedbackId))
      expect(stored.kind).toBe('feedback')
      expect((stored.body as { feedback: { linkedTo?: string } }).feedback.linkedTo).toBe(eventId)
      expect(JSON.stringify(stored.body).length).toBeLessThan(100_000)
    })

    it('serves the crash-report dialog script and stores its report as feedback linked to the event', async () => {
      const eventId = Sentry.captureMessage('Export stuck at 99%')
      await Sentry.flush(2000)
      const page = (query: string) => `${server.url}/api/embed/error-page/?${query}`
      const query = `dsn=${encodeURIComponent(dsn)}&eventId=${eventId}&name=Ann&title=${encodeURIComponent('</script><b>x')}`
      const script = await fetch(page(query))
      expect(script.status).toBe(200)
      expect(script.headers.get('content-type')).toMatch(/^application\/javascript/)
      const js = await script.text()
      expect(js).toContain('__sentry_reportdialog_closed__')
      // Query text lands in the script as a JSON string with `<` escaped, and is set with textContent.
      expect(js).not.toContain('</script>')
      expect(js).toContain('\\u003c/script>\\u003cb>x')

      const report = await fetch(page(query), {
        method: 'POST',
        body: new URLSearchParams({ name: 'Ann', email: 'ann@shop.example', comments: 'It froze on export' }),
      })
      expect(report.status).toBe(200)
      const feedback = await until('the user report', async () =>
        database.db
          .selectFrom('envelopes')
          .selectAll()
          .where('project_id', '=', projectId)
          .where('kind', '=', 'feedback')
          .where('message', '=', 'It froze on export')
          .executeTakeFirst(),
      )
      expect((feedback.body as { feedback: { linkedTo?: string } }).feedback.linkedTo).toBe(eventId)
      expect(JSON.stringify(feedback.body)).not.toMatch(/Ann|ann@shop/)

      const refusals: [string, Promise<Response>, number][] = [
        ['no dsn', fetch(page(`eventId=${eventId}`)), 400],
        ['no event id', fetch(page(`dsn=${encodeURIComponent(dsn)}`)), 400],
        ['unknown key', fetch(page(query.replace(publicKey, 'sut_pub_nope'))), 401],
        [
          'empty report',
          fetch(page(query), { method: 'POST', body: new URLSearchParams({ comments: '' }) }),
          400,
        ],
      ]
      for (const [name, pending, status] of refusals) expect((await pending).status, name).toBe(status)
    })

    it('accepts and counts item types Suture does not use, storing nothing for them', async () => {
      const before = (await rows()).length
      const body = [
        JSON.stringify({ sent_at: new Date().toISOString() }),
        JSON.stringify({ type: 'session' }),
        JSON.stringify({ sid: 'x', status: 'ok', init: true }),
        JSON.stringify({ type: 'client_report' }),
        JSON.stringify({ discarded_events: [] }),
        JSON.stringify({ type: 'attachment', length: 3, filename: 'a.bin' }),
        'a\nb',
        JSON.stringify({ type: 'replay_recording', length: 2 }),
        '\u0000\u0001',
      ].join('\n')
      const res = await post(body)
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual({})
      expect((await rows()).length).toBe(before)
      const metrics = await (await fetch(`${server.url}/metrics`)).text()
      expect(metrics).toMatch(/suture_ingest_items_total\{kind="sentry_session",status="ignored"\} 1/)
      expect(metrics).toMatch(/kind="sentry_attachment",status="ignored"/)
    })

    it('refuses malformed, oversized and unauthenticated requests with a clear 4xx and stores nothing', async () => {
      const before = (await rows()).length
      const good = envelopeFor('f6'.repeat(16), 'never stored')
      const cases: [string, () => Promise<Response>, number][] = [
        ['truncated item', () => post(`{}\n{"type":"event","length":500}\n{"event_id":"x"}`), 400],
        ['length too short', () => post(`{}\n{"type":"event","length":3}\n{"a":1}\n`), 400],
        ['not json', () => post('hello'), 400],
        ['good event then a broken item', () => post(`${good}{"type":"event"}\n{"event_id":"nope"}`), 400],
        ['exception not an object', () => post(`{}\n{"type":"event"}\n{"message":"x","exception":123}`), 400],
        ['non-ASCII in the message', () => post('{}\n{"type":"事件→","length":2000000}\nx'), 413],
        ['bad gzip', () => post(good, { 'content-encoding': 'gzip' }), 400],
        ['unknown coding', () => post(good, { 'content-encoding': 'zstd' }), 415],
        ['zip bomb', () => post(ZIP_BOMB, { 'content-encoding': 'gzip' }), 413],
        ['huge body', () => post('x'.repeat(21 * 1024 * 1024)), 413],
        ['huge event', () => post(`{}\n{"type":"event","length":${2_000_000}}\n${'x'.repeat(900_000)}`), 413],
        [
          'attachments over 100 MiB',
          () => post(`{}\n{"type":"attachment","length":${100 * 1024 * 1024 + 1}}\n${'x'.repeat(1000)}`),
          413,
        ],
        ['no key', () => fetch(`${base}/envelope/`, { method: 'POST', body: good }), 401],
        [
          'unknown key',
          () => fetch(`${base}/envelope/?sentry_key=sut_pub_nope`, { method: 'POST', body: good }),
          401,
        ],
        [
          'wrong project',
          () =>
            fetch(`${server.url}/api/12345/envelope/?sentry_key=${publicKey}`, {
              method: 'POST',
              body: good,
            }),
          403,
        ],
      ]
      for (const [name, pending, status] of cases) {
        const res = await pending()
        expect(res.status, name).toBe(status)
        const detail = ((await res.json()) as { detail?: string }).detail
        expect(detail, name).toMatch(/\w+/)
        expect(res.headers.get('x-sentry-error'), name).toBe(
          detail?.slice(0, 200).replace(/[^\x20-\x7e]/g, '?'),
        )
      }
      expect((await rows()).length).toBe(before)
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    })

    it('never answers 5xx and stores nothing for hostile bodies (fuzz over HTTP)', async () => {
      const before = (await rows()).length
      const prefix = fc.constantFrom(
        '',
        '{}\n',
        '{"event_id":"x"}\n{"type":"event"',
        '{}\n{"type":"event","length":',
      )
      const coding = fc.constantFrom(undefined, 'gzip', 'deflate', 'br', 'identity', 'x-unknown')
      await fc.assert(
        fc.asyncProperty(prefix, fc.uint8Array({ maxLength: 300 }), coding, async (head, tail, encoding) => {
          const body = Buffer.concat([Buffer.from(head), Buffer.from(tail)])
          const res = await post(body, encoding === undefined ? {} : { 'content-encoding': encoding })
          expect(res.status).toBeLessThan(500)
          await res.arrayBuffer()
        }),
        { numRuns: 100 },
      )
      // Well-framed envelopes with hostile headers and payloads: any Unicode in types, any lengths. A
      // payload that is a JSON object is a well-formed event (Sentry assigns a missing event_id, and so
      // does Suture), so the payloads here are everything else.
      const notAnObject = (text: string) => {
        try {
          const value: unknown = JSON.parse(text)
          return value === null || typeof value !== 'object' || Array.isArray(value)
        } catch {
          return true
        }
      }
      const item = fc.record({
        type: fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('event', 'feedback')),
        length: fc.option(fc.integer({ min: -3, max: 3_000_000 }), { nil: undefined }),
        payload: fc
          .oneof(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.json({ maxDepth: 3 }))
          .filter(notAnObject),
      })
      await fc.assert(
        fc.asyncProperty(fc.array(item, { maxLength: 4 }), async (items) => {
          const body = [
            '{}',
            ...items.flatMap((i) => [JSON.stringify({ type: i.type, length: i.length }), i.payload]),
          ].join('\n')
          const res = await post(body)
          expect(res.status).toBeLessThan(500)
          await res.arrayBuffer()
        }),
        { numRuns: 100 },
      )
      expect((await rows()).length).toBe(before)
    })

    it('answers 429 with Retry-After and X-Sentry-Rate-Limits when the key is over its limit', async () => {
      const limited = await startServer({
        database,
        routes: [sentryIngestRoutes()],
        closeDatabase: false,
        rateLimit: { perSecond: 0.001, burst: 1 },
      })
      try {
        const url = `${limited.url}/api/${sentryProjectNumber(projectId)}/envelope/?sentry_key=${publicKey}`
        const first = await fetch(url, { method: 'POST', body: envelopeFor('a7'.repeat(16), 'one') })
        expect(first.status).toBe(200)
        const second = await fetch(url, {
          method: 'POST',
          body: envelopeFor('b8'.repeat(16), 'two'),
          headers: { origin: 'https://shop.example' },
        })
        expect(second.status).toBe(429)
        expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0)
        expect(second.headers.get('x-sentry-rate-limits')).toMatch(/^\d+::key$/)
        expect(second.headers.get('access-control-expose-headers')).toContain('X-Sentry-Rate-Limits')
        expect(await row('b8'.repeat(16))).toBeUndefined()
      } finally {
        await limited.close()
      }
    })
  })
}
