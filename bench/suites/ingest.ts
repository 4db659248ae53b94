import { createRequire } from 'node:module'
import { parseEnvelope } from '../../packages/envelope/src/index.js'
import { createProject, envelopeRow, openDatabase, prepareEnvelope } from '../../packages/scorer/src/index.js'
import {
  createTestPostgresDatabase,
  errorEnvelopeFromStack,
  POSTGRES_AVAILABLE,
  realStacks,
} from '../../packages/scorer/src/testing/index.js'
import { startServerProcess } from '../../test/ingest-server-process.js'
import type { BenchSuite } from '../suite.js'

// `pg` is the scorer's dependency; the floor uses it directly, as plainly as possible.
const pg = createRequire(new URL('../../packages/scorer/package.json', import.meta.url))(
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
      const send = async (batch: unknown[]) => {
        const res = await fetch(`${server.url}/v1/envelopes`, {
          method: 'POST',
          headers: { 'x-suture-key': publicKey, 'content-type': 'application/json' },
          body: JSON.stringify({ envelopes: batch }),
        })
        await res.arrayBuffer()
        if (res.status !== 200) throw new Error(`ingest answered ${res.status}`)
      }
      await pool(batches(make(WARMUP)), CONCURRENCY, send)
      const envelopes = make(TOTAL)
      let start = performance.now()
      let sent = 0
      await pool(batches(envelopes), CONCURRENCY, async (batch) => {
        await send(batch)
        sent += batch.length
      })
      const httpSeconds = (performance.now() - start) / 1000
      const httpRate = sent / httpSeconds

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
        start = performance.now()
        let written = 0
        await pool(batches(rows), CONCURRENCY, async (batch) => {
          await insert(batch)
          written += batch.length
        })
        const floorRate = written / ((performance.now() - start) / 1000)
        log(
          `HTTP ingest (batches of ${BATCH}, ${CONCURRENCY} senders): ${Math.round(httpRate)} envelopes/s (${sent} in ${httpSeconds.toFixed(1)} s)`,
        )
        log(`floor (plain multi-row INSERT through pg):   ${Math.round(floorRate)} envelopes/s`)
        log(`ratio: ${(httpRate / floorRate).toFixed(2)}× the floor (aim ≥ 0.5×, ≥ 5,000 envelopes/s)`)
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
