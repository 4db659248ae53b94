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

describe.skipIf(!POSTGRES_AVAILABLE)('ingest survives SIGKILL mid-load', () => {
  let db: { url: string; drop(): Promise<void> }
  let key: string
  const children: ServerProcess[] = []

  beforeAll(async () => {
    db = await createTestPostgresDatabase()
    const database = await openDatabase({ kind: 'postgres', url: db.url })
    key = (await createProject(database.db, { name: 'Crash' })).publicKey
    await database.close()
  })
  afterAll(async () => {
    for (const c of children)
      if (c.child.exitCode === null && c.child.signalCode === null) c.child.kill('SIGKILL')
    await db?.drop()
  })

  it('stores every acknowledged envelope exactly once, and retries after restart are duplicates', async () => {
    const first = await startServerProcess(db.url)
    children.push(first)
    const acked = new Set<string>()
    const unknown = new Map<string, unknown>()
    let killed = false
    const worker = async (w: number) => {
      for (let round = 0; !killed; round++) {
        const envelopes = Array.from({ length: 10 }, (_, i) =>
          errorEnvelopeFromStack(STACKS[(w + round + i) % STACKS.length] as (typeof STACKS)[number], {
            id: randomUUID(),
            sessionId: `crash-${w}`,
          }),
        )
        try {
          const res = await fetch(`${first.url}/v1/envelopes`, {
            method: 'POST',
            headers: { 'x-suture-key': key, 'content-type': 'application/json' },
            body: JSON.stringify({ envelopes }),
          })
          const body = (await res.json()) as { results: { id: string; status: string }[] }
          if (res.status !== 200) throw new Error(`status ${res.status}`)
          for (const r of body.results)
            if (r.status === 'accepted' || r.status === 'duplicate') acked.add(r.id)
        } catch {
          // Killed mid-request: the server may or may not have committed these; the SDK would retry.
          for (const e of envelopes) unknown.set(e.id as string, e)
          if (killed) return
        }
      }
    }
    const workers = Array.from({ length: 8 }, (_, w) => worker(w))
    const deadline = Date.now() + 20_000
    while (acked.size < 400 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    first.child.kill('SIGKILL')
    killed = true
    await Promise.all(workers)
    expect(await first.exited).toBe('SIGKILL')
    expect(acked.size).toBeGreaterThanOrEqual(400)

    const client = await openDatabase({ kind: 'postgres', url: db.url }, { migrate: false, poolSize: 2 })
    const query = async <R>(text: string, values: unknown[] = []) =>
      (await client.executeSql(text, values)).rows as R[]
    try {
      const ids = [...acked]
      const rows = await query<{ id: string; n: number }>(
        'select id, count(*)::int as n from envelopes where id = any($1) group by id',
        [ids],
      )
      expect(rows.length).toBe(ids.length)
      expect(rows.every((r) => r.n === 1)).toBe(true)

      // After a restart, the SDK's retries of everything in doubt are stored once or answered as duplicates.
      const second = await startServerProcess(db.url)
      children.push(second)
      const retry = [
        ...unknown.values(),
        ...ids
          .slice(0, 50)
          .map((id) => ({ ...errorEnvelopeFromStack(STACKS[0] as (typeof STACKS)[number]), id })),
      ]
      for (let i = 0; i < retry.length; i += 50) {
        const res = await fetch(`${second.url}/v1/envelopes`, {
          method: 'POST',
          headers: { 'x-suture-key': key },
          body: JSON.stringify({ envelopes: retry.slice(i, i + 50) }),
        })
        expect(res.status).toBe(200)
      }
      const again = await fetch(`${second.url}/v1/envelopes`, {
        method: 'POST',
        headers: { 'x-suture-key': key },
        body: JSON.stringify({
          envelopes: ids
            .slice(0, 50)
            .map((id) => ({ ...errorEnvelopeFromStack(STACKS[1] as (typeof STACKS)[number]), id })),
        }),
      })
      const answer = (await again.json()) as { results: { status: string }[] }
      expect(answer.results.every((r) => r.status === 'duplicate')).toBe(true)

      const total = await query<{ n: number }>('select count(*)::int as n from envelopes')
      expect(total[0]?.n).toBe(
        acked.size + unknown.size - [...unknown.keys()].filter((id) => acked.has(id)).length,
      )
      // Session counters agree with the stored envelopes: no half-written transaction survived the kill.
      const sessions = await query<{ id: string; error_count: number; n: number }>(
        'select s.id, s.error_count, (select count(*)::int from envelopes e where e.session_id = s.id) as n from sessions s',
      )
      expect(sessions.length).toBe(8)
      for (const s of sessions) expect(s.error_count).toBe(s.n)

      second.child.kill('SIGTERM')
      expect(await second.exited).toBe(0)
      expect(second.output()).toContain('shutting down')
    } finally {
      await client.close()
    }
  })
})
