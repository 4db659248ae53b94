import { setTimeout as delay } from 'node:timers/promises'
import type Anthropic from '@anthropic-ai/sdk'
import type { ScoreResult } from '../scoring/scorer.js'
import type { ScoringSession } from '../scoring/session.js'
import { type ClaudeScorer, customIdFor } from './claude-scorer.js'

/** Above this many sessions a run goes through the Message Batches API (half price, up to 24 h). */
export const DEFAULT_BATCH_THRESHOLD = 100

/** The Message Batches API takes at most 100,000 requests per batch… */
export const MAX_BATCH_REQUESTS = 100_000
/**
 * …and at most 256 MB per batch (a bigger one is refused with 413 `request_too_large`). Each entry repeats
 * the whole rubric (21–26 KB), so 10,000 entries already come close; read as decimal megabytes, the
 * stricter reading, less a margin for the request's framing.
 */
export const MAX_BATCH_BYTES = 250_000_000

export interface BatchEntry {
  readonly custom_id: string
  readonly params: Anthropic.MessageCreateParamsNonStreaming
}

/** One batch request for a session: `custom_id` is the session id (hashed if it must be). */
export function batchEntry(scorer: ClaudeScorer, session: ScoringSession): BatchEntry {
  return { custom_id: customIdFor(session.sessionId), params: scorer.request(session, { batch: true }) }
}

/** The bytes an entry adds to the batch's JSON body (with its separating comma). */
export function batchEntryBytes(entry: BatchEntry): number {
  return Buffer.byteLength(JSON.stringify(entry)) + 1
}

/** The JSON around the entries: `{"requests":[` … `]}`. */
export const BATCH_FRAMING_BYTES = Buffer.byteLength('{"requests":[]}')

export interface BatchSubmission {
  readonly batchId: string
  readonly sessionIds: readonly string[]
}

/** A batch over the API's limits; the caller splits it (`scoreStoredSessions` does). */
export class BatchTooLargeError extends Error {
  override readonly name = 'BatchTooLargeError'
  constructor(
    readonly requests: number,
    readonly bytes: number,
  ) {
    super(
      `a Message Batch of ${requests} requests and ${bytes} bytes is over the API's limits (${MAX_BATCH_REQUESTS} requests, ${MAX_BATCH_BYTES} bytes here); submit fewer sessions per batch`,
    )
  }
}

/** Sends one Message Batch with a request per session; refuses one over the API's count or size limit. */
export async function submitScoringBatch(
  scorer: ClaudeScorer,
  sessions: readonly ScoringSession[],
  limits: { maxBytes?: number; maxRequests?: number } = {},
): Promise<BatchSubmission> {
  const requests = sessions.map((session) => batchEntry(scorer, session))
  const bytes = BATCH_FRAMING_BYTES + requests.reduce((sum, entry) => sum + batchEntryBytes(entry), 0)
  if (
    requests.length > (limits.maxRequests ?? MAX_BATCH_REQUESTS) ||
    bytes > (limits.maxBytes ?? MAX_BATCH_BYTES)
  )
    throw new BatchTooLargeError(requests.length, bytes)
  const batch = await scorer.client.messages.batches.create({ requests })
  return { batchId: batch.id, sessionIds: sessions.map((s) => s.sessionId) }
}

export interface WaitOptions {
  readonly pollIntervalMs?: number
  readonly signal?: AbortSignal
  readonly onPoll?: (batch: Anthropic.Messages.MessageBatch) => void
}

/** Polls until the batch has ended (all requests succeeded, errored, expired or were canceled). */
export async function waitForBatch(
  scorer: ClaudeScorer,
  batchId: string,
  options: WaitOptions = {},
): Promise<Anthropic.Messages.MessageBatch> {
  const interval = options.pollIntervalMs ?? 30_000
  for (;;) {
    const batch = await scorer.client.messages.batches.retrieve(batchId, undefined, {
      ...(options.signal ? { signal: options.signal } : {}),
    })
    options.onPoll?.(batch)
    if (batch.processing_status === 'ended') return batch
    await delay(interval, undefined, options.signal ? { signal: options.signal } : undefined)
  }
}

export interface BatchResult {
  readonly sessionId: string
  readonly result: ScoreResult
}

/**
 * Reads an ended batch's JSONL results and turns each into a score: succeeded responses are validated (one
 * direct repair call when invalid), errored/expired/canceled ones are left for the next run.
 */
export async function* readBatchResults(
  scorer: ClaudeScorer,
  batchId: string,
  sessions: readonly ScoringSession[],
  options: { signal?: AbortSignal } = {},
): AsyncGenerator<BatchResult> {
  const byCustomId = new Map(sessions.map((s) => [customIdFor(s.sessionId), s]))
  const seen = new Set<string>()
  const results = await scorer.client.messages.batches.results(batchId)
  for await (const line of results) {
    const session = byCustomId.get(line.custom_id)
    if (!session || seen.has(line.custom_id)) continue
    seen.add(line.custom_id)
    const r = line.result
    let result: ScoreResult
    switch (r.type) {
      case 'succeeded':
        result = await scorer.finish(session, r.message, {
          batch: true,
          ...(options.signal ? { signal: options.signal } : {}),
        })
        break
      case 'errored': {
        const type = r.error.error.type
        result = {
          ok: false,
          reason: `batch request errored: ${type}: ${r.error.error.message}`,
          // A malformed request fails the same way again; overload and server errors may not.
          retryable: type !== 'invalid_request_error',
          costUsd: 0,
        }
        break
      }
      case 'expired':
        result = {
          ok: false,
          reason: 'batch request expired before it was processed',
          retryable: true,
          costUsd: 0,
        }
        break
      default:
        result = { ok: false, reason: 'batch request was canceled', retryable: true, costUsd: 0 }
    }
    yield { sessionId: session.sessionId, result }
  }
  for (const [customId, session] of byCustomId) {
    if (!seen.has(customId)) {
      yield {
        sessionId: session.sessionId,
        result: { ok: false, reason: 'missing from the batch results', retryable: true, costUsd: 0 },
      }
    }
  }
}
