import type { JobDefinition } from '@suture/store'
import type { CostBudget } from '../anthropic/budget.js'
import type { ScoreExporter } from '../posthog/score-exporter.js'
import type { Scorer } from '../scoring/scorer.js'
import { runScoreSessionsJob, SCORE_SESSIONS_JOB, type ScoreSessionsJobResult } from './score-sessions-job.js'

export interface ScoreSessionsJobConfig {
  /**
   * Called once per run: a fresh scorer, and Claude's budget — `nightlyBudgetUsd` per project and night,
   * shared through the database with every other run that night (a second worker, `suture score`), or a
   * `budget` for this run alone.
   */
  readonly createScorer: () => {
    scorer: Scorer
    budget?: CostBudget | undefined
    nightlyBudgetUsd?: number | undefined
  }
  readonly createExporter?: (() => ScoreExporter) | undefined
  /** Default '0 3 * * *': after the day's sessions have gone idle. */
  readonly cron?: string | undefined
  readonly timeZone?: string | undefined
  readonly idleMinutes?: number | undefined
  readonly batchThreshold?: number | undefined
  readonly batchPollIntervalMs?: number | undefined
  readonly now?: (() => Date) | undefined
}

/** The run's key: the calendar day in the schedule's time zone, so one run per night. */
export function nightKey(now: Date, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now)
}

/**
 * The nightly `score-sessions` job for `startWorker`. A run may carry `{ key }` in its data (manual runs);
 * scheduled runs use the night's date, so a retried or duplicated run of the same night is a no-op once it
 * has succeeded, and a crashed one resumes where it stopped.
 */
export function scoreSessionsJob(config: ScoreSessionsJobConfig): JobDefinition<{ key?: string }> {
  return {
    name: SCORE_SESSIONS_JOB,
    cron: config.cron ?? '0 3 * * *',
    timeZone: config.timeZone,
    async run({ database, data, log }): Promise<ScoreSessionsJobResult> {
      const now = config.now?.() ?? new Date()
      const { scorer, budget, nightlyBudgetUsd } = config.createScorer()
      const exporter = config.createExporter?.()
      try {
        const result = await runScoreSessionsJob(database.db, {
          key: typeof data.key === 'string' ? data.key : nightKey(now, config.timeZone),
          scorer,
          budget,
          ...(nightlyBudgetUsd !== undefined
            ? { nightlyBudget: { night: nightKey(now, config.timeZone), limitUsd: nightlyBudgetUsd } }
            : {}),
          now,
          idleMinutes: config.idleMinutes,
          batchThreshold: config.batchThreshold,
          batchPollIntervalMs: config.batchPollIntervalMs,
          // Two workers (or a worker and `suture score`) on one Postgres split the sessions.
          claimSessions: database.kind === 'postgres',
          exporter,
          log,
        })
        if (result.status === 'succeeded') {
          const s = result.summary
          log(
            `score-sessions: ${s.scored} scored, ${s.failed} failed, ${s.left} left, $${s.costUsd.toFixed(4)}` +
              (s.budgetStop ? ` — ${s.budgetStop}` : ''),
          )
        } else log(`score-sessions: run ${result.runId} already succeeded for this key; nothing to do`)
        return result
      } finally {
        await exporter?.shutdown()
      }
    },
  }
}
