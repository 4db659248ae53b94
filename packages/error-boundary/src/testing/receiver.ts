// biome-ignore-all lint/correctness/noNodejsModules: a test-only stand-in for the ingest server, run by vitest in Node.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedRequest {
  readonly at: number
  readonly url: string
  readonly headers: IncomingMessage['headers']
  readonly envelopes: Record<string, unknown>[]
}

/** What to answer: status, headers and body; undefined means 200 with per-item `accepted`. */
export type Responder = (
  request: ReceivedRequest,
) => { status: number; headers?: Record<string, string>; body?: unknown } | undefined

/**
 * A local stand-in for `POST /v1/envelopes` speaking the ingest wire format: `{ envelopes: [...] }`
 * in, `{ results: [{ id, status }] }` out (`duplicate` for an id it has already accepted, as the server
 * answers), with CORS so a page on another origin can post to it. `port` reopens it where an earlier
 * receiver listened (a server coming back up).
 */
export async function startReceiver(respond: Responder = () => undefined, port = 0) {
  /** Requests to `/v1/envelopes`, in arrival order. */
  const requests: ReceivedRequest[] = []
  /** Session events posted to `/v1/events`. */
  const events: Record<string, unknown>[] = []
  let responder = respond
  /** Ids answered `accepted` (envelopes and events), as the server's unique index would hold them. */
  const stored = new Set<string>()
  const results = (items: Record<string, unknown>[]) =>
    items.map((e) => {
      const id = String(e.id)
      const status = stored.has(id) ? 'duplicate' : 'accepted'
      stored.add(id)
      return { id, status }
    })
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    res.setHeader('access-control-allow-origin', '*')
    res.setHeader('access-control-allow-headers', 'content-type, x-suture-key')
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS')
    res.setHeader('access-control-expose-headers', 'retry-after')
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end()
      return
    }
    if (req.method !== 'POST') {
      // The app's own API calls in tests land here: answer like a small JSON API.
      res.writeHead(req.url?.includes('fail') ? 500 : 200, { 'content-type': 'application/json' }).end('{}')
      return
    }
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      let parsed: unknown
      try {
        parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'))
      } catch {
        res
          .writeHead(400, { 'content-type': 'application/json' })
          .end('{"issues":[{"path":"(root)","message":"not JSON"}]}')
        return
      }
      const url = req.url ?? ''
      if (url.startsWith('/v1/events')) {
        // Session events share the transport but not this test's questions: keep them apart.
        const list = (parsed as { events?: unknown }).events
        const items = (Array.isArray(list) ? list : [parsed]) as Record<string, unknown>[]
        events.push(...items)
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ results: results(items) }))
        return
      }
      const list = (parsed as { envelopes?: unknown }).envelopes
      const envelopes = (Array.isArray(list) ? list : [parsed]) as Record<string, unknown>[]
      const request: ReceivedRequest = { at: Date.now(), url, headers: req.headers, envelopes }
      requests.push(request)
      const answer = responder(request) ?? { status: 200, body: { results: results(envelopes) } }
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
      res.end(answer.body === undefined ? '' : JSON.stringify(answer.body))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  const bound = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    /** Ids of the envelopes and events stored, each once. */
    stored,
    requests,
    events,
    /** Every envelope received, in arrival order. */
    envelopes: () => requests.flatMap((r) => r.envelopes),
    setResponder(next: Responder) {
      responder = next
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Keep-alive connections would hold the port (and a "down" server would still answer on them).
        server.closeAllConnections()
      }),
  }
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>

/** Polls `check` until it returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = check()
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
