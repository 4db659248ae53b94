import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A small local stand-in for the Anthropic Messages API (`POST /v1/messages`, its message and error JSON,
 * `retry-after`), so tests drive the real `@anthropic-ai/sdk` client. pm-agent's own, as it must not
 * import the scorer's. Test helper: not exported from the package.
 */

export interface FakeMessagesReply {
  readonly status?: number
  readonly headers?: Record<string, string>
  /** What the model "calls" the requested tool with; a string becomes a text-only answer. */
  readonly toolInput?: unknown
}

export interface FakeMessages {
  readonly url: string
  readonly requests: Record<string, unknown>[]
  /** Replies used in order before the default answer. */
  readonly queue: FakeMessagesReply[]
  close(): Promise<void>
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>
}

export async function startFakeMessages(
  answer: (body: Record<string, unknown>) => unknown,
): Promise<FakeMessages> {
  const requests: Record<string, unknown>[] = []
  const queue: FakeMessagesReply[] = []
  const server: Server = createServer(async (req, res) => {
    const headers = { 'content-type': 'application/json', 'request-id': `req_${randomUUID()}` }
    if (req.method !== 'POST' || req.url !== '/v1/messages') {
      res.writeHead(404, headers)
      res.end(
        JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'fake: no route' } }),
      )
      return
    }
    if (req.headers['x-api-key'] === undefined && !req.headers.authorization?.startsWith('Bearer ')) {
      res.writeHead(401, headers)
      res.end(JSON.stringify({ type: 'error', error: { type: 'authentication_error', message: 'no key' } }))
      return
    }
    const body = await readJson(req)
    requests.push(body)
    const reply = queue.shift() ?? {}
    if (reply.status && reply.status >= 400) {
      const type = reply.status === 429 ? 'rate_limit_error' : 'api_error'
      res.writeHead(reply.status, { ...headers, ...reply.headers })
      res.end(JSON.stringify({ type: 'error', error: { type, message: `fake ${type}` } }))
      return
    }
    const input = reply.toolInput ?? answer(body)
    const tool = (body.tool_choice as { name?: string } | undefined)?.name ?? 'tool'
    // The rubric is a cached prefix: the first request writes it, later ones read it.
    const cachedBefore = requests.length > 1
    res.writeHead(200, headers)
    res.end(
      JSON.stringify({
        id: `msg_${randomUUID().replace(/-/g, '')}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content:
          typeof input === 'string'
            ? [{ type: 'text', text: input }]
            : [{ type: 'tool_use', id: `toolu_${randomUUID().replace(/-/g, '')}`, name: tool, input }],
        stop_reason: typeof input === 'string' ? 'end_turn' : 'tool_use',
        stop_sequence: null,
        usage: {
          input_tokens: 400,
          output_tokens: 60,
          cache_creation_input_tokens: cachedBefore ? 0 : 300,
          cache_read_input_tokens: cachedBefore ? 300 : 0,
        },
      }),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    queue,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  }
}
