export interface Proposal {
  readonly kind: 'github' | 'local'
  /** The draft PR's URL, or a `file://` URL of the patch. */
  readonly url: string
  readonly number?: number | undefined
  /** False when an earlier run of the same ticket and attempt had already made it. */
  readonly created: boolean
}

export interface ProposalRequest {
  /** The checkout holding the committed result. */
  readonly dir: string
  readonly branch: string
  readonly baseBranch: string
  readonly baseCommit: string
  readonly title: string
  readonly body: string
}

/** Where proposals go: a draft PR on GitHub, or a local branch and patch file. Both idempotent per branch. */
export interface Proposer {
  readonly kind: 'github' | 'local'
  /** The proposal already made for this branch (by an earlier run of the same ticket and attempt). */
  find(branch: string): Promise<Proposal | null>
  propose(request: ProposalRequest): Promise<Proposal>
}
