import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import type { MergedPullRequest, PullRequestMerger } from '../proposal/pull-merge.js'
import { applyPullRequestState, type OnMerged } from './pr-state.js'
import { ProposalNotFoundError, type ProposalReview, proposalReviewOf, proposedRun } from './review-queue.js'

/** GitHub merged the pull request, but recording it (or starting validation) failed. */
export class MergeNotRecordedError extends Error {
  override readonly name = 'MergeNotRecordedError'
  constructor(
    readonly url: string,
    readonly mergeCommit: string,
    options: { cause?: unknown } = {},
  ) {
    const why = options.cause instanceof Error ? options.cause.message : String(options.cause)
    super(
      `Merged on GitHub (${mergeCommit.slice(0, 7)}), but Suture could not record it: ${why}. ` +
        'Nothing is lost: the next PR sync (every 15 minutes) or the webhook records the merge and starts validation.',
      options,
    )
  }
}

/** What the Merge button did. */
export interface ProposalMerge {
  /** The decision that stands: this merge's, or the one made first (`created: false`). */
  readonly review: ProposalReview
  readonly created: boolean
  /** What GitHub did; null when a decision already stood and nothing was asked of GitHub. */
  readonly merge: MergedPullRequest | null
}

async function reviewOf(db: Kysely<Database>, runId: string): Promise<ProposalReview | null> {
  const row = await db.selectFrom('fix_reviews').selectAll().where('run_id', '=', runId).executeTakeFirst()
  return row ? proposalReviewOf(row) : null
}

/**
 * The Review page's Merge: merges the proposal's pull request on GitHub (a draft is marked ready first;
 * the head must still be the commit the reviewer saw), then records it through `applyPullRequestState`
 * — the decision `merged` by `reviewedBy`, the merge commit, and `onMerged` (post-merge validation), in
 * one transaction. A later webhook or sync of the same merge finds it known and changes nothing. A
 * decision already made stands: nothing is asked of GitHub. GitHub's refusals are
 * `PullRequestMergeError` (nothing recorded); a merge that could not be recorded is
 * `MergeNotRecordedError` (the sync records it later).
 *
 * @example
 * const { review } = await mergeProposal(db, projectId, { runId, reviewedBy: 'dashboard:key_1' }, { merger, onMerged })
 */
export async function mergeProposal(
  db: Kysely<Database>,
  projectId: string,
  input: { readonly runId: string; readonly reviewedBy: string },
  options: {
    readonly merger: PullRequestMerger
    readonly onMerged?: OnMerged | undefined
    readonly now?: Date | undefined
  },
): Promise<ProposalMerge> {
  const run = await proposedRun(db, projectId, input.runId)
  // A local patch has nothing on GitHub to merge.
  if (!run.proposal_url) throw new ProposalNotFoundError(input.runId)
  const first = await reviewOf(db, run.run_id)
  if (first) return { review: first, created: false, merge: null }

  const merge = await options.merger.merge(run.proposal_url, { expectedHead: run.head_commit })
  let decided = false
  try {
    const applied = await applyPullRequestState(
      db,
      {
        url: run.proposal_url,
        state: 'merged',
        at: merge.mergedAt,
        mergeCommit: merge.mergeCommit,
        by: merge.by,
      },
      {
        projectId,
        onMerged: options.onMerged,
        now: options.now,
        decidedBy: {
          reviewedBy: input.reviewedBy,
          comment: merge.alreadyMerged
            ? `Merged on GitHub${merge.by ? ` by ${merge.by}` : ''} before the Review page's merge (${merge.mergeCommit.slice(0, 7)}).`
            : `Merged from the Review page (${merge.method ?? 'merge'}): ${merge.mergeCommit.slice(0, 7)}${merge.readied ? ', after marking the draft ready for review' : ''}.`,
        },
      },
    )
    decided = applied.some((a) => a.runId === run.run_id && a.decided)
  } catch (error: unknown) {
    throw new MergeNotRecordedError(run.proposal_url, merge.mergeCommit, { cause: error })
  }
  const review = await reviewOf(db, run.run_id)
  if (!review) throw new ProposalNotFoundError(input.runId)
  return { review, created: decided, merge }
}
