import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { git } from '../checkout/git.js'
import { createDemoRepo, type DemoRepo, MEMBERS_FIX } from '../testing/demo-repo.js'
import { type FakeGitHub, startFakeGitHub } from '../testing/fake-github.js'
import { GitHubProposer } from './github-proposer.js'
import { GitHubRevertProposer, RevertProposalError } from './revert-proposer.js'

const FAST_RETRY = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 }
const target = (github: FakeGitHub) => ({
  token: 'ghp_test',
  owner: 'acme',
  repo: 'web',
  baseUrl: github.url,
  pushRemote: 'origin',
})

let repo: DemoRepo
let github: FakeGitHub

beforeAll(async () => {
  repo = await createDemoRepo()
  github = await startFakeGitHub({ owner: 'acme', repo: 'web' })
})

afterAll(async () => {
  await github.close()
  await rm(repo.root, { recursive: true, force: true })
})

/** A fix PR opened through the fixer's own proposer, then merged on `main` (a merge commit) and pushed. */
async function mergedFixPr(): Promise<{ url: string; number: number; mergeCommit: string }> {
  await git(repo.dir, ['checkout', '--quiet', '-b', 'suture/fix-members'])
  await writeFile(path.join(repo.dir, MEMBERS_FIX.file), MEMBERS_FIX.fixed, 'utf8')
  await git(repo.dir, ['commit', '--quiet', '-am', 'Guard the null inviter'])
  const pr = await new GitHubProposer(target(github), { retry: FAST_RETRY }).propose({
    dir: repo.dir,
    branch: 'suture/fix-members',
    baseBranch: 'main',
    baseCommit: 'HEAD~1',
    title: '[Suture] Guard the null inviter',
    body: 'fix',
  })
  await git(repo.dir, ['checkout', '--quiet', 'main'])
  await git(repo.dir, [
    'merge',
    '--quiet',
    '--no-ff',
    '-m',
    `Merge pull request #${pr.number}`,
    'suture/fix-members',
  ])
  await git(repo.dir, ['push', '--quiet', 'origin', 'main'])
  const mergeCommit = (await git(repo.dir, ['rev-parse', 'HEAD'])).trim()
  github.merge(pr.number ?? 0, { login: 'octocat', sha: mergeCommit })
  return { url: pr.url, number: pr.number ?? 0, mergeCommit }
}

describe('GitHubRevertProposer against the fake GitHub API and a real git repository', () => {
  it('opens one draft PR that reverts the merged fix on the latest main; a rerun finds it', async () => {
    const original = await readFile(path.join(repo.dir, MEMBERS_FIX.file), 'utf8')
    const fix = await mergedFixPr()
    const reverts = new GitHubRevertProposer({
      github: target(github),
      repo: repo.dir,
      workDir: path.join(repo.root, 'revert-work'),
      retry: FAST_RETRY,
    })
    const request = {
      clusterKey: 'members',
      ticket: { identifier: 'LOCAL-3', url: 'https://suture.test/app/tickets/LOCAL-3' },
      release: 'r7',
      fixPullRequest: { url: fix.url, headCommit: null },
      reason: 'the failure rate rose significantly after release r7',
      evidence: 'Before the fix: 84 events …',
    }
    // GitHub hiccups on the PR lookup: retried.
    github.fail('GET', new RegExp(`/pulls/${fix.number}$`), 502, 1)
    const first = await reverts.proposeRevert(request)
    expect(first.created).toBe(true)
    const pull = github.pulls.find((p) => p.head === `suture/revert-pr-${fix.number}`)
    expect(pull).toMatchObject({ base: 'main', draft: true, state: 'open' })
    expect(pull?.title).toMatch(/^\[Suture\] Revert #\d+: the failure rate rose/)
    expect(pull?.body).toContain(fix.mergeCommit)
    expect(pull?.body).toContain('[LOCAL-3](https://suture.test/app/tickets/LOCAL-3)')
    // The pushed branch undoes the fix: the file is back to what it was before the merge.
    const reverted = await git(repo.origin, ['show', `suture/revert-pr-${fix.number}:${MEMBERS_FIX.file}`])
    expect(reverted).toBe(original)
    expect(await git(repo.origin, ['rev-parse', `suture/revert-pr-${fix.number}~1`])).toBe(
      `${fix.mergeCommit}\n`,
    )

    const again = await reverts.proposeRevert(request)
    expect(again).toEqual({ url: first.url, created: false })
    expect(github.pulls.filter((p) => p.head.startsWith('suture/revert-pr-'))).toHaveLength(1)
    // Never marked ready or merged.
    expect(github.requests.filter((r) => r.method === 'PUT' || r.path.endsWith('/merge'))).toEqual([])
  }, 60_000)

  it('refuses a PR that is not merged, or not of this repository, with a message saying what to do', async () => {
    await git(repo.dir, ['checkout', '--quiet', '-b', 'suture/unmerged'])
    await writeFile(path.join(repo.dir, 'src/flags.js'), 'export const FLAGS = {}\n', 'utf8')
    await git(repo.dir, ['commit', '--quiet', '-am', 'unmerged change'])
    const pr = await new GitHubProposer(target(github), { retry: FAST_RETRY }).propose({
      dir: repo.dir,
      branch: 'suture/unmerged',
      baseBranch: 'main',
      baseCommit: 'HEAD~1',
      title: 'unmerged',
      body: '',
    })
    await git(repo.dir, ['checkout', '--quiet', 'main'])
    const reverts = new GitHubRevertProposer({
      github: target(github),
      repo: repo.dir,
      workDir: path.join(repo.root, 'revert-work'),
      retry: FAST_RETRY,
    })
    const request = (url: string) => ({
      clusterKey: 'c',
      ticket: null,
      release: 'r8',
      fixPullRequest: { url, headCommit: null },
      reason: 'worse',
      evidence: '',
    })
    await expect(reverts.proposeRevert(request(pr.url))).rejects.toThrow(
      /not merged.*revert the release by hand/,
    )
    await expect(
      reverts.proposeRevert(request('https://github.com/other/repo/pull/1')),
    ).rejects.toBeInstanceOf(RevertProposalError)
  }, 60_000)
})
