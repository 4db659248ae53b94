import { randomUUID } from 'node:crypto'
import { parseEnvelope } from '@suture/envelope'
import type { SutureDatabase } from '@suture/store'
import { createProject } from '@suture/store'
import { errorEnvelopeFromStack, realStacks, TEST_DATABASES } from '@suture/store/testing'
import fc from 'fast-check'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from './start-server.js'

const STACKS = realStacks(50)
/** The issue asks for thousands of hostile bodies: this many per backend, two backends. */
const BODIES_PER_BACKEND = 1_000
const CONCURRENT = 8
const encoder = new TextEncoder()

/** Strings Postgres chokes on, or that are simply huge. */
const hostileString = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom('\u0000', '\ud800', 'a\udc00b', '\ud83d', '💥'.repeat(2_000), 'é'.repeat(3_000), '\\', '"'),
  fc.integer({ min: 1_000, max: 60_000 }).map((n) => 'x'.repeat(n)),
)

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    -1,
    1e308,
    2 ** 53 + 1,
    '0000-01-01T00:00:00Z',
    '9999-12-31T23:59:59Z',
    '2024-02-30T00:00:00Z',
  ),
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
)

const PATHS = [
  ['id'],
  ['kind'],
  ['schemaVersion'],
  ['occurredAt'],
  ['sessionId'],
  ['route', 'template'],
  ['route', 'url'],
  ['app'],
  ['app', 'release'],
  ['error', 'type'],
  ['error', 'message'],
  ['error', 'stack'],
  ['error', 'frames'],
  ['error', 'fingerprint'],
  ['breadcrumbs'],
  ['flags'],
  ['flags', '__proto__'],
  ['tags'],
  ['workspace', 'id'],
  ['actor', 'idHash'],
  ['__proto__'],
  ['constructor', 'prototype'],
] as const

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node: Record<string, unknown> = target
  for (const key of path.slice(0, -1)) {
    const next = node[key]
    if (next === null || typeof next !== 'object') {
      const created: Record<string, unknown> = {}
      Object.defineProperty(node, key, {
        value: created,
        enumerable: true,
        writable: true,
        configurable: true,
      })
      node = created
    } else node = next as Record<string, unknown>
  }
  Object.defineProperty(node, path[path.length - 1] as string, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  })
}

/** A valid envelope with 0–3 fields replaced by hostile values. */
const mutatedEnvelope = fc
  .tuple(
    fc.nat({ max: STACKS.length - 1 }),
    fc.array(fc.tuple(fc.constantFrom(...PATHS), hostileValue), { maxLength: 3 }),
    fc.option(fc.constantFrom('s1', 's2', 's3', '💥'.repeat(60)), { nil: undefined }),
  )
  .map(([i, mutations, sessionId]) => {
    const envelope = errorEnvelopeFromStack(STACKS[i] as (typeof STACKS)[number], {
      id: randomUUID(),
      ...(sessionId ? { sessionId } : {}),
    }) as unknown as Record<string, unknown>
    for (const [path, value] of mutations) setPath(envelope, path, value)
    return envelope
  })

/** Whole bodies: batches of mutated envelopes, random JSON, deep nesting, broken bytes. */
const body: fc.Arbitrary<Uint8Array> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .array(mutatedEnvelope, { maxLength: 8 })
      .map((envelopes) => encoder.encode(JSON.stringify({ envelopes }))),
  },
  { weight: 2, arbitrary: mutatedEnvelope.map((e) => encoder.encode(JSON.stringify(e))) },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => encoder.encode(JSON.stringify(v))) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 10, max: 20_000 })
      .map((n) => encoder.encode(`${'['.repeat(n)}${']'.repeat(n)}`)),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 10, max: 5_000 })
      .map((n) => encoder.encode(`{"envelopes":[${'{"a":'.repeat(n)}1${'}'.repeat(n)}]}`)),
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 2_000 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(mutatedEnvelope, fc.constantFrom('\\u0000', '\\ud800', '\\udfff', '\\u0000\\ud800'))
      .map(([e, esc]) => encoder.encode(JSON.stringify(e).replace('"message":"', `"message":"${esc}`))),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        mutatedEnvelope,
        fc.uint8Array({ minLength: 1, maxLength: 4 }).map((b) => b.map((x) => x | 0x80)),
      )
      .map(([e, junk]) => {
        const text = encoder.encode(JSON.stringify(e))
        const at = text.indexOf(0x3a) + 2
        return new Uint8Array([...text.slice(0, at), ...junk, ...text.slice(at)])
      }),
  },
  {
    weight: 1,
    arbitrary: fc.constant(
      encoder.encode('{"__proto__":{"polluted":true},"envelopes":[{"__proto__":{"kind":"error"}}]}'),
    ),
  },
)

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`ingest fuzz on ${backend.name}`, () => {
    let database: SutureDatabase
    let server: RunningServer
    let key: string
    beforeAll(async () => {
      database = await backend.open()
      key = (await createProject(database.db, { name: 'Fuzz' })).publicKey
      server = await startServer({ database, rateLimit: false, closeDatabase: false })
    })
    afterAll(async () => {
      await server?.close()
      await database?.close()
    })

    it('answers every hostile body with 2xx or 4xx, and leaves only whole, valid rows behind', async () => {
      const statuses = new Map<number, number>()
      const send = async (bytes: Uint8Array) => {
        const res = await fetch(`${server.url}/v1/envelopes`, {
          method: 'POST',
          headers: { 'x-suture-key': key, 'content-type': 'application/json' },
          body: new Blob([bytes as Uint8Array<ArrayBuffer>]),
        })
        const text = await res.text()
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
        expect(res.status, text).toBeLessThan(500)
        expect(() => JSON.parse(text)).not.toThrow()
      }
      // Bodies go in concurrent groups: as many bodies in far less time, and overlapping writes are what
      // could leave a half-written batch behind. fast-check still shrinks a failing group.
      await fc.assert(
        fc.asyncProperty(fc.array(body, { minLength: CONCURRENT, maxLength: CONCURRENT }), async (bodies) => {
          await Promise.all(bodies.map(send))
        }),
        { numRuns: BODIES_PER_BACKEND / CONCURRENT },
      )
      expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(BODIES_PER_BACKEND)
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      // The fuzzer must have reached the database, not only the parsers.
      expect(statuses.get(200) ?? 0).toBeGreaterThan(20)
      expect(statuses.get(400) ?? 0).toBeGreaterThan(20)

      const rows = await database.db
        .selectFrom('envelopes')
        .select(['id', 'body', 'session_id', 'kind'])
        .execute()
      expect(rows.length).toBeGreaterThan(20)
      for (const row of rows) {
        const reparsed = parseEnvelope(row.body)
        expect(reparsed.ok, JSON.stringify(row.body).slice(0, 300)).toBe(true)
        expect((row.body as { id: string }).id).toBe(row.id)
      }
      // Session counters match the envelopes that were stored: no transaction wrote only half.
      const mismatched = await sql<{ id: string }>`
        select s.id from sessions s
        left join (
          select session_id, count(*) filter (where kind = 'error')::int as errors
          from envelopes where session_id is not null group by session_id
        ) e on e.session_id = s.id
        where s.error_count <> coalesce(e.errors, 0)`.execute(database.db)
      expect(mismatched.rows).toEqual([])
    })
  })
}
