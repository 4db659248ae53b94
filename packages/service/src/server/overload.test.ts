import { createProject, openDatabase, type SutureDatabase } from '@suture/store'
import { pgliteTemplate } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RegisterRoutes } from './context.js'
import { type RunningServer, startServer } from './start-server.js'

describe('overload shedding', () => {
  let database: SutureDatabase
  let server: RunningServer
  let publicKey: string
  const gate: { open: () => void; opened: Promise<void>; entered: number } = {
    open: () => {},
    opened: Promise.resolve(),
    entered: 0,
  }
  gate.opened = new Promise((resolve) => {
    gate.open = resolve
  })
  // A route that holds its slot until the test lets go: stands in for requests stuck on a slow database.
  const holdRoute: RegisterRoutes = (app) => {
    app.get('/test/hold', async (c) => {
      gate.entered++
      await gate.opened
      return c.text('released')
    })
  }

  beforeAll(async () => {
    database = await openDatabase({ kind: 'pglite-memory' }, { pgliteTemplate: await pgliteTemplate() })
    publicKey = (await createProject(database.db, { name: 'Busy' })).publicKey
    server = await startServer({ database, closeDatabase: false, maxInFlight: 2, routes: [holdRoute] })
  })
  afterAll(async () => {
    gate.open()
    await server?.close()
    await database?.close()
  })

  it('answers 503 + Retry-After beyond the in-flight cap, keeps health answering, and recovers', async () => {
    const held = [fetch(`${server.url}/test/hold`), fetch(`${server.url}/test/hold`)]
    const deadline = Date.now() + 10_000
    while (gate.entered < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
    expect(gate.entered).toBe(2)

    const refused = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { 'x-suture-key': publicKey },
      body: JSON.stringify({ sessionId: 's1', event: '$pageview', ts: new Date().toISOString() }),
    })
    expect(refused.status).toBe(503)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(((await refused.json()) as { error: string }).error).toBe('overloaded')
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200)
    const metrics = await (await fetch(`${server.url}/metrics`)).text()
    expect(metrics).toContain('suture_ingest_rejects_total{reason="overloaded"} 1')

    gate.open()
    for (const res of await Promise.all(held)) expect(res.status).toBe(200)
    const accepted = await fetch(`${server.url}/v1/events`, {
      method: 'POST',
      headers: { 'x-suture-key': publicKey },
      body: JSON.stringify({ sessionId: 's1', event: '$pageview', ts: new Date().toISOString() }),
    })
    expect(accepted.status).toBe(200)
  })
})
