import type { Database, JobDefinition } from '@suture/store'
import type { Kysely } from 'kysely'
import { inEnvironments } from '../environments/environments.js'
import { runTriage, type TriageConfig } from './run-triage.js'
import { isoWeek, isoWeekRange } from './week.js'

export const CURRENT_WEEK_JOB = 'pm-agent.current-week'

export interface CurrentWeekRun {
  readonly projectId: string
  readonly week: string
  /** `skipped`: nothing arrived since the last run of this week. */
  readonly status: 'triaged' | 'skipped'
}

/**
 * Triages every project's current week so far, so the dashboard shows a new app's problems today rather
 * than after Monday. It stores clusters and files nothing (tickets stay the weekly run's job); a project
 * whose week got no new envelope or scored session since the last run is skipped.
 */
export async function triageCurrentWeeks(
  db: Kysely<Database>,
  options: { readonly now: Date; readonly config?: TriageConfig | undefined },
): Promise<CurrentWeekRun[]> {
  const week = isoWeek(options.now)
  const { start } = isoWeekRange(week)
  const projects = await db.selectFrom('projects').select('id').orderBy('id').execute()
  const runs: CurrentWeekRun[] = []
  for (const { id } of projects) {
    const last = await db
      .selectFrom('triage_runs')
      .select('started_at')
      .where('project_id', '=', id)
      .where('week', '=', week)
      .where('status', '=', 'succeeded')
      .executeTakeFirst()
    // What arrived since the last run: an envelope received, or a session scored, after it started.
    const since = last ? new Date(last.started_at) : start
    const envelope = await db
      .selectFrom('envelopes')
      .select('id')
      .where('project_id', '=', id)
      .where('occurred_at', '>=', start)
      .where('received_at', '>=', since)
      .where(inEnvironments(options.config?.environments))
      .limit(1)
      .executeTakeFirst()
    const scored = envelope
      ? undefined
      : await db
          .selectFrom('scores')
          .select('session_id')
          .where('project_id', '=', id)
          .where('scored_at', '>=', since)
          .limit(1)
          .executeTakeFirst()
    if (!envelope && !scored) {
      runs.push({ projectId: id, week, status: 'skipped' })
      continue
    }
    await runTriage({ db, projectId: id, week, config: options.config, now: options.now })
    runs.push({ projectId: id, week, status: 'triaged' })
  }
  return runs
}

/** Every 15 minutes: the current week so far, for the dashboard (see `triageCurrentWeeks`). */
export function currentWeekJob(options: {
  readonly config?: TriageConfig | undefined
  readonly now?: (() => Date) | undefined
}): JobDefinition {
  return {
    name: CURRENT_WEEK_JOB,
    cron: '*/15 * * * *',
    retryLimit: 1,
    expireInHours: 1,
    async run({ database, log }) {
      const runs = await triageCurrentWeeks(database.db, {
        now: options.now?.() ?? new Date(),
        config: options.config,
      })
      const triaged = runs.filter((r) => r.status === 'triaged')
      for (const r of triaged) log(`${CURRENT_WEEK_JOB}: triaged ${r.week} so far for ${r.projectId}`)
      return { triaged: triaged.length, skipped: runs.length - triaged.length }
    },
  }
}
