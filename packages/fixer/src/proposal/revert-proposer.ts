import { randomUUID } from 'node:crypto'
import { Octokit } from '@octokit/rest'
import { createCheckout } from '../checkout/checkout.js'
import { git } from '../checkout/git.js'
import type { GitHubTarget } from '../config/fix-config.js'
import { GitHubProposer } from './github-proposer.js'
import { DEFAULT_GITHUB_RETRY, type RetryPolicy, withRetry } from './retry.js'

/**
 * What pm-agent's andon cord asks for (its `RevertRequest`, declared here by shape: fixer and pm-agent
 * never import each other; the service wires one to the other).
 */
export interface RevertPullRequestRequest {
  readonly clusterKey: string
  readonly ticket: { readonly identifier: string | null; readonly url: string | null } | null
  readonly release: string
  readonly fixPullRequest: { readonly url: string; readonly headCommit: string | null }
  readonly reason: string
  readonly evidence: string
}

/** The fix PR cannot be reverted automatically; the message says what a person does instead. */
export class RevertProposalError extends Error {
  override readonly name = 'RevertProposalError'
  constructor(
    readonly pullRequest: string,
    reason: string,
  ) {
    super(`Cannot propose a revert of ${pullRequest}: ${reason}.`)
  }
}

export interface GitHubRevertProposerOptions {
  readonly github: GitHubTarget
  /** The repository the fixer works on (a local path or a URL), as in `FixConfig.repo`. */
  readonly repo: string
  readonly baseBranch?: string | undefined
  /** Scratch space for the checkout (removed after each proposal). */
  readonly workDir: string
  readonly retry?: RetryPolicy | undefined
}

/**
 * Opens a draft pull request that reverts a merged fix PR: it reads the PR's merge commit from GitHub,
 * reverts it with `git revert` in a clean checkout of the latest base branch, pushes
 * `suture/revert-pr-<n>` and opens the PR as a draft (never ready for review, never merged). One branch
 * per fix PR, so a rerun finds the first revert PR instead of opening another.
 *
 * @example
 * const reverts = new GitHubRevertProposer({ github, repo: config.repo, workDir: config.workDir })
 * pmAgentJobs({ …, revertProposer: reverts })
 */
export class GitHubRevertProposer {
  private readonly octokit: Octokit
  private readonly proposer: GitHubProposer
  private readonly retry: RetryPolicy

  constructor(private readonly options: GitHubRevertProposerOptions) {
    this.retry = options.retry ?? DEFAULT_GITHUB_RETRY
    this.proposer = new GitHubProposer(options.github, { retry: this.retry })
    this.octokit = new Octokit({
      auth: options.github.token,
      userAgent: 'suture-fixer',
      ...(options.github.baseUrl ? { baseUrl: options.github.baseUrl } : {}),
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    })
  }

  async proposeRevert(request: RevertPullRequestRequest): Promise<{ url: string; created: boolean }> {
    const { owner, repo } = this.options.github
    const number = pullNumber(request.fixPullRequest.url, owner, repo)
    const branch = `suture/revert-pr-${number}`
    const existing = await this.proposer.find(branch)
    if (existing) return { url: existing.url, created: false }
    const { data: pull } = await withRetry(
      () => this.octokit.rest.pulls.get({ owner, repo, pull_number: number }),
      this.retry,
    )
    const commit = pull.merged ? pull.merge_commit_sha : null
    if (!commit)
      throw new RevertProposalError(
        request.fixPullRequest.url,
        'GitHub says it is not merged, so there is nothing on the base branch to revert; revert the release by hand',
      )
    const checkout = await createCheckout({
      repo: this.options.repo,
      baseBranch: this.options.baseBranch ?? pull.base.ref,
      branch,
      workDir: this.options.workDir,
      runId: `revert-${number}-${randomUUID().slice(0, 8)}`,
      port: 0,
    })
    try {
      const remote = this.options.github.pushRemote ?? 'origin'
      // The revert goes on top of what is deployed now, not on a stale local copy of the base branch.
      await git(checkout.dir, ['fetch', '--quiet', remote, checkout.baseBranch])
      await git(checkout.dir, ['reset', '--quiet', '--hard', 'FETCH_HEAD'])
      const parents = (await git(checkout.dir, ['rev-list', '--parents', '-n', '1', commit]))
        .trim()
        .split(' ')
      await git(checkout.dir, ['revert', '--no-edit', ...(parents.length > 2 ? ['-m', '1'] : []), commit])
      const proposal = await this.proposer.propose({
        dir: checkout.dir,
        branch,
        baseBranch: checkout.baseBranch,
        baseCommit: checkout.baseCommit,
        title: `[Suture] Revert #${number}: ${request.reason}`.slice(0, 240),
        body: revertBody(request, number, commit),
      })
      return { url: proposal.url, created: proposal.created }
    } finally {
      await checkout.cleanup({ keepBranch: false })
    }
  }
}

function pullNumber(url: string, owner: string, repo: string): number {
  const match = /^https?:\/\/[^/]+\/([^/]+)\/([^/]+)\/pull\/(\d+)\/?$/.exec(url)
  if (
    !match ||
    match[1]?.toLowerCase() !== owner.toLowerCase() ||
    match[2]?.toLowerCase() !== repo.toLowerCase()
  )
    throw new RevertProposalError(url, `it is not a pull request of ${owner}/${repo}`)
  return Number(match[3])
}

function revertBody(request: RevertPullRequestRequest, number: number, commit: string): string {
  const ticket = request.ticket?.url
    ? `[${request.ticket.identifier ?? 'ticket'}](${request.ticket.url})`
    : 'the ticket'
  return [
    `Reverts #${number} (merge commit \`${commit}\`), shipped in release \`${request.release}\`.`,
    '',
    `**Why:** Suture's post-merge validation pulled the andon cord for ${ticket}: ${request.reason}.`,
    '',
    request.evidence ? `> ${request.evidence}` : '',
    '',
    'Auto-fixing of the affected route is quarantined until a person clears it. This is a draft: review and merge it, or close it if the regression has another cause.',
  ]
    .filter((line, i, all) => !(line === '' && all[i - 1] === ''))
    .join('\n')
}
