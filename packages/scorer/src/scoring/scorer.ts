import type { ScoreOutput } from './score-output.js'
import type { ScoringSession } from './session.js'

export interface TokenUsage {
  readonly inputTokens: number
  readonly outputTokens: number
  readonly cacheReadInputTokens: number
  readonly cacheCreationInputTokens: number
  /** The part of `cacheCreationInputTokens` written with the 1-hour lifetime (priced higher). */
  readonly cacheCreation1hInputTokens?: number
}

/** A score, or the reason there is none (the session is recorded as failed-to-score and not retried blindly). */
export type ScoreResult =
  | {
      readonly ok: true
      readonly output: ScoreOutput
      readonly costUsd: number
      readonly usage?: TokenUsage | undefined
    }
  | {
      readonly ok: false
      readonly reason: string
      /**
       * True when trying again later may succeed (rate limits, outages, an expired batch): the session is
       * left for the next run. False when the scorer could not produce a valid score (recorded as failed).
       */
      readonly retryable: boolean
      readonly costUsd: number
      readonly usage?: TokenUsage | undefined
    }

/**
 * Turns an ended session into an implied NPS answer. `version` changes whenever the same session could get
 * a different score; stored scores of another version are re-scored, those of the same version are not.
 */
export interface Scorer {
  readonly name: string
  readonly version: string
  /** The model behind the scorer, when there is one. */
  readonly model?: string | undefined
  score(session: ScoringSession, options?: { signal?: AbortSignal }): Promise<ScoreResult>
}
