import { Octokit } from '@octokit/rest'
import { git } from '../checkout/git.js'
import type { GitHubTarget } from '../config/fix-config.js'
import type { Proposal, ProposalRequest, Proposer } from './proposer.js'
import { DEFAULT_GITHUB_RETRY, type RetryPolicy, statusOf, withRetry } from './retry.js'

/** GitHub refused the pull request for a reason a retry will not fix. */
export class GitHubProposalError extends Error {
  override readonly name = 'GitHubProposalError'
  constructor(
    readonly branch: string,
    readonly status: number | undefined,
    override readonly cause: unknown,
  ) {
    super(
      `Could not open a draft PR for ${branch} (${status ?? 'no response'}: ${cause instanceof Error ? cause.message : String(cause)}). ` +
        'Check the token has pull-request write access to the repository; the branch is pushed, so a rerun opens the PR without redoing the fix.',
    )
  }
}

function alreadyExists(error: unknown): boolean {
  if (statusOf(error) !== 422) return false
  const text = JSON.stringify((error as { response?: { data?: unknown } }).response?.data ?? '')
  return /already exists/i.test(text) || (error instanceof Error && /already exists/i.test(error.message))
}

/**
 * Draft pull requests through `@octokit/rest`. Never marks one ready for review, never merges: a person
 * decides (the Review page's Merge, through `GitHubPullMerger`). Idempotent per head branch: an existing PR (open or closed) is returned, a 422 "already
 * exists" is answered by looking it up, 429 and 5xx are retried with backoff.
 *
 * @example
 * const proposer = new GitHubProposer({ token, owner: 'acme', repo: 'web' })
 */
export class GitHubProposer implements Proposer {
  readonly kind = 'github' as const
  private readonly octokit: Octokit
  private readonly target: GitHubTarget
  private readonly retry: RetryPolicy

  constructor(target: GitHubTarget, options: { retry?: RetryPolicy } = {}) {
    this.target = target
    this.retry = options.retry ?? DEFAULT_GITHUB_RETRY
    this.octokit = new Octokit({
      auth: target.token,
      userAgent: 'suture-fixer',
      ...(target.baseUrl ? { baseUrl: target.baseUrl } : {}),
      // Octokit logs 4xx/5xx itself; the harness reports outcomes, so keep its console quiet.
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    })
  }

  async find(branch: string): Promise<Proposal | null> {
    const { data } = await withRetry(
      () =>
        this.octokit.rest.pulls.list({
          owner: this.target.owner,
          repo: this.target.repo,
          head: `${this.target.owner}:${branch}`,
          state: 'all',
          per_page: 10,
        }),
      this.retry,
    )
    const pr = data.find((p) => p.head.ref === branch)
    return pr ? { kind: 'github', url: pr.html_url, number: pr.number, created: false } : null
  }

  async propose(request: ProposalRequest): Promise<Proposal> {
    const existing = await this.find(request.branch)
    if (existing) return existing
    await git(request.dir, [
      'push',
      '--quiet',
      this.target.pushRemote ?? 'origin',
      `HEAD:refs/heads/${request.branch}`,
    ])
    try {
      const { data } = await withRetry(
        () =>
          this.octokit.rest.pulls.create({
            owner: this.target.owner,
            repo: this.target.repo,
            head: request.branch,
            base: request.baseBranch,
            title: request.title,
            body: request.body,
            draft: true,
            maintainer_can_modify: true,
          }),
        this.retry,
      )
      return { kind: 'github', url: data.html_url, number: data.number, created: true }
    } catch (error) {
      // A create that timed out after GitHub stored it, or a concurrent run: the PR is there, use it.
      if (alreadyExists(error)) {
        const found = await this.find(request.branch)
        if (found) return found
      }
      throw new GitHubProposalError(request.branch, statusOf(error), error)
    }
  }
}
