import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import type { ReviewOutcome } from '../outcome/db-outcome-sink.js'
import type { PullRequestState } from '../proposal/pull-state.js'

/** A proposal whose pull request was merged: what post-merge validation needs to start. */
export interface MergedProposal {
  readonly projectId: string
  readonly runId: string
  readonly ticketId: string
  readonly clusterKey: string
  readonly proposalUrl: string
  readonly mergeCommit: string | null
  readonly mergedAt: Date
}

/**
 * Called once per proposal when its merge is first seen, inside the transaction that records it (`db` is
 * that transaction): if it throws, nothing is recorded and the next sync or webhook redelivery tries
 * again. The service wires pm-agent's `markFixed` here; the fixer does not know validation.
 */
export type OnMerged = (db: Kysely<Database>, merged: MergedProposal) => Promise<void>

/** What one observed state did to one proposal. */
export interface AppliedPrState {
  readonly projectId: string
  readonly runId: string
  readonly ticketId: string
  readonly state: PullRequestState['state']
  /** The stored PR state changed (false: already known, e.g. a redelivered webhook). */
  readonly changed: boolean
  /** The review decision that stands after this (the first one wins), null while nobody decided. */
  readonly decision: ReviewOutcome | null
  /** This observation made the decision (a merge or close on GitHub before anyone used the Review page). */
  readonly decided: boolean
}

const DECISION: Record<'merged' | 'closed', ReviewOutcome> = {
  merged: 'merged',
  // Closing the PR without merging is GitHub's way of saying "not this": the ticket goes to a person,
  // as a wrong-tree close on the Review page does, instead of being re-dispatched to the agent.
  closed: 'closed-wrong-tree',
}

/**
 * Applies a pull request state seen on GitHub (the sync job, the webhook) or reported by an external fixer
 * to every proposal with that PR URL (in `projectId` when given): stores the PR state, and a merge or
 * close becomes the proposal's review decision unless a person decided first (a merge then counts in the
 * loop's numbers and leaves the Review queue). `onMerged` runs once per proposal, on the first sight of
 * its merge. Idempotent: the same state again changes nothing.
 *
 * @example
 * await applyPullRequestState(db, { url, state: 'merged', at, mergeCommit: sha, by: 'alice' }, { onMerged })
 */
export async function applyPullRequestState(
  db: Kysely<Database>,
  observed: PullRequestState,
  options: {
    readonly projectId?: string | undefined
    readonly onMerged?: OnMerged | undefined
    readonly now?: Date | undefined
    /** Who saw the state: GitHub (default) or an external fixer's report; names the decision's author. */
    readonly via?: 'github' | 'report' | undefined
    /**
     * The person whose action caused the state (the Review page's Merge button): the decision it makes
     * is theirs, with this comment, instead of `github:<login>`'s.
     */
    readonly decidedBy?: { readonly reviewedBy: string; readonly comment: string } | undefined
  } = {},
): Promise<AppliedPrState[]> {
  const via = options.via ?? 'github'
  const where = via === 'github' ? 'on GitHub' : 'as the fixer reported'
  const apply = async (trx: Kysely<Database>): Promise<AppliedPrState[]> => {
    let query = trx
      .selectFrom('fix_runs as r')
      .leftJoin('fix_reviews as v', 'v.run_id', 'r.run_id')
      .select([
        'r.run_id',
        'r.project_id',
        'r.ticket_id',
        'r.cluster_key',
        'r.pr_state',
        'r.merge_commit',
        'v.decision',
      ])
      .where('r.proposal_url', '=', observed.url)
      .where('r.outcome', '=', 'proposed')
      .orderBy('r.run_id')
      .forUpdate('r')
    if (options.projectId) query = query.where('r.project_id', '=', options.projectId)
    const runs = await query.execute()
    const at = observed.at ?? options.now ?? new Date()
    const out: AppliedPrState[] = []
    for (const run of runs) {
      const changed = run.pr_state !== observed.state
      let decision = run.decision
      let decided = false
      if (changed) {
        await trx
          .updateTable('fix_runs')
          .set({
            pr_state: observed.state,
            pr_state_at: observed.state === 'open' ? null : at,
            merge_commit: observed.mergeCommit ?? run.merge_commit,
          })
          .where('run_id', '=', run.run_id)
          .execute()
      }
      if (changed && observed.state !== 'open' && decision === null) {
        const by = observed.by ?? 'unknown'
        await trx
          .insertInto('fix_reviews')
          .values({
            run_id: run.run_id,
            project_id: run.project_id,
            ticket_id: run.ticket_id,
            cluster_key: run.cluster_key,
            decision: DECISION[observed.state],
            comment:
              options.decidedBy?.comment ??
              (observed.state === 'merged'
                ? `Merged ${where} (${by}).`
                : `Pull request closed ${where} without merging (${by}): a person takes it from here.`),
            reviewed_by: options.decidedBy?.reviewedBy ?? `${via === 'github' ? 'github' : 'fixer'}:${by}`,
            reviewed_at: at,
          })
          .onConflict((oc) => oc.column('run_id').doNothing())
          .execute()
        await trx
          .updateTable('fix_runs')
          .set({ review_outcome: DECISION[observed.state], completed_at: at })
          .where('run_id', '=', run.run_id)
          .execute()
        decision = DECISION[observed.state]
        decided = true
      }
      if (changed && observed.state === 'merged' && options.onMerged) {
        await options.onMerged(trx, {
          projectId: run.project_id,
          runId: run.run_id,
          ticketId: run.ticket_id,
          clusterKey: run.cluster_key,
          proposalUrl: observed.url,
          mergeCommit: observed.mergeCommit ?? run.merge_commit,
          mergedAt: at,
        })
      }
      out.push({
        projectId: run.project_id,
        runId: run.run_id,
        ticketId: run.ticket_id,
        state: observed.state,
        changed,
        decision,
        decided,
      })
    }
    return out
  }
  return db.isTransaction ? apply(db) : db.transaction().execute(apply)
}
