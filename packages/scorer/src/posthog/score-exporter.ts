import { createHash } from 'node:crypto'
import { PostHog } from 'posthog-node'

/** A stored score on its way to PostHog. */
export interface ExportableScore {
  /** The Suture project; part of the event's uuid, so equal session ids of two projects stay apart. */
  readonly projectId: string
  readonly sessionId: string
  /** The PostHog person; falls back to the session id for anonymous sessions. */
  readonly distinctId: string
  readonly score: number
  readonly intent: string
  readonly success: string
  readonly improvement: string
  readonly department: string
  readonly scorer: string
  readonly version: string
  readonly model: string | null
  readonly scoredAt: Date
}

export interface ScoreExporter {
  send(score: ExportableScore): void
  /**
   * Resolves once everything sent since the last flush was accepted; rejects when PostHog refused any
   * of it, including a batch the client sent on its own in between.
   */
  flush(): Promise<void>
  /** Flushes and stops the client; call once at the end of a run. */
  shutdown(): Promise<void>
}

export const SCORE_EVENT = 'suture session scored'

/**
 * The event's uuid, the same every time the same score is sent: PostHog keeps one event per
 * `(uuid, event, distinct_id, day)`, so a score sent twice — the rest of a failed flush that
 * `posthog-node` still delivers, then the whole page again on the next run — is stored once.
 * A name-based UUID (RFC 9562 version 8 layout over SHA-256), which `posthog-node` accepts as valid.
 */
export function scoreEventUuid(score: ExportableScore): string {
  const hex = createHash('sha256')
    .update(
      JSON.stringify([
        score.projectId,
        score.sessionId,
        score.scorer,
        score.version,
        score.scoredAt.toISOString(),
      ]),
    )
    .digest('hex')
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/**
 * Sends scores to PostHog with `posthog-node`: one event on the session (`$session_id`) carrying the
 * fields, and the score as a person property (`$set`), so the latest score sits on the person. Each
 * event has a deterministic `uuid` (`scoreEventUuid`), so resending is harmless.
 * @example
 * const exporter = createPostHogExporter({ apiKey: 'phc_…', host: 'https://eu.i.posthog.com' })
 */
export function createPostHogExporter(options: {
  apiKey: string
  host: string
  /** Events per request (default 100). */
  flushAt?: number
  /** `posthog-node` retries of a 408/429/5xx batch (default 3, 3 s apart). */
  fetchRetryCount?: number
  fetchRetryDelay?: number
}): ScoreExporter {
  const batch = options.flushAt ?? 100
  const client = new PostHog(options.apiKey, {
    host: options.host,
    flushAt: batch,
    maxBatchSize: batch,
    // The run flushes explicitly after each page; no timer-driven flushes in between.
    flushInterval: 0,
    ...(options.fetchRetryCount !== undefined ? { fetchRetryCount: options.fetchRetryCount } : {}),
    ...(options.fetchRetryDelay !== undefined ? { fetchRetryDelay: options.fetchRetryDelay } : {}),
  })
  // posthog-node flushes on its own whenever `flushAt` events are queued and only logs that flush's
  // failure, and an explicit flush that waits behind it does not rethrow it; the 'error' event is the
  // one place every failed batch is reported, so a page is never marked exported past a lost batch.
  let failure: unknown
  client.on('error', (error: unknown) => {
    failure ??= error
  })
  return {
    send(score) {
      client.capture({
        distinctId: score.distinctId,
        event: SCORE_EVENT,
        timestamp: score.scoredAt,
        uuid: scoreEventUuid(score),
        properties: {
          $session_id: score.sessionId,
          score: score.score,
          intent: score.intent,
          success: score.success,
          improvement: score.improvement,
          department: score.department,
          scorer: score.scorer,
          scorer_version: score.version,
          model: score.model,
          $set: { suture_implied_nps: score.score, suture_implied_nps_at: score.scoredAt.toISOString() },
        },
      })
    },
    async flush() {
      try {
        await client.flush()
      } catch (error: unknown) {
        failure ??= error
      }
      const seen = failure
      failure = undefined
      if (seen !== undefined) throw seen instanceof Error ? seen : new Error(String(seen))
    },
    shutdown: () => client.shutdown(),
  }
}
