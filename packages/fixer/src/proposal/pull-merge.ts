import { Octokit } from '@octokit/rest'
import type { GitHubTarget } from '../config/fix-config.js'
import { parsePullUrl } from './pull-state.js'
import { type RetryPolicy, statusOf, withRetry } from './retry.js'

/** How GitHub combines the PR's commits into the base branch (the repository must allow the method). */
export type MergeMethod = 'squash' | 'merge' | 'rebase'

/** A pull request merged on GitHub (by this call, or already before it). */
export interface MergedPullRequest {
  readonly url: string
  /** The merge commit on the base branch. */
  readonly mergeCommit: string
  readonly mergedAt: Date
  /** The PR was a draft and was marked ready for review first. */
  readonly readied: boolean
  /** Someone merged it before this call (a double submit, or a person on github.com): nothing was done. */
  readonly alreadyMerged: boolean
  /** Who merged it, when GitHub said (a merge made before this call); null for this call's own merge. */
  readonly by: string | null
  /** How this call merged; null when it found the PR merged already. */
  readonly method: MergeMethod | null
}

/** Why a merge did not happen; each reason's message says what a person does next. */
export type MergeRefusal =
  | 'not-mergeable'
  | 'head-changed'
  | 'closed'
  | 'no-access'
  | 'unreachable'
  | 'not-this-repository'

const NEXT: Record<MergeRefusal, string> = {
  'not-mergeable':
    'GitHub will not merge it yet: fix what it names (failing required checks, conflicts, a missing approval) on the pull request, then merge again — or redirect the proposal.',
  'head-changed':
    'The branch has commits the reviewed diff does not show: open the pull request, review what was pushed, then merge on GitHub (the sync records it).',
  closed:
    'The pull request is closed without being merged: reopen it on GitHub, or close the proposal as wrong-tree.',
  'no-access':
    'Check that GITHUB_TOKEN can write pull requests and contents in this repository (a fine-grained token needs "Pull requests: write" and "Contents: write").',
  unreachable:
    'GitHub could not be reached or failed: nothing was recorded; try again in a minute (a merge that went through meanwhile is then recorded, not repeated).',
  'not-this-repository':
    'Suture merges only pull requests in the configured fix repository (SUTURE_GITHUB_OWNER/SUTURE_GITHUB_REPO): merge it on GitHub, the sync records it.',
}

/** GitHub did not merge the pull request (and nothing was recorded). */
export class PullRequestMergeError extends Error {
  override readonly name = 'PullRequestMergeError'
  /**
   * The draft was marked ready for review before the merge was refused and is still ready: turning it
   * back into a draft failed too (it is reverted when GitHub lets us).
   */
  readonly readied: boolean
  constructor(
    readonly url: string,
    readonly reason: MergeRefusal,
    /** GitHub's own `message` (e.g. `Required status check "test" is failing.`), when it answered. */
    readonly githubMessage: string | null,
    readonly status: number | undefined,
    options: { cause?: unknown; readied?: boolean } = {},
  ) {
    const said = githubMessage ? ` — GitHub says: ${githubMessage.replace(/[.\s]+$/, '')}` : ''
    // A draft left ready for review is visible to the team as "ready": say so rather than leave it unseen.
    const readied = options.readied
      ? ' The draft was marked ready for review before GitHub refused, and could not be turned back into a draft: convert it on GitHub if it should stay one.'
      : ''
    super(`Not merged: ${url}${said}. ${NEXT[reason]}${readied}`, { cause: options.cause })
    this.readied = options.readied ?? false
  }
}

/** Merges a proposal's pull request; the Review page's Merge button goes through this seam. */
export interface PullRequestMerger {
  /** Whether `url` is a pull request this merger may merge (else the page only records the decision). */
  canMerge(url: string): boolean
  /**
   * Merges the PR, marking a draft ready for review first. `expectedHead` is the commit the reviewer saw:
   * a branch that moved since is refused (`head-changed`) instead of merging unreviewed commits.
   */
  merge(
    url: string,
    options?: { readonly expectedHead?: string | null | undefined },
  ): Promise<MergedPullRequest>
}

/** An interactive click waits on this: fewer, shorter retries than the overnight jobs' policy. */
export const MERGE_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 500, maxDelayMs: 4_000 }

const READY_FOR_REVIEW = `mutation SutureReadyForReview($pullRequestId: ID!) {
  markPullRequestReadyForReview(input: { pullRequestId: $pullRequestId }) {
    pullRequest { id isDraft }
  }
}`

const BACK_TO_DRAFT = `mutation SutureBackToDraft($pullRequestId: ID!) {
  convertPullRequestToDraft(input: { pullRequestId: $pullRequestId }) {
    pullRequest { id isDraft }
  }
}`

/** GitHub's `message` from a REST error answer or the first GraphQL error. */
function githubMessageOf(error: unknown): string | null {
  if (typeof error !== 'object' || error === null) return null
  const data = (error as { response?: { data?: unknown } }).response?.data
  if (typeof data === 'object' && data !== null) {
    const message = (data as { message?: unknown }).message
    if (typeof message === 'string' && message !== '') return message
    const errors = (data as { errors?: unknown }).errors
    if (Array.isArray(errors)) {
      const first = (errors[0] ?? {}) as { message?: unknown }
      if (typeof first.message === 'string') return first.message
    }
  }
  const errors = (error as { errors?: unknown }).errors
  if (Array.isArray(errors)) {
    const first = (errors[0] ?? {}) as { message?: unknown }
    if (typeof first.message === 'string') return first.message
  }
  return null
}

/**
 * Merges pull requests in one repository through `@octokit/rest`: reads the PR, refuses a branch that
 * moved past the reviewed head, marks a draft ready for review (GitHub's GraphQL
 * `markPullRequestReadyForReview`; REST has no endpoint for it), then `PUT /repos/:o/:r/pulls/:n/merge`
 * with the reviewed head as `sha`, so a push in between is a 409 rather than a merge of unreviewed code.
 * 429 and 5xx are retried; a merge whose answer was lost is recognised on the next read.
 *
 * @example
 * const merger = new GitHubPullMerger({ token, owner: 'acme', repo: 'web' }, { method: 'squash' })
 * const merged = await merger.merge('https://github.com/acme/web/pull/12', { expectedHead: sha })
 */
export class GitHubPullMerger implements PullRequestMerger {
  private readonly octokit: Octokit
  private readonly retry: RetryPolicy
  readonly method: MergeMethod

  constructor(
    private readonly target: Pick<GitHubTarget, 'token' | 'owner' | 'repo' | 'baseUrl'>,
    options: { readonly method?: MergeMethod | undefined; readonly retry?: RetryPolicy | undefined } = {},
  ) {
    this.method = options.method ?? 'squash'
    this.retry = options.retry ?? MERGE_RETRY
    this.octokit = new Octokit({
      auth: target.token,
      userAgent: 'suture-fixer',
      ...(target.baseUrl ? { baseUrl: target.baseUrl } : {}),
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    })
  }

  canMerge(url: string): boolean {
    const ref = parsePullUrl(url)
    return (
      ref !== null &&
      ref.owner.toLowerCase() === this.target.owner.toLowerCase() &&
      ref.repo.toLowerCase() === this.target.repo.toLowerCase()
    )
  }

  async merge(
    url: string,
    options: { readonly expectedHead?: string | null | undefined } = {},
  ): Promise<MergedPullRequest> {
    const ref = parsePullUrl(url)
    if (!ref || !this.canMerge(url))
      throw new PullRequestMergeError(url, 'not-this-repository', null, undefined)
    const params = { owner: this.target.owner, repo: this.target.repo, pull_number: ref.number }
    let readied = false
    const fail = (error: unknown): never => {
      if (error instanceof PullRequestMergeError) throw error
      const status = statusOf(error)
      const message = githubMessageOf(error)
      // Neither an HTTP answer nor a GraphQL error: a bug, not GitHub's refusal; let it surface as such.
      if (status === undefined && message === null) throw error
      const reason: MergeRefusal =
        status === 409
          ? 'head-changed'
          : status === 401 || status === 403 || status === 404
            ? 'no-access'
            : status === 405 || status === 422
              ? 'not-mergeable'
              : // Octokit reports a connection that failed (no answer at all) as a 500 too.
                status !== undefined && status >= 500
                ? 'unreachable'
                : // A GraphQL error in a 200 answer (FORBIDDEN, NOT_FOUND): the token cannot do it.
                  'no-access'
      throw new PullRequestMergeError(url, reason, message, status, { cause: error, readied })
    }
    const read = async () => {
      const { data } = await withRetry(() => this.octokit.rest.pulls.get(params), this.retry)
      return data
    }
    const mergedOf = (pull: Awaited<ReturnType<typeof read>>, readied: boolean): MergedPullRequest | null =>
      pull.merged && pull.merge_commit_sha
        ? {
            url,
            mergeCommit: pull.merge_commit_sha,
            mergedAt: pull.merged_at ? new Date(pull.merged_at) : new Date(),
            readied,
            alreadyMerged: true,
            by: pull.merged_by?.login ?? null,
            method: null,
          }
        : null

    let nodeId: string | undefined
    try {
      const pull = await read()
      nodeId = pull.node_id
      const before = mergedOf(pull, false)
      if (before) return before
      if (pull.state === 'closed') throw new PullRequestMergeError(url, 'closed', null, undefined)
      const head = options.expectedHead ?? pull.head.sha
      // Checked before touching the draft: a moved branch is not made ready for review on our behalf.
      if (pull.head.sha !== head) {
        throw new PullRequestMergeError(
          url,
          'head-changed',
          `head is ${pull.head.sha.slice(0, 7)}, the reviewed diff ends at ${head.slice(0, 7)}`,
          undefined,
        )
      }
      if (pull.draft) {
        await withRetry(
          () => this.octokit.graphql(READY_FOR_REVIEW, { pullRequestId: pull.node_id }),
          this.retry,
        )
        readied = true
      }
      try {
        const { data } = await withRetry(
          () => this.octokit.rest.pulls.merge({ ...params, merge_method: this.method, sha: head }),
          this.retry,
        )
        return {
          url,
          mergeCommit: data.sha,
          mergedAt: new Date(),
          readied,
          alreadyMerged: false,
          by: null,
          method: this.method,
        }
      } catch (error: unknown) {
        // A retried PUT whose first answer was lost, or a double submit: GitHub says "not mergeable"
        // because it is merged already. Read once more before calling it a refusal.
        if (statusOf(error) === 405) {
          const after = mergedOf(await read(), readied)
          if (after) return after
        }
        throw error
      }
    } catch (error: unknown) {
      // A refused merge leaves the proposal as it was found: a draft the reviewer has not shipped.
      if (readied && nodeId !== undefined) {
        const id = nodeId
        readied = await withRetry(
          () => this.octokit.graphql(BACK_TO_DRAFT, { pullRequestId: id }),
          this.retry,
        )
          .then(() => false)
          .catch(() => true)
      }
      return fail(error)
    }
  }
}
