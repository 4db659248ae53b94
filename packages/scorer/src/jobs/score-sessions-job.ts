import type { Database } from '@suture/store'
import { claimJobRun, finishJobRun, lastSuccessfulRun } from '@suture/store'
import type { Kysely } from 'kysely'
import { exportScores } from '../posthog/export-scores.js'
import type { ScoreExporter } from '../posthog/score-exporter.js'
import {
  type ScoreRunSummary,
  type ScoreStoredOptions,
  scoreStoredSessions,
} from '../sessions/score-stored-sessions.js'

export const SCORE_SESSIONS_JOB = 'score-sessions'

export interface ScoreSessionsJobOptions extends Omit<ScoreStoredOptions, 'runId'> {
  /** One run per key: the nightly job uses the date, `suture score` a unique key per invocation. */
  readonly key: string
  /** Sends new scores to PostHog after scoring, when configured. */
  readonly exporter?: ScoreExporter | undefined
}

export type ScoreSessionsJobResult =
  | { readonly status: 'already-succeeded'; readonly runId: number }
  | {
      readonly status: 'succeeded'
      readonly runId: number
      readonly resumed: boolean
      readonly summary: ScoreRunSummary
      readonly exported: number
      /** The previous successful run's end: this run covers everything that ended since (and anything left). */
      readonly since: Date | undefined
    }

/**
 * One scoring run with its `job_runs` record: what was scored, what it cost, and whether the budget
 * stopped it. Rerunning a key that crashed or failed resumes it; one that succeeded is a no-op.
 */
export async function runScoreSessionsJob(
  db: Kysely<Database>,
  options: ScoreSessionsJobOptions,
): Promise<ScoreSessionsJobResult> {
  const { key, exporter, ...scoring } = options
  const since = await lastSuccessfulRun(db, SCORE_SESSIONS_JOB)
  const claim = await claimJobRun(db, SCORE_SESSIONS_JOB, key, {
    scorer: `${scoring.scorer.name}@${scoring.scorer.version}`,
  })
  if (claim.kind === 'already-succeeded') return { status: 'already-succeeded', runId: claim.runId }
  try {
    const summary = await scoreStoredSessions(db, { ...scoring, runId: claim.runId })
    const exported = exporter ? await exportScores(db, exporter, { log: scoring.log }) : 0
    await finishJobRun(db, claim.runId, {
      status: 'succeeded',
      details: {
        scorer: `${scoring.scorer.name}@${scoring.scorer.version}`,
        model: scoring.scorer.model ?? null,
        previousSuccess: since?.toISOString() ?? null,
        ...summary,
        costPer1kSessions: Number.isFinite(summary.costPer1kSessions) ? summary.costPer1kSessions : null,
        budgetStop: summary.budgetStop ?? null,
        exported,
      },
    })
    return { status: 'succeeded', runId: claim.runId, resumed: claim.resumed, summary, exported, since }
  } catch (error: unknown) {
    await finishJobRun(db, claim.runId, {
      status: 'failed',
      error: error instanceof Error ? error.message : String(error),
    }).catch(() => {})
    throw error
  }
}
