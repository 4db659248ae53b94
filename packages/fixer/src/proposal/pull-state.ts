import { Octokit } from '@octokit/rest'
import { DEFAULT_GITHUB_RETRY, type RetryPolicy, statusOf, withRetry } from './retry.js'

/** What GitHub says of one pull request: the only states the review loop cares about. */
export interface PullRequestState {
  /** The PR's `html_url` (what `fix_runs.proposal_url` holds). */
  readonly url: string
  readonly state: 'open' | 'merged' | 'closed'
  /** `merged_at` for a merge, `closed_at` for a close; null while open. */
  readonly at: Date | null
  readonly mergeCommit: string | null
  /** Who merged (or, from a webhook, who closed) it: a GitHub login. */
  readonly by: string | null
}

/** Reads pull request states; `null` for a URL that is not a pull request GitHub knows (404). */
export interface PullStateReader {
  get(url: string): Promise<PullRequestState | null>
}

/** `https://github.com/acme/web/pull/12` (or a GitHub Enterprise host) → owner, repo, number. */
export function parsePullUrl(url: string): { owner: string; repo: string; number: number } | null {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  const match = /^\/([^/]+)\/([^/]+)\/pull\/(\d+)\/?$/.exec(parsed.pathname)
  if (!match?.[1] || !match[2] || !match[3]) return null
  return { owner: match[1], repo: match[2], number: Number(match[3]) }
}

/** The fields of GitHub's pull request object (REST answer and webhook payload alike) the loop reads. */
export interface GitHubPullFields {
  readonly html_url: string
  readonly state: string
  readonly merged?: boolean | null | undefined
  readonly merged_at?: string | null | undefined
  readonly closed_at?: string | null | undefined
  readonly merge_commit_sha?: string | null | undefined
  readonly merged_by?: { readonly login?: string | undefined } | null | undefined
}

/** One mapping for the REST answer and the webhook payload, so the sync job and the webhook agree. */
export function pullStateOf(pull: GitHubPullFields, closedBy?: string | null): PullRequestState {
  const merged = pull.merged === true || (pull.merged_at ?? null) !== null
  if (merged) {
    return {
      url: pull.html_url,
      state: 'merged',
      at: pull.merged_at ? new Date(pull.merged_at) : null,
      mergeCommit: pull.merge_commit_sha ?? null,
      by: pull.merged_by?.login ?? closedBy ?? null,
    }
  }
  if (pull.state === 'closed') {
    return {
      url: pull.html_url,
      state: 'closed',
      at: pull.closed_at ? new Date(pull.closed_at) : null,
      mergeCommit: null,
      by: closedBy ?? null,
    }
  }
  return { url: pull.html_url, state: 'open', at: null, mergeCommit: null, by: null }
}

/**
 * Pull request states through `@octokit/rest` (`GET /repos/:owner/:repo/pulls/:number`), 429 and 5xx
 * retried with backoff. Read-only: merging is `GitHubPullMerger`'s, on a person's click on the Review page.
 *
 * @example
 * const reader = new GitHubPullStates({ token, baseUrl: 'https://api.github.com' })
 * const state = await reader.get('https://github.com/acme/web/pull/12')
 */
export class GitHubPullStates implements PullStateReader {
  private readonly octokit: Octokit
  private readonly retry: RetryPolicy

  constructor(
    target: { readonly token: string; readonly baseUrl?: string | undefined },
    options: { retry?: RetryPolicy } = {},
  ) {
    this.retry = options.retry ?? DEFAULT_GITHUB_RETRY
    this.octokit = new Octokit({
      auth: target.token,
      userAgent: 'suture-fixer',
      ...(target.baseUrl ? { baseUrl: target.baseUrl } : {}),
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    })
  }

  async get(url: string): Promise<PullRequestState | null> {
    const ref = parsePullUrl(url)
    if (!ref) return null
    try {
      const { data } = await withRetry(
        () => this.octokit.rest.pulls.get({ owner: ref.owner, repo: ref.repo, pull_number: ref.number }),
        this.retry,
      )
      return pullStateOf(data)
    } catch (error: unknown) {
      if (statusOf(error) === 404) return null
      throw error
    }
  }
}
