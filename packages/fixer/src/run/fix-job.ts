import path from 'node:path'
import { claimJobRun, type Database, finishJobRun, type JobDefinition } from '@suture/store'
import type { Kysely } from 'kysely'
import type { AgentRunner } from '../agent/agent-runner.js'
import type { FixConfig } from '../config/fix-config.js'
import { DbOutcomeSink } from '../outcome/db-outcome-sink.js'
import { fanOut, JsonlOutcomeLog } from '../outcome/outcome-row.js'
import { DbReviewNotes } from '../review/review-notes.js'
import type { TicketSource } from '../tickets/ticket-source.js'
import { runFixes } from './run-fixes.js'

export const FIX_JOB = 'fixer.overnight'

export interface FixJobOptions {
  readonly config: FixConfig
  /** The tickets of one project (the service wires pm-agent's `FixerTicketSource`). */
  readonly createSource: (db: Kysely<Database>, projectId: string) => TicketSource
  readonly createRunner: () => AgentRunner
  /** When the window opens (cron, read in `timeZone`); default 03:30, after the nightly scoring at 03:00. */
  readonly cron?: string | undefined
  readonly timeZone?: string | undefined
  /** Minutes after the start during which new tickets may be started (default 180). */
  readonly windowMinutes?: number | undefined
  readonly now?: (() => Date) | undefined
}

/**
 * The overnight dispatch: after the nightly scoring, every project's fixable tickets go to the agent
 * so the draft PRs wait in the morning. No ticket starts after the window closes. Once per night per
 * project (`job_runs`, keyed by date and project); a crashed night is taken over and its proposals are
 * found again by branch, never opened twice.
 *
 * @example
 * await startWorker({ database, jobs: [...otherJobs, fixJob({ config, createSource, createRunner })] })
 */
export function fixJob(options: FixJobOptions): JobDefinition {
  return {
    name: FIX_JOB,
    cron: options.cron ?? '30 3 * * *',
    timeZone: options.timeZone,
    retryLimit: 1,
    expireInHours: Math.ceil((options.windowMinutes ?? 180) / 60) + 2,
    async run({ database, log }) {
      const now = options.now ?? (() => new Date())
      const started = now()
      const dispatchUntil = new Date(started.getTime() + (options.windowMinutes ?? 180) * 60_000)
      const night = started.toISOString().slice(0, 10)
      const projects = await database.db.selectFrom('projects').select('id').orderBy('id').execute()
      const summary: Record<string, Record<string, number>> = {}
      for (const { id: projectId } of projects) {
        const claim = await claimJobRun(database.db, FIX_JOB, `${night}:${projectId}`)
        if (claim.kind === 'already-succeeded') continue
        try {
          const result = await runFixes({
            config: options.config,
            source: options.createSource(database.db, projectId),
            runner: options.createRunner(),
            outcomes: fanOut(
              new JsonlOutcomeLog(path.join(options.config.outputDir, 'outcomes.jsonl')),
              new DbOutcomeSink(database.db, projectId),
            ),
            reviewNotes: new DbReviewNotes(database.db, projectId),
            trigger: 'schedule',
            dispatchUntil,
            now,
            onProgress: (p) => log(`${FIX_JOB}: [worker ${p.worker}] ${p.ticket} ${p.stage} ${p.detail}`),
          })
          const counts: Record<string, number> = {}
          for (const run of result.runs) counts[run.outcome] = (counts[run.outcome] ?? 0) + 1
          summary[projectId] = counts
          await finishJobRun(database.db, claim.runId, { status: 'succeeded', details: counts })
        } catch (error) {
          await finishJobRun(database.db, claim.runId, {
            status: 'failed',
            error: error instanceof Error ? error.message : String(error),
          })
          throw error
        }
      }
      return summary
    },
  }
}
