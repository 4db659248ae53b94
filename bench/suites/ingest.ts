import { createRequire } from 'node:module'
import { parseEnvelope } from '@suture/envelope'
import { createProject, envelopeRow, openDatabase, prepareEnvelope } from '@suture/store'
import {
  createTestPostgresDatabase,
  errorEnvelopeFromStack,
  POSTGRES_AVAILABLE,
  realStacks,
} from '@suture/store/testing'
import { startServerProcess } from '../../test/ingest-server-process.js'
import { cpuMeter, selfCpuMeter } from '../measure.js'
import type { BenchSuite } from '../suite.js'

// `pg` is the store's dependency; the floor uses it directly, as plainly as possible.
const pg = createRequire(new URL('../../packages/store/package.json', import.meta.url))(
  'pg',
) as typeof import('pg')

const BATCH = 50
const CONCURRENCY = 8
const TOTAL = 20_000
const WARMUP = 1_000
const TIME_LIMIT_MS = 60_000

async function pool<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0
  const deadline = Date.now() + TIME_LIMIT_MS
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length && Date.now() < deadline) {
        const item = items[next++] as T
        await fn(item)
      }
    }),
  )
}

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH))
  return out
}

const COLUMNS = [
  'project_id',
  'id',
  'kind',
  'occurred_at',
  'route_template',
  'fingerprint',
  'session_id',
  'actor_hash',
  'workspace_id',
  'release',
  'environment',
  'boundary',
  'error_type',
  'message',
  'rating',
  'body',
] as const

/**
 * Ingest throughput over HTTP (batches of 50, 8 concurrent senders, the server in its own process)
 * against the floor: the same rows written by plain multi-row INSERTs through `pg`, same concurrency.
 */
export const ingestSuite: BenchSuite = {
  name: 'ingest',
  async run(log) {
    if (!POSTGRES_AVAILABLE) {
      log('skipped: no Postgres on 127.0.0.1:5432')
      return
    }
    const target = await createTestPostgresDatabase()
    const database = await openDatabase({ kind: 'postgres', url: target.url }, { poolSize: 2 })
    const server = await startServerProcess(target.url)
    try {
      const { projectId, publicKey } = await createProject(database.db, { name: 'Bench' })
      const stacks = realStacks(100)
      const make = (n: number) =>
        Array.from({ length: n }, (_, i) =>
          errorEnvelopeFromStack(stacks[i % stacks.length] as (typeof stacks)[number]),
        )
      // Bodies are serialised before the clock starts: real senders do that on their own machines.
      const bodiesOf = (envelopes: readonly unknown[]) =>
        batches(envelopes).map((batch) => ({
          size: batch.length,
          body: JSON.stringify({ envelopes: batch }),
        }))
      const send = async (request: { body: string }) => {
        const res = await fetch(`${server.url}/v1/envelopes`, {
          method: 'POST',
          headers: { 'x-suture-key': publicKey, 'content-type': 'application/json' },
          body: request.body,
        })
        await res.arrayBuffer()
        if (res.status !== 200) throw new Error(`ingest answered ${res.status}`)
      }
      // The Postgres backends serving this database (the server's pool and, later, the floor's).
      const backends = async () =>
        (
          await database.executeSql(
            'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
          )
        ).rows.map((r) => Number(r.pid))
      await pool(bodiesOf(make(WARMUP)), CONCURRENCY, send)
      const envelopes = make(TOTAL)
      const requests = bodiesOf(envelopes)
      const httpCpu = { server: cpuMeter([server.child.pid ?? -1]), pg: cpuMeter(await backends()) }
      const httpClientCpu = selfCpuMeter()
      let start = performance.now()
      let sent = 0
      await pool(requests, CONCURRENCY, async (request) => {
        await send(request)
        sent += request.size
      })
      const httpSeconds = (performance.now() - start) / 1000
      const httpRate = sent / httpSeconds
      const httpCpuUs = {
        server: httpCpu.server(),
        client: httpClientCpu(),
        pg: httpCpu.pg(),
      }

      // The floor: the same rows (prepared exactly as the server prepares them), no HTTP, no validation.
      await database.executeSql('truncate envelopes')
      const rows = envelopes.map((e) => {
        const parsed = parseEnvelope(e)
        if (!parsed.ok) throw new Error('bench envelope is invalid')
        return envelopeRow(projectId, prepareEnvelope(parsed.value), new Date(parsed.value.occurredAt))
      })
      const floorPool = new pg.Pool({ connectionString: target.url, max: CONCURRENCY })
      try {
        const insert = async (batch: typeof rows) => {
          const values: unknown[] = []
          const tuples = batch.map((row) => {
            const base = values.length
            for (const c of COLUMNS) values.push(row[c as keyof typeof row] ?? null)
            return `(${COLUMNS.map((_, i) => `$${base + i + 1}`).join(', ')})`
          })
          await floorPool.query(
            `insert into envelopes (${COLUMNS.join(', ')}) values ${tuples.join(', ')} on conflict do nothing`,
            values,
          )
        }
        await pool(batches(rows.slice(0, WARMUP)), CONCURRENCY, insert)
        await database.executeSql('truncate envelopes')
        const floorPg = cpuMeter(await backends())
        const floorClient = selfCpuMeter()
        start = performance.now()
        let written = 0
        await pool(batches(rows), CONCURRENCY, async (batch) => {
          await insert(batch)
          written += batch.length
        })
        const floorRate = written / ((performance.now() - start) / 1000)
        const floorCpu = { client: floorClient(), pg: floorPg() }
        log(
          `HTTP ingest (batches of ${BATCH}, ${CONCURRENCY} senders): ${Math.round(httpRate)} envelopes/s (${sent} in ${httpSeconds.toFixed(1)} s)`,
        )
        log(`floor (plain multi-row INSERT through pg):   ${Math.round(floorRate)} envelopes/s`)
        log(`ratio: ${(httpRate / floorRate).toFixed(2)}× the floor (aim ≥ 0.5×, ≥ 5,000 envelopes/s)`)
        // Wall-clock rates on a shared machine mostly measure the neighbours; CPU per envelope does not.
        const per = (ms: number | undefined, n: number) => (ms === undefined ? undefined : (ms * 1000) / n)
        const show = (us: number | undefined) => (us === undefined ? 'n/a' : `${Math.round(us)} µs`)
        const http = {
          server: per(httpCpuUs.server, sent),
          client: per(httpCpuUs.client, sent),
          pg: per(httpCpuUs.pg, sent),
        }
        const floor = { client: per(floorCpu.client, written), pg: per(floorCpu.pg, written) }
        log(
          `CPU per envelope, HTTP:  server ${show(http.server)}, sender ${show(http.client)}, Postgres ${show(http.pg)}`,
        )
        log(`CPU per envelope, floor: writer ${show(floor.client)}, Postgres ${show(floor.pg)}`)
        if (
          http.server !== undefined &&
          http.client !== undefined &&
          http.pg !== undefined &&
          floor.pg !== undefined
        ) {
          const httpTotal = http.server + http.client + http.pg
          const floorTotal = (floor.client ?? 0) + floor.pg
          log(
            `CPU ratio: the floor costs ${(floorTotal / httpTotal).toFixed(2)}× the CPU of HTTP ingest per envelope; one server process (one core) tops out near ${Math.round(1e6 / http.server).toLocaleString('en-US')} envelopes/s`,
          )
        }
      } finally {
        await floorPool.end()
      }
    } finally {
      server.child.kill('SIGTERM')
      await server.exited
      await database.close()
      await target.drop()
    }
  },
}
