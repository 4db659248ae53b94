import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gunzipSync } from 'node:zlib'

/**
 * A local stand-in for PostHog: the capture endpoint `posthog-node` posts to (`/batch/`, gzip or plain
 * JSON) and the HogQL query API (`/api/projects/:id/query/`) paging through `rows` by the query's
 * `limit`/`offset` values. Test helper.
 */
export interface FakePostHog {
  readonly url: string
  /** Every captured event, in arrival order. */
  readonly captured: Record<string, unknown>[]
  /** Every query request body. */
  readonly queries: Record<string, unknown>[]
  /** Status codes to answer the next query requests with before serving (e.g. [429]). */
  readonly failNextQueries: number[]
  /** Status codes to answer the next capture requests with. */
  readonly failNextCaptures: number[]
  close(): Promise<void>
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  let raw = Buffer.concat(chunks)
  if (req.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw)
  return JSON.parse(raw.toString('utf8')) as Record<string, unknown>
}

export async function startFakePostHog(
  options: { rows?: unknown[][]; personalApiKey?: string } = {},
): Promise<FakePostHog> {
  const captured: Record<string, unknown>[] = []
  const queries: Record<string, unknown>[] = []
  const failNextQueries: number[] = []
  const failNextCaptures: number[] = []
  const rows = options.rows ?? []
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake')
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(JSON.stringify(body))
    }
    if (req.method === 'POST' && url.pathname === '/batch/') {
      const body = await readJson(req)
      const fail = failNextCaptures.shift()
      if (fail) return json(fail, { type: 'server_error', detail: 'fake failure' })
      if (typeof body.api_key !== 'string')
        return json(401, { type: 'authentication_error', detail: 'no api_key' })
      for (const event of (body.batch ?? []) as Record<string, unknown>[]) captured.push(event)
      return json(200, { status: 1 })
    }
    const query = /^\/api\/projects\/([^/]+)\/query\/$/.exec(url.pathname)
    if (req.method === 'POST' && query) {
      if (options.personalApiKey && req.headers.authorization !== `Bearer ${options.personalApiKey}`) {
        return json(401, { type: 'authentication_error', detail: 'Invalid personal API key.' })
      }
      const body = await readJson(req)
      queries.push(body)
      const fail = failNextQueries.shift()
      if (fail === 429)
        return json(
          429,
          { type: 'throttled_error', detail: 'Request was throttled.' },
          { 'retry-after': '0' },
        )
      if (fail) return json(fail, { type: 'server_error', detail: 'fake failure' }, { 'retry-after': '0' })
      const q = body.query as { kind?: string; query?: string; values?: { limit?: number; offset?: number } }
      if (q?.kind !== 'HogQLQuery' || !q.query?.includes('FROM events')) {
        return json(400, { type: 'validation_error', detail: 'expected a HogQLQuery over events' })
      }
      const limit = q.values?.limit ?? 100
      const offset = q.values?.offset ?? 0
      const page = rows.slice(offset, offset + limit)
      return json(200, {
        columns: ['uuid', 'event', 'timestamp', 'distinct_id', 'session_id', 'properties'],
        types: [],
        results: page,
        hasMore: offset + limit < rows.length,
        limit,
        offset,
      })
    }
    json(404, { type: 'invalid_request', detail: `${req.method} ${url.pathname}` })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    captured,
    queries,
    failNextQueries,
    failNextCaptures,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
