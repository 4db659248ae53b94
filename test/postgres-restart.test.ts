import { type ChildProcess, spawn } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { setTimeout as delay } from 'node:timers/promises'
import { createProject } from '@suture/store'
import { errorEnvelopeFromStack, realStacks } from '@suture/store/testing'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT, type ServerProcess, startServerProcess } from './ingest-server-process.js'
import {
  startThrowawayPostgres,
  THROWAWAY_POSTGRES_SKIP_REASON,
  type ThrowawayPostgres,
} from './support/throwaway-postgres.js'

const STACKS = realStacks(20)
const SENDERS = 4

if (THROWAWAY_POSTGRES_SKIP_REASON) {
  console.warn(`postgres-restart.test.ts SKIPPED: ${THROWAWAY_POSTGRES_SKIP_REASON}`)
}

function startWorkerProcess(databaseUrl: string): { child: ChildProcess; output: () => string } {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--conditions=@suture/source',
      'packages/cli/src/main.ts',
      'worker',
      '--database-url',
      databaseUrl,
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info' } },
  )
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8')
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8')
  })
  return { child, output: () => output }
}

async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 30_000) {
  const end = Date.now() + ms
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await delay(20)
  }
}

const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null

describe.skipIf(THROWAWAY_POSTGRES_SKIP_REASON !== undefined)(
  'suture serve and suture worker survive Postgres restarts under load',
  () => {
    let cluster: ThrowawayPostgres
    let key: string
    let server: ServerProcess | undefined
    let worker: ReturnType<typeof startWorkerProcess> | undefined

    beforeAll(async () => {
      cluster = await startThrowawayPostgres()
      const { openDatabase } = await import('@suture/store')
      const database = await openDatabase({ kind: 'postgres', url: cluster.url })
      key = (await createProject(database.db, { name: 'Restart' })).publicKey
      await database.close()
    }, 60_000)

    afterAll(async () => {
      for (const child of [server?.child, worker?.child]) if (child && alive(child)) child.kill('SIGKILL')
      await cluster?.destroy()
    })

    it('answers 503 + Retry-After while the database is away, recovers, and loses no acknowledged envelope', async () => {
      server = await startServerProcess(cluster.url)
      worker = startWorkerProcess(cluster.url)
      await until('the worker to start', () =>
        (worker as { output(): string }).output().includes('worker started'),
      )
      const url = server.url
      const acked = new Set<string>()
      const sent = new Set<string>()
      const statuses = new Map<number, number>()
      const unexpected: string[] = []
      let missingRetryAfter = 0
      let stopping = false

      // Each sender retries a batch until it is acknowledged, as the SDK does on 503 and network errors.
      const sender = async (s: number) => {
        for (let round = 0; !stopping; round++) {
          const envelopes = Array.from({ length: 10 }, (_, i) =>
            errorEnvelopeFromStack(STACKS[(s + round + i) % STACKS.length] as (typeof STACKS)[number], {
              id: randomUUID(),
              sessionId: `restart-${s}`,
            }),
          )
          for (const e of envelopes) sent.add(e.id as string)
          const body = JSON.stringify({ envelopes })
          for (;;) {
            if (!alive(server?.child as ChildProcess)) return
            let res: Response
            try {
              res = await fetch(`${url}/v1/envelopes`, {
                method: 'POST',
                headers: { 'x-suture-key': key, 'content-type': 'application/json' },
                body,
              })
            } catch (error: unknown) {
              unexpected.push(`network error: ${error instanceof Error ? error.message : String(error)}`)
              await delay(50)
              continue
            }
            statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
            const answer = (await res.json()) as { results?: { id: string; status: string }[] }
            if (res.status === 200) {
              for (const r of answer.results ?? [])
                if (r.status === 'accepted' || r.status === 'duplicate') acked.add(r.id)
              break
            }
            if (res.status === 503) {
              if (res.headers.get('retry-after') === null) missingRetryAfter++
              // The server says 5 s; the test retries sooner so it stays short.
              await delay(100)
              continue
            }
            unexpected.push(`status ${res.status}: ${JSON.stringify(answer).slice(0, 200)}`)
            await delay(50)
          }
        }
      }
      const senders = Array.from({ length: SENDERS }, (_, s) => sender(s))
      const grow = (n: number) => {
        const target = acked.size + n
        return until(
          `${n} more acknowledged envelopes`,
          () => acked.size >= target || !alive(server?.child as ChildProcess),
        )
      }
      try {
        await grow(100)
        await cluster.restart('fast')
        await grow(100)
        await cluster.restart('immediate')
        await grow(100)
        // One backend at a time, as an operator or a pooler would end them.
        const admin = new pg.Client({ connectionString: cluster.url })
        await admin.connect()
        await admin.query(
          "select pg_terminate_backend(pid) from pg_stat_activity where pid <> pg_backend_pid() and backend_type = 'client backend'",
        )
        await admin.end()
        await grow(100)
      } finally {
        stopping = true
        await Promise.all(senders)
      }

      expect(alive(server.child), server.output().slice(-3_000)).toBe(true)
      expect(alive(worker.child), worker.output().slice(-3_000)).toBe(true)
      expect(unexpected.slice(0, 5)).toEqual([])
      expect(missingRetryAfter).toBe(0)
      expect([...statuses.keys()].every((s) => s === 200 || s === 503)).toBe(true)
      // Every batch was eventually acknowledged: what got 503 was retried and succeeded.
      expect(acked.size).toBe(sent.size)
      const ready = await fetch(`${url}/readyz`)
      expect(ready.status).toBe(200)

      const client = new pg.Client({ connectionString: cluster.url })
      await client.connect()
      try {
        const { rows } = await client.query<{ id: string; n: number }>(
          'select id, count(*)::int as n from envelopes group by id',
        )
        const stored = new Map(rows.map((r) => [r.id, r.n]))
        expect([...acked].filter((id) => stored.get(id) !== 1)).toEqual([])
        expect(stored.size).toBe(acked.size)
        const sessions = await client.query<{ error_count: number; n: number }>(
          'select s.error_count, (select count(*)::int from envelopes e where e.session_id = s.id) as n from sessions s',
        )
        for (const s of sessions.rows) expect(s.error_count).toBe(s.n)
      } finally {
        await client.end()
      }

      const serverExit = server.exited
      server.child.kill('SIGTERM')
      expect(await serverExit).toBe(0)
      const workerExit = new Promise((resolve) =>
        worker?.child.once('exit', (code, signal) => resolve(signal ?? code)),
      )
      worker.child.kill('SIGTERM')
      expect(await workerExit, worker.output().slice(-3_000)).toBe(0)
      console.info(
        `postgres restarts: answers ${JSON.stringify(Object.fromEntries(statuses))}, ${acked.size} acknowledged`,
      )
    }, 120_000)
  },
)
