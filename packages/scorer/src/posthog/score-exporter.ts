import { PostHog } from 'posthog-node'

/** A stored score on its way to PostHog. */
export interface ExportableScore {
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
  /** Resolves once everything sent so far was accepted; rejects when PostHog refused it. */
  flush(): Promise<void>
  /** Flushes and stops the client; call once at the end of a run. */
  shutdown(): Promise<void>
}

export const SCORE_EVENT = 'suture session scored'

/**
 * Sends scores to PostHog with `posthog-node`: one event on the session (`$session_id`) carrying the
 * fields, and the score as a person property (`$set`), so the latest score sits on the person.
 * @example
 * const exporter = createPostHogExporter({ apiKey: 'phc_…', host: 'https://eu.i.posthog.com' })
 */
export function createPostHogExporter(options: {
  apiKey: string
  host: string
  /** Events per request (default 100). */
  flushAt?: number
}): ScoreExporter {
  const client = new PostHog(options.apiKey, {
    host: options.host,
    flushAt: options.flushAt ?? 100,
    // The run flushes explicitly after each page; no timer-driven flushes in between.
    flushInterval: 0,
  })
  return {
    send(score) {
      client.capture({
        distinctId: score.distinctId,
        event: SCORE_EVENT,
        timestamp: score.scoredAt,
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
    flush: () => client.flush(),
    shutdown: () => client.shutdown(),
  }
}
