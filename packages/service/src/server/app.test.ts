import type { Breadcrumb } from '@suture/envelope'
import type { SutureDatabase } from '@suture/store'
import { addKey, createProject, revokeKey } from '@suture/store'
import {
  errorEnvelopeFromStack,
  feedbackEnvelope,
  realSessions,
  realStacks,
  sessionEventsOf,
  TEST_DATABASES,
} from '@suture/store/testing'
import { pino } from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from './start-server.js'

const STACKS = realStacks(200)

function stack(i: number) {
  return STACKS[i % STACKS.length] as (typeof STACKS)[number]
}

interface Answer {
  status: number
  headers: Headers
  body: Record<string, unknown> & { results?: { id: string | null; status: string; issues?: unknown[] }[] }
}

async function send(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  raw?: string | Uint8Array,
): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body:
      raw === undefined
        ? JSON.stringify(body)
        : typeof raw === 'string'
          ? raw
          : new Blob([raw as Uint8Array<ArrayBuffer>]),
  })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {} }
}

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`ingest API over HTTP on ${backend.name}`, () => {
    let database: SutureDatabase
    let server: RunningServer
    let limited: RunningServer
    let project: { projectId: string; publicKey: string; secretKey: string }
    let openProject: { projectId: string; publicKey: string; secretKey: string }

    beforeAll(async () => {
      database = await backend.open()
      project = await createProject(database.db, { name: 'Shop', origins: ['https://shop.example'] })
      openProject = await createProject(database.db, { name: 'Open' })
      server = await startServer({ database, keyCacheTtlMs: 0, closeDatabase: false })
      limited = await startServer({
        database,
        keyCacheTtlMs: 0,
        rateLimit: { perSecond: 1, burst: 3 },
        closeDatabase: false,
      })
    })
    afterAll(async () => {
      await server?.close()
      await limited?.close()
      await database?.close()
    })

    const key = () => ({ 'x-suture-key': project.publicKey })

    it('answers health, readiness and metrics', async () => {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
      const ready = await fetch(`${server.url}/readyz`)
      expect(ready.status).toBe(200)
      expect(await ready.json()).toMatchObject({ status: 'ready', database: database.kind })
      await send(`${server.url}/v1/envelopes`, {}, {})
      const metrics = await (await fetch(`${server.url}/metrics`)).text()
      expect(metrics).toContain(
        'suture_http_requests_total{route="/v1/envelopes",method="POST",status="401"}',
      )
      expect(metrics).toMatch(/suture_ingest_rejects_total\{reason="missing_key"\} \d+/)
      expect(metrics).toContain('suture_ingest_duration_seconds_bucket{route="/v1/envelopes",le="+Inf"}')
      expect(metrics).toContain('suture_ingest_queue_depth 0')
    })

    it('stores an envelope durably with a server-side fingerprint, parsed frames and scrubbed text', async () => {
      const envelope = errorEnvelopeFromStack(stack(0), {
        sessionId: 'sess-a',
        error: {
          type: 'TypeError',
          message: 'Cannot invite jane.doe@example.com',
          stack: stack(0).stack,
          handled: false,
          mechanism: 'boundary',
        },
      })
      const answer = await send(`${server.url}/v1/envelopes`, envelope, key())
      expect(answer.status).toBe(200)
      expect(answer.body.results).toEqual([{ id: envelope.id, status: 'accepted' }])
      const row = await database.db
        .selectFrom('envelopes')
        .selectAll()
        .where('id', '=', envelope.id)
        .executeTakeFirstOrThrow()
      expect(row.project_id).toBe(project.projectId)
      expect(row.fingerprint).toMatch(/^[0-9a-f]{16}$/)
      expect(row.message).not.toContain('jane.doe@example.com')
      expect(JSON.stringify(row.body)).not.toContain('jane.doe@example.com')
      const body = row.body as { error: { frames: unknown[] } }
      expect(body.error.frames.length).toBeGreaterThan(0)
      const session = await database.db
        .selectFrom('sessions')
        .selectAll()
        .where('id', '=', 'sess-a')
        .executeTakeFirstOrThrow()
      expect(session.error_count).toBe(1)
    })

    it('stores the raw paths the SDK sends as route templates everywhere and derives its attempting line; what older SDKs sent is kept', async () => {
      const crumbs = (from: string, to: string): Breadcrumb[] => [
        {
          ts: new Date().toISOString(),
          type: 'navigation',
          label: `Navigated to ${to}`,
          data: { from, to, how: 'push' },
        },
        { ts: new Date().toISOString(), type: 'click', label: "Clicked button 'Save'" },
      ]
      // As the SDK sends it without getRouteTemplate: raw paths, an email already scrubbed in the page, and
      // no "attempting" line (the server derives it from the breadcrumbs).
      const raw = errorEnvelopeFromStack(stack(3), {
        route: { template: '/users/123', url: 'https://shop.example/users/123?tab=2' },
        breadcrumbs: crumbs('/members/[email]', '/users/123'),
      })
      // As older SDKs (and apps with getRouteTemplate) send it: templates already.
      const templated = errorEnvelopeFromStack(stack(4), {
        route: { template: '/users/:id', url: 'https://shop.example/users/123' },
        breadcrumbs: crumbs('/members/:id', '/users/:id'),
        attempting: "clicking 'Save' on /users/:id",
      })
      const answer = await send(`${server.url}/v1/envelopes`, { envelopes: [raw, templated] }, key())
      expect(answer.body.results?.map((r) => r.status)).toEqual(['accepted', 'accepted'])
      const rows = await database.db
        .selectFrom('envelopes')
        .select(['id', 'route_template', 'body'])
        .where('id', 'in', [raw.id, templated.id])
        .execute()
      expect(rows).toHaveLength(2)
      for (const row of rows) {
        const body = row.body as { route: unknown; breadcrumbs: unknown[]; attempting: string }
        expect(row.route_template).toBe('/users/:id')
        expect(body.route).toMatchObject({
          template: '/users/:id',
          url: expect.stringContaining('/users/123'),
        })
        expect(body.breadcrumbs[0]).toMatchObject({
          label: 'Navigated to /users/:id',
          data: { from: '/members/:id', to: '/users/:id', how: 'push' },
        })
        expect(body.breadcrumbs[1]).toMatchObject({ label: "Clicked button 'Save'" })
        expect(body.attempting).toBe("clicking 'Save' on /users/:id")
      }
    })

    it('treats a retried batch as duplicates: stored once, session counts unchanged', async () => {
      const envelopes = [0, 1, 2].map((i) => errorEnvelopeFromStack(stack(i), { sessionId: 'sess-retry' }))
      envelopes.push(feedbackEnvelope({ sessionId: 'sess-retry' }))
      const first = await send(`${server.url}/v1/envelopes`, { envelopes }, key())
      expect(first.status).toBe(200)
      expect(first.body.results?.map((r) => r.status)).toEqual([
        'accepted',
        'accepted',
        'accepted',
        'accepted',
      ])
      const again = await send(
        `${server.url}/v1/envelopes`,
        { envelopes: [...envelopes, envelopes[0]] },
        key(),
      )
      expect(again.status).toBe(200)
      expect(again.body.results?.every((r) => r.status === 'duplicate')).toBe(true)
      const ids = envelopes.map((e) => e.id as string)
      const rows = await database.db.selectFrom('envelopes').select('id').where('id', 'in', ids).execute()
      expect(rows).toHaveLength(4)
      const session = await database.db
        .selectFrom('sessions')
        .selectAll()
        .where('id', '=', 'sess-retry')
        .executeTakeFirstOrThrow()
      expect({ errors: session.error_count, feedback: session.feedback_count }).toEqual({
        errors: 3,
        feedback: 1,
      })
    })

    it('answers 207 for a partly bad batch, storing the good items and naming the bad fields', async () => {
      const good = errorEnvelopeFromStack(stack(3))
      const bad = {
        ...errorEnvelopeFromStack(stack(4)),
        error: { type: 42, message: 'x', handled: true, mechanism: 'm' },
      }
      const answer = await send(`${server.url}/v1/envelopes`, { envelopes: [good, bad, 'nonsense'] }, key())
      expect(answer.status).toBe(207)
      const [r0, r1, r2] = answer.body.results ?? []
      expect(r0).toEqual({ id: good.id, status: 'accepted' })
      expect(r1).toMatchObject({ id: bad.id, status: 'rejected' })
      expect(JSON.stringify(r1?.issues)).toContain('error.type')
      expect(r2).toMatchObject({ id: null, status: 'rejected' })
      const stored = await database.db
        .selectFrom('envelopes')
        .select('id')
        .where('id', 'in', [good.id as string, bad.id as string])
        .execute()
      expect(stored.map((r) => r.id)).toEqual([good.id])
    })

    it('answers 400 naming the field for a bad single envelope', async () => {
      const envelope = { ...errorEnvelopeFromStack(stack(5)), occurredAt: 'yesterday' }
      const answer = await send(`${server.url}/v1/envelopes`, envelope, key())
      expect(answer.status).toBe(400)
      expect(answer.body.error).toBe('invalid_envelope')
      expect(answer.body.message).toMatch(/^occurredAt: /)
      expect(answer.body.issues).toEqual([expect.objectContaining({ path: 'occurredAt' })])
    })

    it('rejects bodies that are not JSON, not UTF-8, too large, or batches over 100', async () => {
      const url = `${server.url}/v1/envelopes`
      expect((await send(url, undefined, key(), '{"envelopes": [')).body.error).toBe('invalid_json')
      const notUtf8 = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])
      expect((await send(url, undefined, key(), notUtf8)).body.error).toBe('invalid_utf8')
      const huge = await send(url, { envelopes: [{ pad: 'x'.repeat(1_100_000) }] }, key())
      expect(huge.status).toBe(413)
      expect(huge.body.message).toMatch(/larger than 1048576 bytes/)
      const many = Array.from({ length: 101 }, (_, i) => errorEnvelopeFromStack(stack(i)))
      const tooMany = await send(url, { envelopes: many }, key())
      expect(tooMany.status).toBe(400)
      expect(tooMany.body).toMatchObject({ error: 'batch_too_large', issues: [{ path: 'envelopes' }] })
    })

    it('authenticates by header or ?key=, and refuses missing, unknown and revoked keys', async () => {
      const url = `${server.url}/v1/envelopes`
      expect((await send(url, errorEnvelopeFromStack(stack(6)), {})).status).toBe(401)
      expect(
        (await send(url, errorEnvelopeFromStack(stack(6)), { 'x-suture-key': 'sut_pub_nope' })).status,
      ).toBe(401)
      // sendBeacon: text/plain body, key in the query string.
      const beacon = await fetch(`${url}?key=${project.publicKey}`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain;charset=UTF-8' },
        body: JSON.stringify({ envelopes: [errorEnvelopeFromStack(stack(7))] }),
      })
      expect(beacon.status).toBe(200)
      const extra = await addKey(database.db, project.projectId, 'public')
      expect(
        (await send(url, errorEnvelopeFromStack(stack(8)), { 'x-suture-key': extra.token })).status,
      ).toBe(200)
      await revokeKey(database.db, extra.id)
      const revoked = await send(url, errorEnvelopeFromStack(stack(8)), { 'x-suture-key': extra.token })
      expect(revoked.status).toBe(401)
      expect(revoked.body.error).toBe('invalid_key')
    })

    it('answers a refused key with CORS headers for any origin, so the page can read why', async () => {
      const url = `${server.url}/v1/envelopes`
      for (const origin of ['https://shop.example', 'https://anywhere.example']) {
        const refused = await send(url, errorEnvelopeFromStack(stack(11)), {
          'x-suture-key': 'sut_pub_wrong',
          origin,
        })
        expect(refused.status).toBe(401)
        expect(refused.headers.get('access-control-allow-origin')).toBe(origin)
        expect(refused.headers.get('vary')).toContain('Origin')
        expect(refused.body).toMatchObject({
          error: 'invalid_key',
          message: expect.stringContaining('keys list'),
        })
      }
      const missing = await send(url, errorEnvelopeFromStack(stack(11)), { origin: 'https://shop.example' })
      expect(missing.status).toBe(401)
      expect(missing.headers.get('access-control-allow-origin')).toBe('https://shop.example')
      const events = await send(`${server.url}/v1/events`, { events: [] }, { origin: 'https://shop.example' })
      expect(events.status).toBe(401)
      expect(events.headers.get('access-control-allow-origin')).toBe('https://shop.example')
    })

    it('logs refused requests, once per reason and origin per minute', async () => {
      const lines: Record<string, unknown>[] = []
      const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(JSON.parse(line)) })
      const logged = await startServer({ database, logger, keyCacheTtlMs: 0, closeDatabase: false })
      try {
        const url = `${logged.url}/v1/envelopes`
        for (let i = 0; i < 5; i++)
          await send(url, errorEnvelopeFromStack(stack(12)), {
            'x-suture-key': 'sut_pub_wrong',
            origin: 'https://shop.example',
          })
        await send(url, errorEnvelopeFromStack(stack(12)), { ...key(), origin: 'https://evil.example' })
        const refusals = lines.filter((l) => typeof l.code === 'string')
        expect(refusals.map((l) => [l.code, l.origin, l.status])).toEqual([
          ['invalid_key', 'https://shop.example', 401],
          ['origin_not_allowed', 'https://evil.example', 403],
        ])
        expect(String(refusals[0]?.msg)).toContain('unknown or revoked')
        expect(JSON.stringify(lines)).not.toContain('sut_pub_wrong')
      } finally {
        await logged.close()
      }
    })

    it("enforces the project's origin allow-list on real requests", async () => {
      const url = `${server.url}/v1/envelopes`
      const ok = await send(url, errorEnvelopeFromStack(stack(9)), {
        ...key(),
        origin: 'https://shop.example',
      })
      expect(ok.status).toBe(200)
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://shop.example')
      const evil = await send(url, errorEnvelopeFromStack(stack(9)), {
        ...key(),
        origin: 'https://evil.example',
      })
      expect(evil.status).toBe(403)
      expect(evil.body.error).toBe('origin_not_allowed')
      // Readable by the page, so the SDK can say what to fix; nothing was stored.
      expect(evil.headers.get('access-control-allow-origin')).toBe('https://evil.example')
      expect(evil.body.message).toContain('suture project origins')

      const preflight = (origin: string, query = '') =>
        fetch(`${url}${query}`, {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'x-suture-key',
          },
        })
      const allowed = await preflight('https://shop.example', `?key=${project.publicKey}`)
      expect(allowed.status).toBe(204)
      expect(allowed.headers.get('access-control-allow-headers')).toContain('X-Suture-Key')
      // A refused preflight would hide the 403's message from the page: preflights pass, the POST is refused.
      const asked = await preflight('https://evil.example')
      expect(asked.status).toBe(204)
      expect(asked.headers.get('access-control-allow-origin')).toBe('https://evil.example')
      // The "Open" project has no allow-list, so any origin may send with its keys.
      const open = await send(url, errorEnvelopeFromStack(stack(10)), {
        'x-suture-key': openProject.publicKey,
        origin: 'https://anywhere.example',
      })
      expect(open.status).toBe(200)
    })

    it('rate-limits per key with 429 and Retry-After', async () => {
      const url = `${limited.url}/v1/envelopes`
      const batch = [0, 1, 2].map((i) => errorEnvelopeFromStack(stack(20 + i)))
      expect((await send(url, { envelopes: batch }, key())).status).toBe(200)
      const limitedAnswer = await send(url, errorEnvelopeFromStack(stack(23)), key())
      expect(limitedAnswer.status).toBe(429)
      expect(Number(limitedAnswer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
      // Another key has its own bucket.
      expect(
        (await send(url, errorEnvelopeFromStack(stack(24)), { 'x-suture-key': openProject.publicKey }))
          .status,
      ).toBe(200)
    })

    it('stores session events from real sessions and widens the session, idempotently', async () => {
      const sessions = realSessions(5)
      const events = sessions.flatMap(sessionEventsOf)
      const first = await send(`${server.url}/v1/events`, { events }, key())
      expect(first.status).toBe(200)
      expect(first.body.results?.every((r) => r.status === 'accepted')).toBe(true)
      const again = await send(`${server.url}/v1/events`, { events }, key())
      expect(again.body.results?.every((r) => r.status === 'duplicate')).toBe(true)
      const real = sessions[0] as (typeof sessions)[number]
      const row = await database.db
        .selectFrom('sessions')
        .selectAll()
        .where('project_id', '=', project.projectId)
        .where('id', '=', real.session_id)
        .executeTakeFirstOrThrow()
      const times = real.events.map((e) => Date.parse(e.ts))
      expect(row.started_at.getTime()).toBe(Math.min(...times))
      expect(row.last_event_at.getTime()).toBe(Math.max(...times))
      expect(row.event_count).toBe(real.events.length)
      const bad = await send(`${server.url}/v1/events`, { sessionId: 's', ts: 'now', event: 'x' }, key())
      expect(bad.status).toBe(400)
      expect(bad.body.message).toMatch(/^ts: /)
    })

    it('refuses session event ids over 64 characters, naming the field, instead of cutting them', async () => {
      const prefix = 'e'.repeat(64)
      const event = (id: string) => ({ id, sessionId: 'long-ids', ts: '2026-03-02T10:00:00Z', event: 'x' })
      const ok = await send(`${server.url}/v1/events`, event(prefix), key())
      expect(ok.status).toBe(200)
      // Sharing the first 64 characters must not make it a "duplicate" of the first one.
      const long = await send(`${server.url}/v1/events`, event(`${prefix}-second`), key())
      expect(long.status).toBe(400)
      expect(long.body.message).toMatch(/^id: /)
      const batch = await send(
        `${server.url}/v1/events`,
        { events: [event(`${prefix}-third`), event('short-id-1')] },
        key(),
      )
      expect(batch.status).toBe(207)
      expect(batch.body.results?.[0]).toMatchObject({ status: 'rejected', issues: [{ path: 'id' }] })
    })

    it('takes release markers with a secret key only', async () => {
      const deploy = { release: '2.4.0', environment: 'production', commit: 'abc123' }
      const pub = await send(`${server.url}/v1/deploys`, deploy, key())
      expect(pub.status).toBe(403)
      expect(pub.body.error).toBe('secret_key_required')
      const secret = { 'x-suture-key': project.secretKey }
      expect((await send(`${server.url}/v1/deploys`, deploy, secret)).body.results).toEqual([
        { id: '2.4.0@production', status: 'accepted' },
      ])
      expect((await send(`${server.url}/v1/deploys`, deploy, secret)).body.results).toEqual([
        { id: '2.4.0@production', status: 'duplicate' },
      ])
      const row = await database.db
        .selectFrom('deploys')
        .selectAll()
        .where('release', '=', '2.4.0')
        .executeTakeFirstOrThrow()
      expect(row.commit_sha).toBe('abc123')
    })
  })
}
