import { createHash, randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A local stand-in for api.anthropic.com speaking its wire format (Messages, Message Batches, JSONL results,
 * error bodies, `retry-after`), so tests drive the real `@anthropic-ai/sdk` client against it. Where
 * Anthropic's docs state a limit, the fake enforces it: a batch over 100,000 requests or 256 MB is refused
 * (413 `request_too_large` for the size, as Cloudflare answers in front of the API), a retired model id is
 * a 404 `not_found_error`, and the simulated prompt cache honours `cache_control.ttl` (`5m` / `1h`) and
 * reports the split in `usage.cache_creation`. Test helper.
 */

/** Model ids Anthropic has retired (no longer served); requests naming them get a 404. */
export const RETIRED_MODELS: readonly string[] = [
  'claude-3-5-haiku-latest',
  'claude-3-5-haiku-20241022',
  'claude-sonnet-4-0',
  'claude-sonnet-4-20250514',
  'claude-opus-4-0',
  'claude-opus-4-20250514',
  'claude-opus-4-1',
  'claude-opus-4-1-20250805',
]

/** Anthropic's documented Message Batches limits. */
export const BATCH_LIMITS = { maxRequests: 100_000, maxBytes: 256_000_000 } as const

export interface FakeReply {
  readonly status?: number
  readonly headers?: Record<string, string>
  /** A raw body (errors); otherwise a message is built from `toolInput`. */
  readonly body?: unknown
  /** What the model "calls" `record_score` with; a string becomes a text-only answer. */
  readonly toolInput?: unknown
  readonly usage?: {
    input_tokens: number
    output_tokens: number
    cache_creation_input_tokens?: number
    cache_read_input_tokens?: number
    cache_creation?: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number }
  }
}

export type BatchOutcome = 'succeeded' | 'errored' | 'expired' | 'canceled' | { invalid: unknown }

export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly headers: IncomingMessage['headers']
  readonly body: Record<string, unknown> | undefined
}

interface FakeBatch {
  id: string
  createdAt: string
  polls: number
  requests: { custom_id: string; params: Record<string, unknown> }[]
}

export interface FakeAnthropicOptions {
  /** The default valid answer for a request; receives the request body. */
  readonly answer?: (body: Record<string, unknown>) => unknown
  /** How many `retrieve` calls a batch stays `in_progress` (default 1). */
  readonly batchPolls?: number
  /** Per custom id, how a batch request ends (default succeeded). */
  readonly batchOutcome?: (customId: string) => BatchOutcome
  /**
   * Simulates the prompt cache for `POST /v1/messages` without a queued `usage`: the prefix up to the last
   * `cache_control` block (tools, then system, as the API orders it) is counted at ~4 characters a token;
   * at or above `minTokens` the first request reports it as `cache_creation_input_tokens` and later
   * identical prefixes as `cache_read_input_tokens`; below it nothing is cached, as the real API does.
   */
  readonly promptCache?: { readonly minTokens: number }
  /** Batch limits to enforce (default Anthropic's: 100,000 requests, 256 MB); lower them to test splitting. */
  readonly batchLimits?: { readonly maxRequests?: number; readonly maxBytes?: number }
}

export interface FakeAnthropic {
  readonly url: string
  readonly requests: RecordedRequest[]
  /** Replies used, in order, before the default answer, for `POST /v1/messages`. */
  readonly queue: FakeReply[]
  readonly batches: Map<string, FakeBatch>
  close(): Promise<void>
}

const DEFAULT_ANSWER = () => ({
  score: 7,
  intent: 'Came to use the product',
  success: 'Partly: browsed without a visible goal',
  improvement: 'Make the next step clearer',
  department: 'Product',
})

type Usage = NonNullable<FakeReply['usage']>

/**
 * The cacheable prefix of a request: tools and system blocks up to the last `cache_control`, without the
 * `cache_control` markers themselves (the same content cached with another lifetime is the same prefix),
 * and that breakpoint's lifetime.
 */
function cachePrefix(body: Record<string, unknown>): { text: string; ttl: '5m' | '1h' } | undefined {
  const blocks = [
    ...(Array.isArray(body.tools) ? body.tools : []),
    ...(Array.isArray(body.system) ? body.system : []),
  ] as Record<string, unknown>[]
  const last = blocks.findLastIndex((b) => b.cache_control !== undefined)
  if (last < 0) return undefined
  const control = blocks[last]?.cache_control as { ttl?: string } | undefined
  const text = JSON.stringify(blocks.slice(0, last + 1).map(({ cache_control: _, ...rest }) => rest))
  return { text, ttl: control?.ttl === '1h' ? '1h' : '5m' }
}

function simulatedUsage(
  body: Record<string, unknown>,
  minTokens: number,
  cache: Set<string>,
): Usage | undefined {
  const prefix = cachePrefix(body)
  const rest = Math.ceil(JSON.stringify(body.messages ?? []).length / 4)
  if (prefix === undefined) return undefined
  const tokens = Math.ceil(prefix.text.length / 4)
  if (tokens < minTokens) return { input_tokens: tokens + rest, output_tokens: 120 }
  const key = createHash('sha256')
    .update(`${String(body.model)}\n${prefix.text}`)
    .digest('hex')
  const hit = cache.has(key)
  cache.add(key)
  return hit
    ? { input_tokens: rest, output_tokens: 120, cache_read_input_tokens: tokens }
    : {
        input_tokens: rest,
        output_tokens: 120,
        cache_creation_input_tokens: tokens,
        cache_creation: {
          ephemeral_5m_input_tokens: prefix.ttl === '5m' ? tokens : 0,
          ephemeral_1h_input_tokens: prefix.ttl === '1h' ? tokens : 0,
        },
      }
}

function message(model: unknown, reply: FakeReply, fallback: unknown): Record<string, unknown> {
  const input = reply.toolInput ?? fallback
  const content =
    typeof input === 'string'
      ? [{ type: 'text', text: input }]
      : [{ type: 'tool_use', id: `toolu_${randomUUID().replace(/-/g, '')}`, name: 'record_score', input }]
  return {
    id: `msg_${randomUUID().replace(/-/g, '')}`,
    type: 'message',
    role: 'assistant',
    model: typeof model === 'string' ? model : 'claude-haiku-4-5',
    content,
    stop_reason: typeof input === 'string' ? 'end_turn' : 'tool_use',
    stop_sequence: null,
    usage: {
      input_tokens: reply.usage?.input_tokens ?? 900,
      output_tokens: reply.usage?.output_tokens ?? 120,
      cache_creation_input_tokens: reply.usage?.cache_creation_input_tokens ?? 0,
      cache_read_input_tokens: reply.usage?.cache_read_input_tokens ?? 0,
      ...(reply.usage?.cache_creation ? { cache_creation: reply.usage.cache_creation } : {}),
    },
  }
}

function errorBody(status: number): unknown {
  const type =
    status === 429
      ? 'rate_limit_error'
      : status === 529
        ? 'overloaded_error'
        : status === 400
          ? 'invalid_request_error'
          : 'api_error'
  return { type: 'error', error: { type, message: `fake ${type}` } }
}

async function readBody(
  req: IncomingMessage,
): Promise<{ json: Record<string, unknown> | undefined; bytes: number }> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  if (chunks.length === 0) return { json: undefined, bytes: 0 }
  const raw = Buffer.concat(chunks)
  return { json: JSON.parse(raw.toString('utf8')) as Record<string, unknown>, bytes: raw.length }
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    'request-id': `req_${randomUUID().replace(/-/g, '')}`,
    ...headers,
  })
  res.end(JSON.stringify(body))
}

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const requests: RecordedRequest[] = []
  const queue: FakeReply[] = []
  const batches = new Map<string, FakeBatch>()
  const answer = options.answer ?? DEFAULT_ANSWER
  const promptCache = new Set<string>()
  let base = ''

  const batchJson = (batch: FakeBatch) => {
    const ended = batch.polls >= (options.batchPolls ?? 1)
    const counts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 }
    for (const r of batch.requests) {
      if (!ended) counts.processing++
      else {
        const outcome = options.batchOutcome?.(r.custom_id) ?? 'succeeded'
        if (typeof outcome === 'object') counts.succeeded++
        else counts[outcome]++
      }
    }
    return {
      id: batch.id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : 'in_progress',
      request_counts: counts,
      created_at: batch.createdAt,
      expires_at: new Date(Date.parse(batch.createdAt) + 86_400_000).toISOString(),
      ended_at: ended ? new Date().toISOString() : null,
      cancel_initiated_at: null,
      archived_at: null,
      results_url: ended ? `${base}/v1/messages/batches/${batch.id}/results` : null,
    }
  }

  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake')
    const read = req.method === 'POST' ? await readBody(req) : { json: undefined, bytes: 0 }
    const body = read.json
    requests.push({ method: req.method ?? 'GET', path: url.pathname, headers: req.headers, body })
    // Older SDKs send `x-api-key`, newer ones `authorization: Bearer`; the API takes both.
    if (req.headers['x-api-key'] === undefined && !req.headers.authorization?.startsWith('Bearer ')) {
      send(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'missing API key' } })
      return
    }
    const retired = (model: unknown) => {
      if (typeof model !== 'string' || !RETIRED_MODELS.includes(model)) return false
      send(res, 404, { type: 'error', error: { type: 'not_found_error', message: `model: ${model}` } })
      return true
    }
    if (req.method === 'POST' && url.pathname === '/v1/messages') {
      if (retired(body?.model)) return
      const reply = queue.shift() ?? {}
      if (reply.status && reply.status >= 400) {
        send(res, reply.status, reply.body ?? errorBody(reply.status), reply.headers)
        return
      }
      const usage =
        reply.usage ??
        (options.promptCache && body
          ? simulatedUsage(body, options.promptCache.minTokens, promptCache)
          : undefined)
      send(
        res,
        200,
        message(body?.model, usage ? { ...reply, usage } : reply, answer(body ?? {})),
        reply.headers,
      )
      return
    }
    if (req.method === 'POST' && url.pathname === '/v1/messages/batches') {
      const maxBytes = options.batchLimits?.maxBytes ?? BATCH_LIMITS.maxBytes
      const maxRequests = options.batchLimits?.maxRequests ?? BATCH_LIMITS.maxRequests
      if (read.bytes > maxBytes) {
        send(res, 413, {
          type: 'error',
          error: {
            type: 'request_too_large',
            message: 'Request exceeds the maximum allowed number of bytes.',
          },
        })
        return
      }
      const entries = (body?.requests ?? []) as FakeBatch['requests']
      if (entries.length > maxRequests) {
        send(res, 400, {
          type: 'error',
          error: {
            type: 'invalid_request_error',
            message: `requests: a batch holds at most ${maxRequests} requests`,
          },
        })
        return
      }
      if (entries.some((r) => retired(r.params?.model))) return
      const id = `msgbatch_${randomUUID().replace(/-/g, '')}`
      const batch: FakeBatch = {
        id,
        createdAt: new Date().toISOString(),
        polls: 0,
        requests: (body?.requests ?? []) as FakeBatch['requests'],
      }
      batches.set(id, batch)
      send(res, 200, batchJson(batch))
      return
    }
    const match = /^\/v1\/messages\/batches\/([^/]+)(\/results)?$/.exec(url.pathname)
    const batch = match ? batches.get(match[1] as string) : undefined
    if (req.method === 'GET' && match && !batch) {
      send(res, 404, { type: 'error', error: { type: 'not_found_error', message: 'no such batch' } })
      return
    }
    if (req.method === 'GET' && batch && !match?.[2]) {
      batch.polls++
      send(res, 200, batchJson(batch))
      return
    }
    if (req.method === 'GET' && batch && match?.[2]) {
      const lines = batch.requests.map((r) => {
        const outcome = options.batchOutcome?.(r.custom_id) ?? 'succeeded'
        const usage = options.promptCache
          ? simulatedUsage(r.params, options.promptCache.minTokens, promptCache)
          : undefined
        const result =
          outcome === 'succeeded'
            ? {
                type: 'succeeded',
                message: message(r.params.model, usage ? { usage } : {}, answer(r.params)),
              }
            : typeof outcome === 'object'
              ? {
                  type: 'succeeded',
                  message: message(r.params.model, { toolInput: outcome.invalid }, undefined),
                }
              : outcome === 'errored'
                ? { type: 'errored', error: errorBody(529) }
                : { type: outcome }
        return JSON.stringify({ custom_id: r.custom_id, result })
      })
      res.writeHead(200, { 'content-type': 'application/binary' })
      res.end(`${lines.join('\n')}\n`)
      return
    }
    send(res, 404, {
      type: 'error',
      error: { type: 'not_found_error', message: `${req.method} ${url.pathname}` },
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: base,
    requests,
    queue,
    batches,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
