import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { GitHubPullMerger } from '../proposal/pull-merge.js'
import { GitHubPullStates, parsePullUrl } from '../proposal/pull-state.js'
import { type FakeGitHub, startFakeGitHub } from '../testing/fake-github.js'
import { seedProposal } from '../testing/review-fixtures.js'
import { MergeNotRecordedError, mergeProposal } from './merge-proposal.js'
import type { MergedProposal } from './pr-state.js'
import { prSyncJob, syncPullRequestStates } from './pr-sync.js'
import { listOpenProposals, loopNumbers, reviewProposal } from './review-queue.js'

const FAST_RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 }

function openPull(github: FakeGitHub, head: string): string {
  const number = github.pulls.length + 1
  github.pulls.push({ number, title: head, head, base: 'main', body: '', draft: true, state: 'open' })
  return `https://github.com/acme/web/pull/${number}`
}

describe('parsePullUrl', () => {
  it('reads github.com and Enterprise PR URLs and refuses anything else', () => {
    expect(parsePullUrl('https://github.com/acme/web/pull/12')).toEqual({
      owner: 'acme',
      repo: 'web',
      number: 12,
    })
    expect(parsePullUrl('https://ghe.acme.dev/team/app/pull/3/')).toEqual({
      owner: 'team',
      repo: 'app',
      number: 3,
    })
    expect(parsePullUrl('https://github.com/acme/web/issues/12')).toBeNull()
    expect(parsePullUrl('/tmp/fixes/suture-LOCAL-1.patch')).toBeNull()
  })
})

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`PR state sync with @octokit/rest on ${backend.name}`, () => {
    let database: SutureDatabase
    let github: FakeGitHub
    let projectId: string
    beforeAll(async () => {
      database = await backend.open()
      github = await startFakeGitHub({ owner: 'acme', repo: 'web' })
      projectId = (await createProject(database.db, { name: 'sync' })).projectId
    })
    afterAll(async () => {
      await github?.close()
      await database?.close()
    })

    it('marks a merged PR merged (once), a closed one wrong-tree, leaves an open one, and counts the merge', async () => {
      const db = database.db
      const merged = openPull(github, 'suture/LOCAL-1-aaaa')
      const closed = openPull(github, 'suture/LOCAL-2-bbbb')
      const open = openPull(github, 'suture/LOCAL-3-cccc')
      const decided = openPull(github, 'suture/LOCAL-4-dddd')
      for (const [i, url] of [merged, closed, open, decided].entries()) {
        await seedProposal(db, projectId, {
          run_id: `run-${i + 1}`,
          ticket_id: `t-${i + 1}`,
          ticket_identifier: `LOCAL-${i + 1}`,
          cluster_key: `k-${i + 1}`,
          proposal_url: url,
        })
      }
      // A person redirected #4 on the Review page before it was closed on GitHub: their decision stands.
      await reviewProposal(db, projectId, {
        runId: 'run-4',
        decision: 'redirected',
        comment: 'wrong layer',
        reviewedBy: 'alice',
      })
      github.merge(1, { login: 'octocat', at: '2026-12-02T10:00:00Z', sha: 'f'.repeat(40) })
      github.closePull(2, '2026-12-02T10:05:00Z')
      github.closePull(4, '2026-12-02T10:06:00Z')
      github.fail('GET', /\/pulls\/2$/, 503, 1)

      const calls: MergedProposal[] = []
      const reader = new GitHubPullStates({ token: 'ghp_test', baseUrl: github.url }, { retry: FAST_RETRY })
      const first = await syncPullRequestStates(db, reader, {
        onMerged: async (_db, m) => void calls.push(m),
      })
      expect(first.failed).toEqual([])
      expect(first.checked).toBe(4)
      expect(first.changed.map((c) => [c.runId, c.state, c.decision, c.decided])).toEqual([
        ['run-1', 'merged', 'merged', true],
        ['run-2', 'closed', 'closed-wrong-tree', true],
        // First sight of an open PR: its state is recorded, nothing is decided.
        ['run-3', 'open', null, false],
        ['run-4', 'closed', 'redirected', false],
      ])
      expect(calls).toEqual([
        {
          projectId,
          runId: 'run-1',
          ticketId: 't-1',
          clusterKey: 'k-1',
          proposalUrl: merged,
          mergeCommit: 'f'.repeat(40),
          mergedAt: new Date('2026-12-02T10:00:00Z'),
        },
      ])
      const auth = github.requests.filter((r) => r.method === 'GET' && /\/pulls\/\d+$/.test(r.path))
      expect(auth.every((r) => r.auth === 'token ghp_test')).toBe(true)

      const reviews = await db.selectFrom('fix_reviews').selectAll().orderBy('run_id').execute()
      expect(reviews.map((r) => [r.run_id, r.decision, r.reviewed_by])).toEqual([
        ['run-1', 'merged', 'github:octocat'],
        ['run-2', 'closed-wrong-tree', 'github:unknown'],
        ['run-4', 'redirected', 'alice'],
      ])
      expect((await listOpenProposals(db, projectId)).map((p) => p.runId)).toEqual(['run-3'])
      expect(await loopNumbers(db, projectId)).toMatchObject({ merged: 1, redirected: 1, wrongTree: 1 })

      // A second pass asks only about the PR still open; nothing changes, the merge is not signalled again.
      const before = github.requests.length
      const second = await syncPullRequestStates(db, reader, {
        onMerged: async (_db, m) => void calls.push(m),
      })
      expect(second).toEqual({ checked: 1, changed: [], failed: [] })
      expect(github.requests.slice(before).map((r) => r.path)).toEqual(['/repos/acme/web/pulls/3'])
      expect(calls).toHaveLength(1)
    })

    it('rolls the merge back when validation cannot start, and reports PRs GitHub does not know', async () => {
      const db = database.db
      const url = openPull(github, 'suture/LOCAL-9-eeee')
      await seedProposal(db, projectId, {
        run_id: 'run-9',
        ticket_id: 't-9',
        cluster_key: 'k-9',
        proposal_url: url,
      })
      await seedProposal(db, projectId, {
        run_id: 'run-gone',
        ticket_id: 't-10',
        cluster_key: 'k-10',
        proposal_url: 'https://github.com/acme/web/pull/999',
      })
      github.merge(github.pulls.length, { login: 'octocat' })
      const reader = new GitHubPullStates({ token: 'ghp_test', baseUrl: github.url }, { retry: FAST_RETRY })
      const failing = await syncPullRequestStates(db, reader, {
        onMerged: async () => {
          throw new Error('no ticket for this cluster')
        },
      })
      expect(failing.failed.map((f) => [f.url, f.error])).toEqual([
        [url, 'no ticket for this cluster'],
        [
          'https://github.com/acme/web/pull/999',
          'not found on GitHub (deleted, or the token cannot read this repository)',
        ],
      ])
      const row = await db
        .selectFrom('fix_runs')
        .select(['pr_state', 'review_outcome'])
        .where('run_id', '=', 'run-9')
        .executeTakeFirstOrThrow()
      expect(row).toEqual({ pr_state: null, review_outcome: null })

      // The job: a pass where some PRs fail logs them and succeeds; the merge goes through now.
      const lines: string[] = []
      const job = prSyncJob({
        createReader: () => reader,
        onMerged: async () => {},
      })
      const summary = await job.run({
        database,
        data: {},
        jobId: 'test',
        log: (line) => void lines.push(line),
      })
      expect(summary).toEqual({ checked: 3, changed: 1, failed: 1 })
      expect(lines.some((l) => l.includes('run-9 is merged'))).toBe(true)
      expect(lines.some((l) => l.includes('pull/999'))).toBe(true)
    })
    it('mergeProposal: a merge GitHub made but validation could not start is not recorded, says so, and the next sync records it once', async () => {
      const db = database.db
      const url = openPull(github, 'suture/LOCAL-20-ffff')
      const number = github.pulls.length
      await seedProposal(db, projectId, {
        run_id: 'run-20',
        ticket_id: 't-20',
        cluster_key: 'k-20',
        proposal_url: url,
        head_commit: `${number}`.padStart(40, 'b'),
      })
      const merger = new GitHubPullMerger(
        { token: 'ghp_test', owner: 'acme', repo: 'web', baseUrl: github.url },
        { retry: FAST_RETRY },
      )
      const error = await mergeProposal(
        db,
        projectId,
        { runId: 'run-20', reviewedBy: 'dashboard:key_1' },
        {
          merger,
          onMerged: async () => {
            throw new Error('no ticket for this cluster')
          },
        },
      ).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(MergeNotRecordedError)
      expect((error as Error).message).toContain('Merged on GitHub')
      expect((error as Error).message).toContain('no ticket for this cluster')
      expect(github.pullJson(number)).toMatchObject({ merged: true })
      const row = await db
        .selectFrom('fix_runs')
        .select(['pr_state', 'review_outcome'])
        .where('run_id', '=', 'run-20')
        .executeTakeFirstOrThrow()
      expect(row).toEqual({ pr_state: null, review_outcome: null })

      // The sync sees the merge on GitHub and records it, validation included, once.
      const calls: MergedProposal[] = []
      const reader = new GitHubPullStates({ token: 'ghp_test', baseUrl: github.url }, { retry: FAST_RETRY })
      const synced = await syncPullRequestStates(db, reader, {
        onMerged: async (_db, m) => void calls.push(m),
      })
      expect(synced.changed.filter((c) => c.runId === 'run-20').map((c) => c.decision)).toEqual(['merged'])
      expect(calls.map((c) => c.runId)).toEqual(['run-20'])
      // Clicking Merge again now finds the decision made and asks GitHub nothing.
      const before = github.requests.length
      const again = await mergeProposal(
        db,
        projectId,
        { runId: 'run-20', reviewedBy: 'dashboard:key_1' },
        { merger, onMerged: async (_db, m) => void calls.push(m) },
      )
      expect(again).toMatchObject({ created: false, merge: null, review: { decision: 'merged' } })
      expect(github.requests.length).toBe(before)
      expect(calls).toHaveLength(1)
    })
  })
}
