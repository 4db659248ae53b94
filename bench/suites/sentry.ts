import { createRequire } from 'node:module'
import { sentryIngestRoutes, sentryProjectNumber, startServer } from '@suture/service'
import { createProject, openDatabase } from '@suture/store'
import {
  createTestPostgresDatabase,
  errorEnvelopeFromStack,
  POSTGRES_AVAILABLE,
  realStacks,
} from '@suture/store/testing'
import type { BenchSuite } from '../suite.js'

// @sentry/node is the service's dev dependency; resolve it from there.
const requireFromService = createRequire(new URL('../../packages/service/package.json', import.meta.url))

const TOTAL = 4_000
const WARMUP = 300
const CONCURRENCY = 8

type Body = string | Uint8Array<ArrayBuffer>

/** The few @sentry/node calls used here (its types do not resolve from bench/). */
interface SentryModule {
  init(options: Record<string, unknown>): void
  createTransport(
    options: unknown,
    send: (request: { body: string | Uint8Array }) => Promise<{ statusCode: number }>,
  ): unknown
  captureException(error: unknown): string
  flush(timeoutMs: number): Promise<boolean>
  close(): Promise<boolean>
}

/** Envelopes exactly as @sentry/node serialises them, one per captured error (one per request, as SDKs send). */
async function sentryBodies(stacks: ReturnType<typeof realStacks>, n: number): Promise<Body[]> {
  const Sentry = (await import(requireFromService.resolve('@sentry/node'))) as SentryModule
  const bodies: Body[] = []
  Sentry.init({
    dsn: 'http://bench@127.0.0.1:9/1',
    release: '1.0.0',
    environment: 'test',
    defaultIntegrations: false,
    transport: (options: unknown) =>
      Sentry.createTransport(options, async (request) => {
        bodies.push(typeof request.body === 'string' ? request.body : new Uint8Array(request.body))
        return { statusCode: 200 }
      }),
  })
  for (let i = 0; i < n; i++) {
    const record = stacks[i % stacks.length]
    if (record === undefined) continue
    const error = new Error(record.message ?? 'error')
    error.name = record.name ?? 'Error'
    error.stack = record.stack
    Sentry.captureException(error)
    // The SDK's transport buffer holds 64 requests; flush before it would drop events.
    if (i % 50 === 49) await Sentry.flush(5000)
  }
  await Sentry.flush(5000)
  await Sentry.close()
  return bodies
}

async function pool<T>(items: readonly T[], fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await fn(items[next++] as T)
    }),
  )
}

/**
 * Sentry-compatible ingest (one real @sentry/node envelope per request) against the baseline measured in
 * the same run on the same server: native `/v1/envelopes` with one envelope per request.
 */
export const sentrySuite: BenchSuite = {
  name: 'sentry',
  async run(log) {
    if (!POSTGRES_AVAILABLE) {
      log('skipped: no Postgres on 127.0.0.1:5432')
      return
    }
    const target = await createTestPostgresDatabase()
    const database = await openDatabase({ kind: 'postgres', url: target.url })
    const server = await startServer({
      database,
      routes: [sentryIngestRoutes()],
      rateLimit: false,
      closeDatabase: false,
    })
    try {
      const { projectId, publicKey } = await createProject(database.db, { name: 'Bench' })
      const stacks = realStacks(200)
      const sentryUrl = `${server.url}/api/${sentryProjectNumber(projectId)}/envelope/?sentry_key=${publicKey}&sentry_version=7`
      const sendSentry = async (body: Body) => {
        const res = await fetch(sentryUrl, { method: 'POST', body })
        await res.arrayBuffer()
        if (res.status !== 200) throw new Error(`sentry ingest answered ${res.status}`)
      }
      const sendNative = async (envelope: unknown) => {
        const res = await fetch(`${server.url}/v1/envelopes`, {
          method: 'POST',
          headers: { 'x-suture-key': publicKey, 'content-type': 'application/json' },
          body: JSON.stringify(envelope),
        })
        await res.arrayBuffer()
        if (res.status !== 200) throw new Error(`native ingest answered ${res.status}`)
      }
      const bodies = await sentryBodies(stacks, TOTAL + WARMUP)
      if (bodies.length !== TOTAL + WARMUP) throw new Error(`the SDK produced ${bodies.length} envelopes`)
      const natives = Array.from({ length: TOTAL + WARMUP }, (_, i) =>
        errorEnvelopeFromStack(stacks[i % stacks.length] as (typeof stacks)[number]),
      )
      await pool(bodies.slice(0, WARMUP), sendSentry)
      await pool(natives.slice(0, WARMUP), sendNative)

      let start = performance.now()
      await pool(natives.slice(WARMUP), sendNative)
      const nativeRate = TOTAL / ((performance.now() - start) / 1000)
      start = performance.now()
      await pool(bodies.slice(WARMUP), sendSentry)
      const sentryRate = TOTAL / ((performance.now() - start) / 1000)
      log(
        `Sentry envelopes (real @sentry/node bodies, 1 per request, ${CONCURRENCY} senders): ${Math.round(sentryRate)} events/s`,
      )
      log(
        `baseline: native /v1/envelopes, 1 per request, same server:       ${Math.round(nativeRate)} envelopes/s`,
      )
      log(`ratio: ${(sentryRate / nativeRate).toFixed(2)}× the native endpoint`)
    } finally {
      await server.close()
      await database.close()
      await target.drop()
    }
  },
}
