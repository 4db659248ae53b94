import { randomUUID } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import { DEFAULT_MAX_IN_FLIGHT } from '@suture/service'
import { createProject, openDatabase } from '@suture/store'
import {
  createTestPostgresDatabase,
  errorEnvelopeFromStack,
  POSTGRES_AVAILABLE,
  realStacks,
} from '@suture/store/testing'
import { startServerProcess } from '../../test/ingest-server-process.js'
import { percentile } from '../measure.js'
import type { BenchSuite } from '../suite.js'

const BATCH = 10
const CAPACITY_SENDERS = 16
const CAPACITY_MS = 6_000
const OVERLOAD_MS = 10_000
// The default cap, and none.
const CAPS = [DEFAULT_MAX_IN_FLIGHT, 0]
const TICK_MS = 10

interface Answer {
  readonly status: number
  readonly ms: number
}

/**
 * Latency under overload, with and without shedding: first the server's capacity (closed loop, 16
 * senders, batches of 10 envelopes), then an open loop offering twice that many requests per second,
 * whatever the answers, as many independent clients do. p99 over every answer (shed ones included) and
 * over the accepted ones, against the same run with shedding off (`--max-in-flight 0`).
 */
export const overloadSuite: BenchSuite = {
  name: 'overload',
  async run(log) {
    if (!POSTGRES_AVAILABLE) {
      log('skipped: no Postgres on 127.0.0.1:5432')
      return
    }
    const stacks = realStacks(100)
    // Serialised once; each request only swaps in fresh ids, so the sender's CPU stays out of the figures.
    const templates = Array.from({ length: 10 }, (_, t) =>
      JSON.stringify({
        envelopes: Array.from({ length: BATCH }, (_, i) =>
          errorEnvelopeFromStack(stacks[(t * BATCH + i) % stacks.length] as (typeof stacks)[number], {
            id: `ID_PLACEHOLDER_${i}_`,
          }),
        ),
      }),
    )
    let made = 0
    const body = () =>
      (templates[made++ % templates.length] as string).replace(/ID_PLACEHOLDER_\d+_/g, () => randomUUID())
    for (const maxInFlight of CAPS) {
      const target = await createTestPostgresDatabase()
      const database = await openDatabase({ kind: 'postgres', url: target.url }, { poolSize: 1 })
      const { publicKey } = await createProject(database.db, { name: 'Overload' })
      await database.close()
      const server = await startServerProcess(target.url, 60_000, ['--max-in-flight', String(maxInFlight)])
      const send = async (): Promise<Answer> => {
        const payload = body()
        const start = performance.now()
        try {
          const res = await fetch(`${server.url}/v1/envelopes`, {
            method: 'POST',
            headers: { 'x-suture-key': publicKey, 'content-type': 'application/json' },
            body: payload,
          })
          await res.arrayBuffer()
          return { status: res.status, ms: performance.now() - start }
        } catch {
          return { status: 0, ms: performance.now() - start }
        }
      }
      try {
        // Warm-up (JIT, pool connections, key cache) so the first slow answers do not read as capacity.
        await Promise.all(
          Array.from({ length: 8 }, async () => {
            for (let i = 0; i < 10; i++) await send()
          }),
        )
        // Capacity: as many requests as 16 waiting senders get answered (with 200) per second.
        let ok = 0
        const other = new Map<number, number>()
        const until = Date.now() + CAPACITY_MS
        const started = performance.now()
        await Promise.all(
          Array.from({ length: CAPACITY_SENDERS }, async () => {
            while (Date.now() < until) {
              const { status } = await send()
              if (status === 200) ok++
              else other.set(status, (other.get(status) ?? 0) + 1)
            }
          }),
        )
        const capacity = ok / ((performance.now() - started) / 1000)
        if (other.size > 0)
          log(`  (capacity phase: other answers ${JSON.stringify(Object.fromEntries(other))})`)
        // Open loop at twice that: requests leave on a clock, never waiting for earlier answers; a late
        // tick sends what fell due meanwhile.
        const offered = capacity * 2
        const answers: Promise<Answer>[] = []
        const begin = performance.now()
        for (;;) {
          const elapsed = performance.now() - begin
          if (elapsed >= OVERLOAD_MS) break
          const due = Math.floor((elapsed / 1000) * offered) - answers.length
          for (let i = 0; i < due; i++) answers.push(send())
          await delay(TICK_MS)
        }
        const done = await Promise.all(answers)
        const wall = (performance.now() - begin) / 1000
        const all = done.map((a) => a.ms).sort((a, b) => a - b)
        const accepted = done.filter((a) => a.status === 200)
        const acceptedMs = accepted.map((a) => a.ms).sort((a, b) => a - b)
        const shed = done.filter((a) => a.status === 503).length
        const failed = done.length - accepted.length - shed
        const label = maxInFlight === 0 ? 'shedding off' : `--max-in-flight ${maxInFlight}`
        log(
          `${label}: capacity ${Math.round(capacity)} req/s (${BATCH} envelopes each); offered ${Math.round(offered)} req/s for ${OVERLOAD_MS / 1000} s`,
        )
        log(
          `  p50 ${Math.round(percentile(all, 50))} ms, p99 ${Math.round(percentile(all, 99))} ms over all ${done.length} answers; accepted p99 ${Math.round(percentile(acceptedMs, 99))} ms`,
        )
        log(
          `  sent ${done.length}: accepted ${accepted.length} (${Math.round(accepted.length / wall)} req/s until the last answer), shed 503 ${shed}, failed ${failed}`,
        )
      } finally {
        server.child.kill('SIGTERM')
        await server.exited
        await target.drop()
      }
    }
  },
}
