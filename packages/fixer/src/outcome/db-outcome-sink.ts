import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import type { FixOutcome, FixRunRecord, OutcomeSink } from './outcome-row.js'

/**
 * Outcome rows in the `fix_runs` table (store's migration `0005-fixer-runs`). Idempotent per run id: a
 * row recorded twice (a retried write) is one row.
 *
 * @example
 * const outcomes = fanOut(new JsonlOutcomeLog(file), new DbOutcomeSink(database.db, projectId))
 */
export class DbOutcomeSink implements OutcomeSink {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly projectId: string,
  ) {}

  async record(row: FixRunRecord): Promise<void> {
    await this.db
      .insertInto('fix_runs')
      .values({
        run_id: row.run_id,
        project_id: this.projectId,
        ticket_id: row.ticket_id,
        ticket_identifier: row.ticket_identifier,
        cluster_key: row.cluster_key,
        attempt: row.attempt,
        trigger_source: row.trigger_source,
        agent: row.agent,
        repo: row.repo,
        branch: row.branch,
        base_commit: row.base_commit,
        head_commit: row.head_commit,
        worker: row.worker,
        started_at: row.started,
        finished_at: row.finished,
        stages: JSON.stringify(row.stages),
        outcome: row.outcome,
        detail: row.detail,
        cost_usd: row.cost_usd,
        tokens: JSON.stringify(row.tokens),
        proposal_url: row.proposal_url,
        review_outcome: row.review_outcome,
        regressions_detected_24h: row.regressions_detected_24h,
        reasoning: row.review_details?.reasoning ?? null,
        evidence: row.review_details ? JSON.stringify(row.review_details.evidence) : null,
        diff: row.review_details?.diff ?? null,
      })
      .onConflict((oc) => oc.column('run_id').doNothing())
      .execute()
  }
}

/** What a person decided about a proposal (the morning review): merge, redirect, or close as wrong-tree. */
export type ReviewOutcome = 'merged' | 'redirected' | 'closed-wrong-tree'

/**
 * Completes a run's row once it is known how the review went and whether a regression showed within
 * 24 hours of the merge. Fields left undefined keep their value.
 */
export async function completeFixRun(
  db: Kysely<Database>,
  runId: string,
  completion: { readonly reviewOutcome?: ReviewOutcome; readonly regressionsDetected24h?: boolean },
  at: Date = new Date(),
): Promise<boolean> {
  const result = await db
    .updateTable('fix_runs')
    .set({
      ...(completion.reviewOutcome !== undefined ? { review_outcome: completion.reviewOutcome } : {}),
      ...(completion.regressionsDetected24h !== undefined
        ? { regressions_detected_24h: completion.regressionsDetected24h }
        : {}),
      completed_at: at,
    })
    .where('run_id', '=', runId)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** The runs of one ticket lineage, newest first (what the dashboard and the digest show). */
export async function fixRunsOf(
  db: Kysely<Database>,
  projectId: string,
  clusterKey: string,
): Promise<
  {
    runId: string
    attempt: number
    outcome: FixOutcome
    costUsd: number
    proposalUrl: string | null
    startedAt: Date
  }[]
> {
  const rows = await db
    .selectFrom('fix_runs')
    .select(['run_id', 'attempt', 'outcome', 'cost_usd', 'proposal_url', 'started_at'])
    .where('project_id', '=', projectId)
    .where('cluster_key', '=', clusterKey)
    .orderBy('started_at', 'desc')
    .execute()
  return rows.map((r) => ({
    runId: r.run_id,
    attempt: r.attempt,
    outcome: r.outcome,
    costUsd: Number(r.cost_usd),
    proposalUrl: r.proposal_url,
    startedAt: new Date(r.started_at),
  }))
}
