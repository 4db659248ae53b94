import { rm } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resolveFixConfig } from '../config/fix-config.js'
import type { FixRunRecord } from '../outcome/outcome-row.js'
import { runFix } from '../run/run-fix.js'
import { createDemoRepo, type DemoRepo, demoTickets, MEMBERS_FIX } from '../testing/demo-repo.js'
import { type FakeGitHub, startFakeGitHub } from '../testing/fake-github.js'
import { MemoryTicketSource } from '../testing/memory-ticket-source.js'
import { scriptedRunner } from '../testing/scripted-runner.js'
import { GitHubProposalError, GitHubProposer } from './github-proposer.js'

const FAST_RETRY = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 }

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

function proposer() {
  return new GitHubProposer(
    { token: 'ghp_test', owner: 'acme', repo: 'web', baseUrl: github.url, pushRemote: 'origin' },
    { retry: FAST_RETRY },
  )
}

const request = (branch: string) => ({
  dir: repo.dir,
  branch,
  baseBranch: 'main',
  baseCommit: 'HEAD',
  title: `[Suture] ${branch}`,
  body: 'Reasoning…',
})

function creates(branch: string) {
  return github.requests.filter(
    (r) => r.method === 'POST' && (r.body as { head?: string } | undefined)?.head === branch,
  )
}

describe('GitHubProposer against a local GitHub REST API', () => {
  it('runs the planted fix end to end: branch pushed, one draft PR, ticket in review; a rerun opens no second PR', async () => {
    const ticket = demoTickets().members
    const source = new MemoryTicketSource([ticket])
    const rows: FixRunRecord[] = []
    const config = resolveFixConfig({
      repo: repo.dir,
      testCommand: 'node --test',
      workDir: path.join(repo.root, 'work'),
      outputDir: path.join(repo.root, 'out'),
    })
    const runner = scriptedRunner(async (agent) => {
      await agent.write(MEMBERS_FIX.testFile, MEMBERS_FIX.test)
      await agent.write(MEMBERS_FIX.file, MEMBERS_FIX.fixed)
      return { finalMessage: `Guard the null inviter.\nSUTURE-TEST: ${MEMBERS_FIX.testFile}`, costUsd: 0.3 }
    })
    const options = {
      config,
      source,
      runner,
      proposer: proposer(),
      outcomes: { record: async (row: FixRunRecord) => void rows.push(row) },
      selected: { ticket, lineage: { attempts: 0, costUsd: 0, escalated: false }, attempt: 1 },
      worker: 0,
      trigger: 'schedule' as const,
      env: {},
    }
    const first = await runFix(options)
    expect(first.record.outcome, first.record.detail).toBe('proposed')
    expect(first.record.trigger_source).toBe('schedule')
    const branch = first.record.branch
    expect(repo.remoteBranches()).toContain(branch)
    expect(github.pulls).toHaveLength(1)
    const pull = github.pulls[0]
    expect(pull).toMatchObject({ draft: true, head: branch, base: 'main', state: 'open' })
    expect(pull?.body).toContain('Guard the null inviter.')
    expect(pull?.body).toContain('before the fix: **failed (exit 1)**; after: **passed**')
    expect(pull?.body).toContain('`node --test` on the result: **passed**')
    expect(pull?.body).toContain('$0.30')
    expect(pull?.body).toContain(ticket.url)
    expect(first.proposal?.url).toBe('https://github.com/acme/web/pull/1')
    expect(source.inReview.get(ticket.id)?.url).toBe(first.proposal?.url)
    expect(github.requests.find((r) => r.method === 'POST')?.auth).toBe('token ghp_test')
    expect(repo.worktrees()).toEqual([])

    const rerun = await runFix({ ...options, runner: scriptedRunner(async () => ({ finalMessage: '' })) })
    expect(rerun.record.outcome).toBe('proposed')
    expect(rerun.proposal?.url).toBe(first.proposal?.url)
    expect(github.pulls).toHaveLength(1)
    expect(creates(branch)).toHaveLength(1)
    // Never ready-for-review, never merged: no other write endpoint was called.
    expect(github.requests.filter((r) => r.method !== 'GET' && r.method !== 'POST')).toEqual([])
  })

  it('retries 5xx and 429 with backoff, then creates the draft once', async () => {
    github.fail('POST', /\/pulls$/, 502, 2)
    github.fail('GET', /\/pulls$/, 429, 1)
    const proposal = await proposer().propose(request('suture/LOCAL-9-retry'))
    expect(proposal.created).toBe(true)
    expect(creates('suture/LOCAL-9-retry')).toHaveLength(3)
    expect(github.pulls.filter((p) => p.head === 'suture/LOCAL-9-retry')).toHaveLength(1)
  })

  it('a create whose answer was lost gets 422 "already exists" on retry and returns the stored PR', async () => {
    github.fail('POST', /\/pulls$/, 500, 1, { afterWrite: true })
    const proposal = await proposer().propose(request('suture/LOCAL-9-lost'))
    expect(proposal).toMatchObject({ kind: 'github', created: false })
    expect(github.pulls.filter((p) => p.head === 'suture/LOCAL-9-lost')).toHaveLength(1)
    expect(proposal.number).toBe(github.pulls.find((p) => p.head === 'suture/LOCAL-9-lost')?.number)
  })

  it('gives up with a typed error after the retries, saying what to do next', async () => {
    github.fail('POST', /\/pulls$/, 503, 10)
    const error = await proposer()
      .propose(request('suture/LOCAL-9-down'))
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GitHubProposalError)
    expect((error as GitHubProposalError).status).toBe(503)
    expect((error as Error).message).toContain('rerun opens the PR')
    expect(creates('suture/LOCAL-9-down')).toHaveLength(FAST_RETRY.attempts)
  })
})
