import { randomUUID } from 'node:crypto'
import { createProject, openDatabase } from '@suture/store'
import {
  createTestPostgresDatabase,
  errorEnvelopeFromStack,
  POSTGRES_AVAILABLE,
  realStacks,
} from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServerProcess, startServerProcess } from './ingest-server-process.js'

const STACKS = realStacks(50)

describe.skipIf(!POSTGRES_AVAILABLE)('two ingest servers on one Postgres', () => {
  let db: { url: string; drop(): Promise<void> }
  const servers: ServerProcess[] = []

  beforeAll(async () => {
    db = await createTestPostgresDatabase()
  })
  afterAll(async () => {
    for (const s of servers)
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL')
    await db?.drop()
  })

  it('migrate concurrently on start, and store each envelope once when both receive it', async () => {
    // Both start on an empty database at once: the migration lock must serialise them.
    servers.push(...(await Promise.all([startServerProcess(db.url), startServerProcess(db.url)])))
    const [a, b] = servers as [ServerProcess, ServerProcess]
    const database = await openDatabase({ kind: 'postgres', url: db.url }, { poolSize: 2 })
    try {
      const { publicKey } = await createProject(database.db, { name: 'Scale' })
      const batches = Array.from({ length: 20 }, (_, n) =>
        Array.from({ length: 25 }, (_, i) =>
          errorEnvelopeFromStack(STACKS[(n + i) % STACKS.length] as (typeof STACKS)[number], {
            id: randomUUID(),
            sessionId: `scale-${n % 4}`,
          }),
        ),
      )
      const post = async (url: string, envelopes: unknown[]) => {
        const res = await fetch(`${url}/v1/envelopes`, {
          method: 'POST',
          headers: { 'x-suture-key': publicKey },
          body: JSON.stringify({ envelopes }),
        })
        expect(res.status).toBe(200)
        return ((await res.json()) as { results: { id: string; status: string }[] }).results
      }
      // Every batch goes to both servers at the same time, as a retry through a balancer would.
      const answers = await Promise.all(batches.flatMap((batch) => [post(a.url, batch), post(b.url, batch)]))
      const accepted = new Map<string, number>()
      for (const results of answers) {
        for (const r of results)
          if (r.status === 'accepted') accepted.set(r.id, (accepted.get(r.id) ?? 0) + 1)
      }
      expect(accepted.size).toBe(500)
      expect([...accepted.values()].every((n) => n === 1)).toBe(true)

      const { rows } = await database.executeSql(
        'select count(*)::int as n, count(distinct id)::int as d from envelopes',
      )
      expect(rows[0]).toEqual({ n: 500, d: 500 })
      const sessions = await database.executeSql('select sum(error_count)::int as errors from sessions')
      expect(sessions.rows[0]).toEqual({ errors: 500 })
      const migrations = await database.executeSql(
        "select count(*)::int as n from suture_migrations where name = '0001-core'",
      )
      expect(migrations.rows[0]).toEqual({ n: 1 })
    } finally {
      await database.close()
    }
    a.child.kill('SIGTERM')
    b.child.kill('SIGTERM')
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0])
  })
})
