import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'

/**
 * A local stand-in for the Anthropic Messages API (`POST /v1/messages`, with or without `?beta=true`,
 * streamed as server-sent events or not, `POST /v1/messages/count_tokens`, error bodies with
 * `retry-after`), scripted turn by turn so a test can drive the real Claude Code CLI (through
 * `@anthropic-ai/claude-agent-sdk` and `ANTHROPIC_BASE_URL`) through a planted fix: read a file, edit
 * it, run the tests, say what it did. Everything but the model's judgment runs for real.
 *
 * A request counts as an agent turn when it offers tools (the agent loop always does); requests without
 * tools (titles, summaries, command classification) get a short text answer and are recorded in
 * `sideRequests`, so they never eat a scripted turn. Anything else — an unknown path, a turn after the
 * script ran out — is answered with an error and recorded in `unexpected`, which a test asserts empty.
 */

export interface FakeUsage {
  readonly input_tokens: number
  readonly output_tokens: number
  readonly cache_creation_input_tokens?: number
  readonly cache_read_input_tokens?: number
}

/** One scripted answer to an agent turn. */
export type FakeTurn =
  | {
      readonly kind: 'text'
      readonly text: string
      readonly usage?: FakeUsage
    }
  | {
      readonly kind: 'tool'
      /** The tool the model calls, as the request's `tools` name it (`Read`, `Edit`, `Bash`, …). */
      readonly name: string
      readonly input: Readonly<Record<string, unknown>>
      /** Text the model says before the call. */
      readonly text?: string
      readonly usage?: FakeUsage
    }
  | {
      /** An API error, e.g. 429 `rate_limit_error` or 529 `overloaded_error`, then the next turn. */
      readonly kind: 'error'
      readonly status: number
      readonly retryAfterSeconds?: number
    }
  | {
      /**
       * The request is accepted and then nothing more is sent (after `message_start` when streaming),
       * as a hung upstream looks; the connection stays open until the client gives up or `close()`.
       */
      readonly kind: 'stall'
    }

/** Builders for scripted turns. */
export const fakeTurn = {
  text: (text: string, usage?: FakeUsage): FakeTurn => ({ kind: 'text', text, ...(usage ? { usage } : {}) }),
  tool: (name: string, input: Record<string, unknown>, options: { text?: string; usage?: FakeUsage } = {}) =>
    ({ kind: 'tool', name, input, ...options }) as FakeTurn,
  read: (filePath: string): FakeTurn => ({ kind: 'tool', name: 'Read', input: { file_path: filePath } }),
  edit: (filePath: string, oldString: string, newString: string): FakeTurn => ({
    kind: 'tool',
    name: 'Edit',
    input: { file_path: filePath, old_string: oldString, new_string: newString },
  }),
  write: (filePath: string, content: string): FakeTurn => ({
    kind: 'tool',
    name: 'Write',
    input: { file_path: filePath, content },
  }),
  bash: (command: string, description = 'Run a command'): FakeTurn => ({
    kind: 'tool',
    name: 'Bash',
    input: { command, description },
  }),
  error: (status: number, retryAfterSeconds?: number): FakeTurn => ({
    kind: 'error',
    status,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  }),
  stall: (): FakeTurn => ({ kind: 'stall' }),
}

export interface RecordedMessagesRequest {
  readonly method: string
  /** Path with query string, e.g. `/v1/messages?beta=true`. */
  readonly url: string
  readonly headers: IncomingMessage['headers']
  readonly body: Record<string, unknown> | undefined
}

export interface FakeMessagesApi {
  /** Base URL for `ANTHROPIC_BASE_URL`. */
  readonly url: string
  /** Every request, in order of arrival. */
  readonly requests: readonly RecordedMessagesRequest[]
  /** Agent turns answered from the script, in order. */
  readonly agentRequests: readonly RecordedMessagesRequest[]
  /** Requests without tools, answered with a short text. */
  readonly sideRequests: readonly RecordedMessagesRequest[]
  /** Why a request was not what the script expected; empty when the run went as scripted. */
  readonly unexpected: readonly string[]
  /** Scripted turns not yet used. */
  readonly remaining: number
  /** The `tool_result` blocks of the latest agent request, as text, for asserting what a tool returned. */
  toolResults(requestIndex?: number): readonly { tool_use_id: string; is_error: boolean; text: string }[]
  /** Appends turns to the script. */
  push(...turns: FakeTurn[]): void
  close(): Promise<void>
}

export interface FakeMessagesApiOptions {
  readonly turns?: readonly FakeTurn[]
  /** Logs unexpected requests to stderr as they happen (default true). */
  readonly logUnexpected?: boolean
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
}

function errorBody(status: number, message: string): unknown {
  return { type: 'error', error: { type: ERROR_TYPES[status] ?? 'api_error', message } }
}

function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 24)}`
}

async function readBody(req: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  if (chunks.length === 0) return undefined
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>
  } catch {
    return undefined
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', 'request-id': newId('req'), ...headers })
  res.end(JSON.stringify(body))
}

/** A rough token count (~4 characters a token), enough for usage figures that grow with the prompt. */
function estimateTokens(value: unknown): number {
  return Math.max(1, Math.ceil(JSON.stringify(value ?? '').length / 4))
}

type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Readonly<Record<string, unknown>> }

function contentOf(turn: Extract<FakeTurn, { kind: 'text' | 'tool' }>): ContentBlock[] {
  if (turn.kind === 'text') return [{ type: 'text', text: turn.text }]
  const blocks: ContentBlock[] = []
  if (turn.text) blocks.push({ type: 'text', text: turn.text })
  blocks.push({ type: 'tool_use', id: newId('toolu'), name: turn.name, input: turn.input })
  return blocks
}

/** Splits a string into a few pieces, so clients see more than one delta per block as they do live. */
function pieces(text: string, count = 3): string[] {
  if (text.length < count * 2) return [text]
  const size = Math.ceil(text.length / count)
  const out: string[] = []
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size))
  return out
}

function writeEvent(res: ServerResponse, type: string, data: Record<string, unknown>) {
  res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`)
}

function streamMessage(res: ServerResponse, message: Record<string, unknown>, blocks: ContentBlock[]) {
  const usage = message.usage as FakeUsage
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    'request-id': newId('req'),
  })
  writeEvent(res, 'message_start', {
    message: {
      ...message,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 1 },
    },
  })
  writeEvent(res, 'ping', {})
  blocks.forEach((block, index) => {
    if (block.type === 'text') {
      writeEvent(res, 'content_block_start', { index, content_block: { type: 'text', text: '' } })
      for (const text of pieces(block.text)) {
        writeEvent(res, 'content_block_delta', { index, delta: { type: 'text_delta', text } })
      }
    } else {
      writeEvent(res, 'content_block_start', {
        index,
        content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} },
      })
      for (const partial_json of pieces(JSON.stringify(block.input))) {
        writeEvent(res, 'content_block_delta', { index, delta: { type: 'input_json_delta', partial_json } })
      }
    }
    writeEvent(res, 'content_block_stop', { index })
  })
  writeEvent(res, 'message_delta', {
    delta: { stop_reason: message.stop_reason, stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  })
  writeEvent(res, 'message_stop', {})
  res.end()
}

/**
 * Starts the fake on `127.0.0.1:0`.
 * @example
 * const api = await startFakeMessagesApi({ turns: [fakeTurn.read('src/x.ts'), fakeTurn.text('done')] })
 * // ANTHROPIC_BASE_URL=api.url, then run the agent; afterwards expect(api.unexpected).toEqual([])
 * await api.close()
 */
export async function startFakeMessagesApi(options: FakeMessagesApiOptions = {}): Promise<FakeMessagesApi> {
  const script: FakeTurn[] = [...(options.turns ?? [])]
  const requests: RecordedMessagesRequest[] = []
  const agentRequests: RecordedMessagesRequest[] = []
  const sideRequests: RecordedMessagesRequest[] = []
  const unexpected: string[] = []
  const sockets = new Set<Socket>()
  const note = (problem: string) => {
    unexpected.push(problem)
    if (options.logUnexpected ?? true) console.warn(`[fake-messages-api] unexpected: ${problem}`)
  }

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake')
    const body = req.method === 'POST' ? await readBody(req) : undefined
    const recorded = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body }
    requests.push(recorded)
    const where = `${recorded.method} ${recorded.url}`

    if (req.headers['x-api-key'] === undefined && !req.headers.authorization?.startsWith('Bearer ')) {
      note(`${where} without an API key`)
      sendJson(res, 401, errorBody(401, 'missing API key: set ANTHROPIC_API_KEY'))
      return
    }
    if (req.method === 'POST' && url.pathname === '/v1/messages/count_tokens') {
      sendJson(res, 200, { input_tokens: estimateTokens([body?.system, body?.tools, body?.messages]) })
      return
    }
    if (req.method !== 'POST' || url.pathname !== '/v1/messages') {
      note(`${where}: no such endpoint on the fake`)
      sendJson(res, 404, errorBody(404, `${where} is not served by the fake Messages API`))
      return
    }
    if (!body || typeof body.model !== 'string' || !Array.isArray(body.messages)) {
      note(`${where}: body is not a Messages request`)
      sendJson(res, 400, errorBody(400, 'expected a JSON body with model and messages'))
      return
    }
    const model = body.model
    const stream = body.stream === true
    const inputTokens = estimateTokens([body.system, body.tools, body.messages])
    const hasTools = Array.isArray(body.tools) && body.tools.length > 0

    let turn: FakeTurn
    if (!hasTools) {
      sideRequests.push(recorded)
      turn = { kind: 'text', text: 'ok' }
    } else {
      const next = script.shift()
      if (!next) {
        note(`${where}: agent turn ${agentRequests.length + 1} but the script has no turns left`)
        sendJson(res, 400, errorBody(400, 'the fake Messages API script ran out of turns'))
        return
      }
      agentRequests.push(recorded)
      turn = next
    }

    if (turn.kind === 'error') {
      const headers: Record<string, string> = {}
      if (turn.retryAfterSeconds !== undefined) headers['retry-after'] = String(turn.retryAfterSeconds)
      sendJson(res, turn.status, errorBody(turn.status, `fake ${turn.status}`), headers)
      return
    }
    if (turn.kind === 'stall') {
      if (stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
        writeEvent(res, 'message_start', {
          message: {
            id: newId('msg'),
            type: 'message',
            role: 'assistant',
            model,
            content: [],
            stop_reason: null,
            stop_sequence: null,
            usage: { input_tokens: inputTokens, output_tokens: 1 },
          },
        })
      }
      // Nothing more: the socket stays open until the client aborts or the fake closes.
      return
    }

    const blocks = contentOf(turn)
    const usage: FakeUsage = turn.usage ?? {
      input_tokens: inputTokens,
      output_tokens: estimateTokens(blocks),
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    }
    const message = {
      id: newId('msg'),
      type: 'message',
      role: 'assistant',
      model,
      content: blocks,
      stop_reason: turn.kind === 'tool' ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: { cache_creation_input_tokens: 0, cache_read_input_tokens: 0, ...usage },
    }
    if (stream) streamMessage(res, message, blocks)
    else sendJson(res, 200, message)
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`

  return {
    url,
    requests,
    agentRequests,
    sideRequests,
    unexpected,
    get remaining() {
      return script.length
    },
    toolResults(requestIndex = agentRequests.length - 1) {
      const messages = (agentRequests[requestIndex]?.body?.messages ?? []) as {
        role: string
        content: unknown
      }[]
      const last = messages.at(-1)
      if (!last || !Array.isArray(last.content)) return []
      return (last.content as Record<string, unknown>[])
        .filter((block) => block.type === 'tool_result')
        .map((block) => ({
          tool_use_id: String(block.tool_use_id),
          is_error: block.is_error === true,
          text:
            typeof block.content === 'string'
              ? block.content
              : Array.isArray(block.content)
                ? (block.content as { type: string; text?: string }[]).map((part) => part.text ?? '').join('')
                : '',
        }))
    },
    push(...turns) {
      script.push(...turns)
    },
    close: () =>
      new Promise((resolve, reject) => {
        for (const socket of sockets) socket.destroy()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
