import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'

/** A proposal waiting for review, as the digest's morning queue lists it. */
export interface DigestQueueProposal {
  readonly runId: string
  readonly ticketIdentifier: string
  readonly clusterKey: string
  readonly attempt: number
  readonly agent: string
  readonly proposalUrl: string | null
  readonly costUsd: number
  readonly ageMs: number
}

/** The loop's numbers over one window (the fields of `@suture/fixer`'s `LoopNumbers`). */
export interface DigestLoopNumbers {
  readonly signals: number
  readonly uniqueIssues: number
  readonly dispatched: number
  readonly proposals: number
  readonly merged: number
  readonly redirected: number
  readonly wrongTree: number
  readonly wrongTreeRate: number | null
  readonly medianSignalToMergeMs: number | null
  readonly costPerMergedUsd: number | null
}

/**
 * What the digest needs of the review queue. The fixer owns proposals and computes the loop's numbers
 * (the Review page uses the same functions); pm-agent does not import it, so the service or CLI passes
 * `{ openProposals: listOpenProposals, loopNumbers }` from `@suture/fixer`.
 */
export interface DigestReviewSource {
  openProposals(db: Kysely<Database>, projectId: string, now: Date): Promise<readonly DigestQueueProposal[]>
  loopNumbers(
    db: Kysely<Database>,
    projectId: string,
    window: { readonly from?: Date | undefined; readonly to?: Date | undefined },
  ): Promise<DigestLoopNumbers>
}
