import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FakeGitHub, startFakeGitHub } from '../testing/fake-github.js'
import { GitHubPullMerger, PullRequestMergeError } from './pull-merge.js'

const FAST_RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 }

describe('GitHubPullMerger with @octokit/rest against the fake GitHub', () => {
  let github: FakeGitHub
  let merger: GitHubPullMerger
  beforeAll(async () => {
    github = await startFakeGitHub({ owner: 'acme', repo: 'web', login: 'suture-bot' })
    merger = new GitHubPullMerger(
      { token: 'ghp_merge', owner: 'acme', repo: 'web', baseUrl: github.url },
      { retry: FAST_RETRY },
    )
  })
  afterAll(async () => {
    await github?.close()
  })

  const open = (draft = true) => {
    const number = github.pulls.length + 1
    github.pulls.push({
      number,
      title: `fix ${number}`,
      head: `suture/f-${number}`,
      base: 'main',
      body: '',
      draft,
      state: 'open',
    })
    return { number, url: `https://github.com/acme/web/pull/${number}`, head: `${number}`.padStart(40, 'b') }
  }
  const refusal = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => null,
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(PullRequestMergeError)
    return error as PullRequestMergeError
  }

  it('marks a draft ready through GraphQL, squash-merges the reviewed head, and finds its own merge again', async () => {
    const pr = open(true)
    const before = github.requests.length
    const merged = await merger.merge(pr.url, { expectedHead: pr.head })
    expect(merged).toMatchObject({ url: pr.url, readied: true, alreadyMerged: false, method: 'squash' })
    expect(merged.mergeCommit).toMatch(/^e+\d+$/)
    const calls = github.requests.slice(before)
    expect(calls.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /repos/acme/web/pulls/${pr.number}`,
      'POST /graphql',
      `PUT /repos/acme/web/pulls/${pr.number}/merge`,
    ])
    expect(calls[1]?.body).toMatchObject({ variables: { pullRequestId: `PR_kwFake${pr.number}` } })
    expect(calls[2]?.body).toEqual({ merge_method: 'squash', sha: pr.head })
    expect(calls.every((r) => r.auth === 'token ghp_merge')).toBe(true)
    expect(github.pullJson(pr.number)).toMatchObject({
      draft: false,
      merged: true,
      merged_by: { login: 'suture-bot' },
    })

    // A second click: GitHub already has it merged; nothing is asked of it but the read.
    const again = await merger.merge(pr.url, { expectedHead: pr.head })
    expect(again).toMatchObject({ alreadyMerged: true, mergeCommit: merged.mergeCommit, by: 'suture-bot' })
  })

  it('merges with the configured method and does not touch a PR that is not a draft', async () => {
    const pr = open(false)
    const rebase = new GitHubPullMerger(
      { token: 'ghp_merge', owner: 'acme', repo: 'web', baseUrl: github.url },
      { retry: FAST_RETRY, method: 'rebase' },
    )
    const before = github.requests.length
    expect(await rebase.merge(pr.url)).toMatchObject({ readied: false, method: 'rebase' })
    expect(github.requests.slice(before).map((r) => r.method)).toEqual(['GET', 'PUT'])
    expect(github.requests.at(-1)?.body).toEqual({ merge_method: 'rebase', sha: pr.head })
  })

  it("says what to do for GitHub's refusals: 405 with its message, 409, 403/404, a closed PR, another repository", async () => {
    const blocked = open(false)
    github.block(blocked.number, 'Required status check "test" is failing.')
    const notMergeable = await refusal(merger.merge(blocked.url))
    expect(notMergeable).toMatchObject({ reason: 'not-mergeable', status: 405 })
    expect(notMergeable.message).toContain('GitHub says: Required status check "test" is failing. GitHub')
    expect(notMergeable.readied).toBe(false)
    expect(notMergeable.message).toContain('failing required checks, conflicts')

    // The branch moved after the review: refused before the draft is touched.
    const moved = open(true)
    github.pushHead(moved.number, 'f'.repeat(40))
    const headChanged = await refusal(merger.merge(moved.url, { expectedHead: moved.head }))
    expect(headChanged.reason).toBe('head-changed')
    expect(github.pullJson(moved.number)).toMatchObject({ draft: true, merged: false })
    // …and a push between the read and the merge is GitHub's own 409.
    const raced = open(false)
    github.fail('PUT', new RegExp(`/pulls/${raced.number}/merge$`), 409, 1, {
      message: 'Head branch was modified. Review and try the merge again.',
    })
    const conflict = await refusal(merger.merge(raced.url))
    expect(conflict).toMatchObject({ reason: 'head-changed', status: 409 })
    expect(conflict.message).toContain('Head branch was modified')

    const forbidden = open(false)
    github.fail('PUT', new RegExp(`/pulls/${forbidden.number}/merge$`), 403, 1, {
      message: 'Resource not accessible by personal access token',
    })
    const noAccess = await refusal(merger.merge(forbidden.url))
    expect(noAccess).toMatchObject({ reason: 'no-access', status: 403 })
    expect(noAccess.message).toContain('GITHUB_TOKEN')
    expect(await refusal(merger.merge('https://github.com/acme/web/pull/404'))).toMatchObject({
      reason: 'no-access',
      status: 404,
    })

    const closed = open(false)
    github.closePull(closed.number)
    expect((await refusal(merger.merge(closed.url))).reason).toBe('closed')
    expect(merger.canMerge('https://github.com/other/web/pull/1')).toBe(false)
    expect((await refusal(merger.merge('https://github.com/other/web/pull/1'))).reason).toBe(
      'not-this-repository',
    )
  })

  it('turns a draft it marked ready back into a draft when GitHub refuses the merge, and says so when it cannot', async () => {
    const blocked = open(true)
    github.block(blocked.number, 'Required status check "test" is failing.')
    const restored = await refusal(merger.merge(blocked.url))
    expect(restored).toMatchObject({ reason: 'not-mergeable', status: 405, readied: false })
    expect(restored.message).not.toContain('could not be turned back')
    expect(github.pullJson(blocked.number)).toMatchObject({ draft: true, merged: false })

    const stuck = open(true)
    github.block(stuck.number, 'Required status check "test" is failing.')
    // 403 is not retried: one refusal of the conversion leaves the PR ready.
    github.fail('POST', /^\/graphql$/, 403, 1, {
      message: 'Resource not accessible by integration',
      graphql: 'convertPullRequestToDraft',
    })
    const leftReady = await refusal(merger.merge(stuck.url))
    expect(leftReady).toMatchObject({ reason: 'not-mergeable', readied: true })
    expect(leftReady.message).toContain('could not be turned back into a draft')
    expect(github.pullJson(stuck.number)).toMatchObject({ draft: false, merged: false })
  })

  it('retries a dropped connection, then reports GitHub unreachable; a GraphQL error is a refusal', async () => {
    const flaky = open(false)
    github.fail('GET', new RegExp(`/pulls/${flaky.number}$`), 0, 1)
    expect(await merger.merge(flaky.url)).toMatchObject({ alreadyMerged: false })

    const down = open(false)
    github.fail('GET', new RegExp(`/pulls/${down.number}$`), 0, 3)
    const unreachable = await refusal(merger.merge(down.url))
    expect(unreachable.reason).toBe('unreachable')
    expect(unreachable.message).toContain('try again')
    expect(github.pullJson(down.number)).toMatchObject({ merged: false })

    // The merge went through but its answer was lost: the retry's 405 is recognised as our merge.
    const lost = open(false)
    github.fail('PUT', new RegExp(`/pulls/${lost.number}/merge$`), 502, 1, { afterWrite: true })
    expect(await merger.merge(lost.url)).toMatchObject({ url: lost.url, alreadyMerged: true })
    expect(github.requests.filter((r) => r.path.endsWith(`/pulls/${lost.number}/merge`))).toHaveLength(2)

    const denied = open(true)
    github.fail('POST', /^\/graphql$/, 403, 1, { message: 'Resource not accessible by integration' })
    const graphql = await refusal(merger.merge(denied.url))
    expect(graphql).toMatchObject({ reason: 'no-access', status: 403 })
    expect(github.pullJson(denied.number)).toMatchObject({ draft: true, merged: false })
  })
})
