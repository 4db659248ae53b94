import { randomUUID } from 'node:crypto'
import { type Envelope, parseEnvelope } from '@suture/envelope'
import { createProject, openDatabase, type SutureDatabase, storeEnvelopes } from '@suture/store'
import {
  createTestPostgresDatabase,
  errorEnvelopeFromStack,
  feedbackEnvelope,
  POSTGRES_AVAILABLE,
  realStacks,
} from '@suture/store/testing'
import { type ServerProcess, startServerProcess } from '../../test/ingest-server-process.js'
import { cpuMeter, loadAverage, machineBusyMeter, percentile, selfCpuMeter } from '../measure.js'
import type { BenchSuite } from '../suite.js'

const BATCH = 10
const WARMUP_MS = 3_000
const DURATION_MS = 15_000
/** The closed-loop phases: servers behind a round-robin "load balancer" (the clients), clients at once. */
const PHASES = [
  { servers: 1, clients: 4 },
  { servers: 1, clients: 16 },
  { servers: 2, clients: 16 },
] as const
/** `suture serve`'s pool (openDatabase's default): the store-only baseline uses the same. */
const SERVER_POOL_SIZE = 10
const ID = /ID_PLACEHOLDER_\d+_/g
const SESSION = /SESSION_PLACEHOLDER/g

/**
 * Request bodies as the browser SDK sends them: its default batch of 10 envelopes, all from one browser
 * session of one (hashed) user; 90 % production errors from real browser stacks, 10 % feedback, timestamped
 * now. Serialised once; each request swaps in fresh envelope ids and a fresh session id, so the sender's
 * CPU stays small and every request is a new browser session to the server. `withSessions: false` drops
 * the session and user (the store's cost without the session upsert).
 */
function bodies(withSessions = true): () => string {
  const stacks = realStacks(100)
  const templates = Array.from({ length: 50 }, (_, t) =>
    JSON.stringify({
      envelopes: Array.from({ length: BATCH }, (_, i) => {
        const n = t * BATCH + i
        const common = {
          id: `ID_PLACEHOLDER_${i}_`,
          ...(withSessions ? { sessionId: 'SESSION_PLACEHOLDER', actor: { idHash: `u${t}` } } : {}),
        }
        return n % 10 === 9
          ? feedbackEnvelope({ ...common, route: { template: `/r${n % 7}` } })
          : errorEnvelopeFromStack(stacks[n % stacks.length] as (typeof stacks)[number], {
              ...common,
              app: { name: 'demo', release: '1.0.0', environment: 'production' },
            })
      }),
    }),
  )
  let made = 0
  return () => {
    const session = randomUUID()
    return (templates[made++ % templates.length] as string)
      .replace(ID, () => randomUUID())
      .replace(SESSION, session)
  }
}

interface PhaseResult {
  readonly envelopes: number
  readonly requests: number
  readonly failed: number
  readonly seconds: number
  readonly latencies: number[]
}

/** `clients` closed loops, each sending one batch and waiting for its answer, until `ms` have passed. */
async function closedLoop(
  clients: number,
  ms: number,
  send: (client: number) => Promise<{ ok: boolean; envelopes: number }>,
): Promise<PhaseResult> {
  const latencies: number[] = []
  let envelopes = 0
  let failed = 0
  const until = Date.now() + ms
  const started = performance.now()
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      while (Date.now() < until) {
        const t = performance.now()
        const answer = await send(client)
        latencies.push(performance.now() - t)
        if (answer.ok) envelopes += answer.envelopes
        else failed++
      }
    }),
  )
  latencies.sort((a, b) => a - b)
  return {
    envelopes,
    requests: latencies.length,
    failed,
    seconds: (performance.now() - started) / 1000,
    latencies,
  }
}

/** The Postgres backends connected to the bench database (the servers' pools, or the store's own). */
async function backends(database: SutureDatabase): Promise<number[]> {
  const rows = await database.executeSql(
    'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
  )
  return rows.rows.map((r) => Number(r.pid))
}

const cores = (ms: number | undefined, seconds: number) =>
  ms === undefined ? 'n/a' : `${(ms / 1000 / seconds).toFixed(2)} cores`
/** CPU µs per envelope: unlike the wall-clock rate, it says little about the neighbours' load. */
const perEnvelope = (ms: number | undefined, envelopes: number) =>
  ms === undefined || envelopes === 0 ? undefined : (ms * 1000) / envelopes
const micros = (value: number | undefined) => (value === undefined ? 'n/a' : `${Math.round(value)} µs`)
/** Envelopes per second one fully used core would take at `us` of CPU each. */
const perCore = (us: number | undefined) =>
  us === undefined ? 'n/a' : `≈ ${(Math.round(1e6 / us / 100) * 100).toLocaleString('en-US')} envelopes/s`

/**
 * Scale-out figure: the real `suture serve` (child processes, on Postgres with weekly partitions) taking
 * `POST /v1/envelopes` from N keep-alive clients (Node's fetch) for a fixed time, with p50/p99 latency and
 * where the CPU went (server processes, Postgres backends, the load generator, the whole machine); then
 * the same envelopes parsed and stored in-process with `storeEnvelopes` (no HTTP) on the same database,
 * as the baseline. On a shared machine the figures are a floor: the load average is printed with them.
 */
export const httpIngestSuite: BenchSuite = {
  name: 'http-ingest',
  async run(log) {
    if (!POSTGRES_AVAILABLE) {
      log('skipped: no Postgres on 127.0.0.1:5432')
      return
    }
    const target = await createTestPostgresDatabase()
    const database = await openDatabase({ kind: 'postgres', url: target.url }, { poolSize: 2 })
    const servers: ServerProcess[] = []
    const next = bodies()
    const results: { label: string; rate: number; server?: number | undefined; pg?: number | undefined }[] =
      []
    try {
      const { projectId, publicKey } = await createProject(database.db, { name: 'Bench' })
      const reset = () => database.executeSql('truncate envelopes, sessions')
      for (const { servers: count, clients } of PHASES) {
        while (servers.length < count) servers.push(await startServerProcess(target.url))
        const send = async (client: number) => {
          const server = servers[client % count] as ServerProcess
          const res = await fetch(`${server.url}/v1/envelopes`, {
            method: 'POST',
            headers: { 'x-suture-key': publicKey, 'content-type': 'application/json' },
            body: next(),
          })
          await res.arrayBuffer()
          return { ok: res.status === 200, envelopes: BATCH }
        }
        await reset()
        // Warm-up: JIT, the servers' pools at full size, the key cache, keep-alive connections opened.
        await closedLoop(clients, WARMUP_MS, send)
        const meters = {
          servers: cpuMeter(servers.slice(0, count).map((s) => s.child.pid ?? -1)),
          pg: cpuMeter(await backends(database)),
          sender: selfCpuMeter(),
          machine: machineBusyMeter(),
        }
        const loadBefore = loadAverage()
        const r = await closedLoop(clients, DURATION_MS, send)
        const used = {
          servers: meters.servers(),
          pg: meters.pg(),
          sender: meters.sender(),
          machine: meters.machine(),
        }
        const rate = r.envelopes / r.seconds
        const label = `${count} × suture serve, ${clients} clients`
        const cost = { server: perEnvelope(used.servers, r.envelopes), pg: perEnvelope(used.pg, r.envelopes) }
        results.push({ label, rate, ...cost })
        log(
          `${label}: ${Math.round(rate)} envelopes/s (${Math.round(r.requests / r.seconds)} req/s of ${BATCH}), p50 ${percentile(r.latencies, 50).toFixed(0)} ms, p99 ${percentile(r.latencies, 99).toFixed(0)} ms, failed ${r.failed}/${r.requests}`,
        )
        log(
          `  CPU: server${count > 1 ? 's' : ''} ${cores(used.servers, r.seconds)}, Postgres ${cores(used.pg, r.seconds)}, load generator ${cores(used.sender, r.seconds)}; machine ${used.machine === undefined ? 'n/a' : `${Math.round(used.machine * 100)} % busy`}; load average ${loadBefore} → ${loadAverage()}`,
        )
        log(`  CPU per envelope: server ${micros(cost.server)}, Postgres ${micros(cost.pg)}`)
      }
      for (const server of servers.splice(0)) {
        server.child.kill('SIGTERM')
        await server.exited
      }

      // Baseline: the store alone in this process (parse + storeEnvelopes, the server's pool size), no HTTP.
      const store = await openDatabase(
        { kind: 'postgres', url: target.url },
        { poolSize: SERVER_POOL_SIZE, migrate: false },
      )
      try {
        const clients = Math.max(...PHASES.map((p) => p.clients))
        // The same envelopes, then without session and user: how much of Postgres' work the session
        // upsert each envelope carries is.
        const variants = [
          { label: 'store only', body: next },
          { label: 'store only, the same envelopes without session or user', body: bodies(false) },
        ]
        for (const [v, variant] of variants.entries()) {
          const write = async () => {
            const { envelopes } = JSON.parse(variant.body()) as { envelopes: unknown[] }
            const parsed = envelopes.map((e) => {
              const result = parseEnvelope(e)
              if (!result.ok) throw new Error('bench envelope is invalid')
              return result.value
            })
            await storeEnvelopes(store.db, projectId, parsed satisfies Envelope[])
            return { ok: true, envelopes: BATCH }
          }
          await reset()
          await closedLoop(clients, WARMUP_MS, write)
          const meters = {
            self: selfCpuMeter(),
            pg: cpuMeter(await backends(database)),
            machine: machineBusyMeter(),
          }
          const loadBefore = loadAverage()
          const r = await closedLoop(clients, DURATION_MS, write)
          const used = { self: meters.self(), pg: meters.pg(), machine: meters.machine() }
          const rate = r.envelopes / r.seconds
          log(
            `${variant.label} (parseEnvelope + storeEnvelopes in one process, pool ${SERVER_POOL_SIZE}, ${clients} at once, no HTTP): ${Math.round(rate)} envelopes/s, p50 ${percentile(r.latencies, 50).toFixed(0)} ms, p99 ${percentile(r.latencies, 99).toFixed(0)} ms per batch`,
          )
          log(
            `  CPU: Node ${cores(used.self, r.seconds)}, Postgres ${cores(used.pg, r.seconds)}; machine ${used.machine === undefined ? 'n/a' : `${Math.round(used.machine * 100)} % busy`}; load average ${loadBefore} → ${loadAverage()}`,
          )
          const storeCost = {
            node: perEnvelope(used.self, r.envelopes),
            pg: perEnvelope(used.pg, r.envelopes),
          }
          log(`  CPU per envelope: Node ${micros(storeCost.node)}, Postgres ${micros(storeCost.pg)}`)
          if (v === 0)
            for (const { label, rate: httpRate } of results)
              log(`ratio: ${label} = ${(httpRate / rate).toFixed(2)}× the store-only rate`)
        }
        // Where one core would go furthest: the projection an idle machine would show, from CPU per envelope.
        const busiest = results.reduce(
          (a, b) => (b.rate > a.rate ? b : a),
          results[0] ?? { label: '', rate: 0 },
        )
        log(
          `one core, from CPU per envelope (${busiest.label}): a suture serve process ${perCore(busiest.server)}, Postgres ${perCore(busiest.pg)}`,
        )
      } finally {
        await store.close()
      }
    } finally {
      for (const server of servers) {
        server.child.kill('SIGTERM')
        await server.exited
      }
      await database.close()
      await target.drop()
    }
  },
}
