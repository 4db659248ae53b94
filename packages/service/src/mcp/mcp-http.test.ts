import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import type { SutureDatabase } from '@suture/store'
import { createProject } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../server/start-server.js'
import { type SeededFixQueue, seedFixQueue } from '../testing/index.js'

const PR = 'https://github.com/acme/web/pull/77'

async function connect(url: string, key: string): Promise<Client> {
  const client = new Client({ name: 'suture-test', version: '1.0.0' })
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
      requestInit: { headers: { Authorization: `Bearer ${key}` } },
    }),
  )
  return client
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult
  const text = result.content.map((c) => (c.type === 'text' ? c.text : '')).join('')
  return { isError: result.isError === true, text, json: result.isError ? undefined : JSON.parse(text) }
}

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`MCP over streamable HTTP on ${backend.name}`, () => {
    let database: SutureDatabase
    let server: RunningServer
    let seeded: SeededFixQueue
    let other: { secretKey: string }
    let client: Client

    beforeAll(async () => {
      database = await backend.open()
      seeded = await seedFixQueue(database)
      other = await createProject(database.db, { name: 'Other' })
      server = await startServer({ database, keyCacheTtlMs: 0, closeDatabase: false, rateLimit: false })
      client = await connect(server.url, seeded.secretKey)
    })
    afterAll(async () => {
      await client?.close()
      await server?.close()
      await database?.close()
    })

    it('answers 401 without a secret key', async () => {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' })
      const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }
      expect((await fetch(`${server.url}/mcp`, { method: 'POST', headers, body })).status).toBe(401)
      for (const key of [seeded.publicKey, 'sut_sec_unknown']) {
        const res = await fetch(`${server.url}/mcp`, {
          method: 'POST',
          headers: { ...headers, authorization: `Bearer ${key}` },
          body,
        })
        expect(res.status).toBe(401)
        expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/)
      }
      await expect(connect(server.url, seeded.publicKey)).rejects.toThrow()
    })

    it('lists the tools', async () => {
      const { tools } = await client.listTools()
      expect(tools.map((t) => t.name).sort()).toEqual([
        'get_cluster',
        'get_session_timeline',
        'get_ticket',
        'list_fix_queue',
        'report_fix',
        'search_similar',
      ])
      expect(tools.find((t) => t.name === 'report_fix')?.inputSchema.required).toEqual(['ticket', 'pr'])
    })

    it('lists the auto-fixable queue and gets the ticket with its contract body', async () => {
      const queue = await call(client, 'list_fix_queue')
      expect(queue.json.tickets).toEqual([
        expect.objectContaining({
          id: seeded.ticketId,
          identifier: 'LOCAL-1',
          clusterKey: seeded.clusterKey,
        }),
      ])
      // The billing cluster is held for humans: never in the queue.
      expect(queue.text).not.toContain('cluster-billing-invoice')
      const ticket = await call(client, 'get_ticket', { ticket: 'LOCAL-1' })
      expect(ticket.json.id).toBe(seeded.ticketId)
      expect(ticket.json.body).toContain('/checkout/:id')
      // The cluster link opens its issue page on this server (no public URL configured: where it was reached).
      expect(ticket.json.body).toContain(
        `${server.url}/app/issues/${encodeURIComponent(seeded.clusterKey)}?project=${encodeURIComponent(seeded.projectId)}`,
      )
      const missing = await call(client, 'get_ticket', { ticket: 'LOCAL-404' })
      expect(missing.isError).toBe(true)
      expect(missing.text).toContain('list_fix_queue')
    })

    it('gets a cluster, a session timeline and similar signals, scrubbed', async () => {
      const cluster = await call(client, 'get_cluster', { clusterKey: seeded.clusterKey })
      expect(cluster.json).toMatchObject({
        key: seeded.clusterKey,
        route: '/checkout/:id',
        releases: ['1.0.0'],
      })
      expect(cluster.json.samples.length).toBeGreaterThan(0)
      expect(cluster.text).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/)

      const [sessionId] = seeded.erroredSessionIds
      const timeline = await call(client, 'get_session_timeline', { sessionId })
      expect(timeline.json.sessionId).toBe(sessionId)
      expect(timeline.json.timeline.length).toBeGreaterThan(0)
      expect((await call(client, 'get_session_timeline', { sessionId: 'nope' })).isError).toBe(true)

      const similar = await call(client, 'search_similar', { query: 'invoice download billing' })
      expect(similar.json[0].clusterKey).toBe('cluster-billing-invoice')
      expect((await call(client, 'search_similar', { query: 'zzzunrelated' })).json).toEqual([])
    })

    it("sees nothing of this project with another project's key", async () => {
      const stranger = await connect(server.url, other.secretKey)
      try {
        expect((await call(stranger, 'list_fix_queue')).json.tickets).toEqual([])
        expect((await call(stranger, 'get_ticket', { ticket: 'LOCAL-1' })).isError).toBe(true)
        expect((await call(stranger, 'get_cluster', { clusterKey: seeded.clusterKey })).isError).toBe(true)
        const [sessionId] = seeded.erroredSessionIds
        expect((await call(stranger, 'get_session_timeline', { sessionId })).isError).toBe(true)
        expect((await call(stranger, 'search_similar', { query: 'checkout TypeError' })).json).toEqual([])
        expect((await call(stranger, 'report_fix', { ticket: 'LOCAL-1', pr: PR })).isError).toBe(true)
      } finally {
        await stranger.close()
      }
    })

    it('reports a fix that /v1/fixes then accepts as the same proposal', async () => {
      const bad = await call(client, 'report_fix', { ticket: 'LOCAL-1', pr: 'not a url' })
      expect(bad.isError).toBe(true)
      const stored = await call(client, 'report_fix', {
        ticket: 'LOCAL-1',
        pr: PR,
        costUsd: 1.5,
        agent: 'claude-code',
      })
      expect(stored.json).toMatchObject({ status: 'accepted', attempt: 1, clusterKey: seeded.clusterKey })
      const again = await call(client, 'report_fix', {
        ticket: 'LOCAL-1',
        pr: PR,
        costUsd: 1.5,
        agent: 'claude-code',
      })
      expect(again.json).toMatchObject({ status: 'duplicate', runId: stored.json.runId })
      const res = await fetch(`${server.url}/v1/fixes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-suture-key': seeded.secretKey },
        body: JSON.stringify({ ticket: seeded.ticketId, pr: PR, costUsd: 1.5, agent: 'claude-code' }),
      })
      expect(await res.json()).toEqual({ results: [{ id: stored.json.runId, status: 'duplicate' }] })
      const rows = await database.db
        .selectFrom('fix_runs')
        .select(['trigger_source', 'outcome', 'proposal_url'])
        .where('project_id', '=', seeded.projectId)
        .execute()
      expect(rows).toEqual([{ trigger_source: 'external', outcome: 'proposed', proposal_url: PR }])
    })
  })
}
