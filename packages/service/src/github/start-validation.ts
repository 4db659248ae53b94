import type { MergedProposal } from '@suture/fixer'
import { markFixed } from '@suture/pm-agent'
import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'

/**
 * What a merge starts: pm-agent's post-merge validation (`markFixed`) for the proposal's cluster. The
 * release is the deploy that shipped the merge commit when CI already reported it (`/v1/deploys` with
 * `commit`), else the merge commit itself, so validation counts from the merge until a deploy says more.
 * Runs inside the transaction that records the merge: a failure leaves the merge unrecorded, to be seen
 * again by the next sync or webhook redelivery.
 *
 * @example
 * await applyPullRequestState(db, state, { onMerged: startValidationOnMerge })
 */
export async function startValidationOnMerge(db: Kysely<Database>, merged: MergedProposal): Promise<void> {
  const deploy = merged.mergeCommit
    ? await db
        .selectFrom('deploys')
        .select('release')
        .where('project_id', '=', merged.projectId)
        .where('commit_sha', '=', merged.mergeCommit)
        .orderBy('deployed_at')
        .executeTakeFirst()
    : undefined
  await markFixed(db, {
    projectId: merged.projectId,
    clusterKey: merged.clusterKey,
    release: deploy?.release ?? merged.mergeCommit ?? `merge:${merged.proposalUrl}`,
    at: merged.mergedAt,
  })
}
