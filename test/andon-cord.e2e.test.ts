import { execFile } from 'node:child_process'
import { rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { promisify } from 'node:util'
import { FIX_LABELS, type FixTicket, GitHubProposer, GitHubRevertProposer, skipReason } from '@suture/fixer'
import {
  createDemoRepo,
  type DemoRepo,
  type FakeGitHub,
  MEMBERS_FIX,
  seedProposal,
  startFakeGitHub,
} from '@suture/fixer/testing'
import {
  clearQuarantine,
  FixerTicketSource,
  fileTickets,
  goLive,
  LocalTracker,
  runValidationTick,
} from '@suture/pm-agent'
import { sampleCluster } from '@suture/pm-agent/testing'
import { createProject, type SutureDatabase, storeDeploys } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const MIN = 60_000
const DEPLOY = new Date('2026-03-02T10:20:00Z')
const at = (minutes: number) => new Date(DEPLOY.getTime() + minutes * MIN)
const ROUTE = '/settings/members'
const backend = TEST_DATABASES[0]
const FAST_RETRY = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 }

/** A person's git, merging the fix on main. */
async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('git', args, {
    cwd,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: cwd,
      GIT_AUTHOR_NAME: 'Maria',
      GIT_AUTHOR_EMAIL: 'maria@example.invalid',
      GIT_COMMITTER_NAME: 'Maria',
      GIT_COMMITTER_EMAIL: 'maria@example.invalid',
    },
  })
  return stdout
}

/**
 * The whole andon path across packages: a fix PR merged through the fixer's proposer, a deploy marker,
 * a regression in the next quarter hour, pm-agent's validation tick, the fixer's draft revert PR on the
 * fake GitHub, and the fixer's own selection refusing the route until a person clears it.
 */
describe.skipIf(!backend?.available)('the andon cord end to end', () => {
  let database: SutureDatabase
  let repo: DemoRepo
  let github: FakeGitHub

  beforeAll(async () => {
    if (!backend) throw new Error('no test database')
    database = await backend.open()
    repo = await createDemoRepo()
    github = await startFakeGitHub({ owner: 'acme', repo: 'web' })
  })
  afterAll(async () => {
    await github.close()
    await database.close()
    await rm(repo.root, { recursive: true, force: true })
  })

  it('reverts the merged fix with a draft PR and keeps the fixer off the route until a person clears it', async () => {
    const db = database.db
    const { projectId } = await createProject(db, { name: 'andon-e2e' })
    await goLive(db, { projectId, by: 'ana@example.com', now: at(-60 * 24 * 30) })
    const tracker = new LocalTracker({ db, projectId })
    const filed = await fileTickets({
      db,
      projectId,
      tracker,
      clusters: [
        sampleCluster({ key: 'members', fingerprints: ['fp_members'], route: ROUTE }),
        sampleCluster({ key: 'members-avatar', fingerprints: ['fp_avatar'], route: ROUTE }),
      ],
      runKey: '2026-W09',
      shadow: false,
      clusterUrl: (k) => `https://suture.test/clusters/${k}`,
    })
    const ticketOf = (key: string) => filed.entries.find((e) => e.clusterKey === key)?.ticket
    const fixed = ticketOf('members')
    const sibling = ticketOf('members-avatar')
    if (!fixed || !sibling) throw new Error('tickets not filed')

    // The fixer's draft PR for the first ticket, merged by a person.
    const github_ = {
      token: 'ghp_test',
      owner: 'acme',
      repo: 'web',
      baseUrl: github.url,
      pushRemote: 'origin',
    }
    await git(repo.dir, ['checkout', '--quiet', '-b', 'suture/LOCAL-1-fix'])
    await writeFile(path.join(repo.dir, MEMBERS_FIX.file), MEMBERS_FIX.fixed, 'utf8')
    await git(repo.dir, ['commit', '--quiet', '-am', 'Guard the null inviter'])
    const pr = await new GitHubProposer(github_, { retry: FAST_RETRY }).propose({
      dir: repo.dir,
      branch: 'suture/LOCAL-1-fix',
      baseBranch: 'main',
      baseCommit: 'HEAD~1',
      title: '[Suture] Guard the null inviter',
      body: 'fix',
    })
    await git(repo.dir, ['checkout', '--quiet', 'main'])
    await git(repo.dir, ['merge', '--quiet', '--no-ff', '-m', 'Merge pull request #1', 'suture/LOCAL-1-fix'])
    await git(repo.dir, ['push', '--quiet', 'origin', 'main'])
    const mergeCommit = (await git(repo.dir, ['rev-parse', 'HEAD'])).trim()
    github.merge(pr.number ?? 0, { login: 'octocat', sha: mergeCommit })
    await seedProposal(db, projectId, {
      run_id: 'run-members-1',
      ticket_id: fixed.id,
      ticket_identifier: fixed.identifier,
      cluster_key: 'members',
      proposal_url: pr.url,
      review_outcome: 'merged',
    })

    // Traffic and the error's steady rate for two weeks, the ticket closed, the release deployed ...
    const sessions = []
    for (let m = -14 * 24 * 60; m < 120; m += 15)
      sessions.push({ project_id: projectId, id: `s_${m}`, started_at: at(m + 7), last_event_at: at(m + 7) })
    const errors = []
    const error = (id: string, when: Date) => ({
      project_id: projectId,
      id,
      kind: 'error' as const,
      occurred_at: when,
      route_template: ROUTE,
      fingerprint: 'fp_members',
      body: '{}',
    })
    for (let m = -14 * 24 * 60; m < 0; m += 120) errors.push(error(`pre_${m}`, at(m + 30)))
    // ... and the fix made it worse: nine errors in the first minutes after the deploy.
    for (let i = 0; i < 9; i++) errors.push(error(`post_${i}`, at(1 + i)))
    for (let i = 0; i < sessions.length; i += 500)
      await db
        .insertInto('sessions')
        .values(sessions.slice(i, i + 500))
        .execute()
    await db.insertInto('envelopes').values(errors).execute()
    await tracker.setState(fixed.id, 'done', at(-10))
    await storeDeploys(db, projectId, [
      { release: 'r7', environment: 'production', deployedAt: DEPLOY.toISOString(), commit: mergeCommit },
    ])

    const config = {
      createTracker: () => tracker,
      revertProposer: new GitHubRevertProposer({
        github: github_,
        repo: repo.dir,
        workDir: path.join(repo.root, 'reverts'),
        retry: FAST_RETRY,
      }),
    }
    await runValidationTick(db, config, at(0), [projectId])
    const [fired] = await runValidationTick(db, config, at(16), [projectId])
    expect(fired?.result?.validations.map((v) => [v.clusterKey, v.action.kind])).toEqual([
      ['members', 'andon'],
    ])

    // The revert: one draft PR on the fake GitHub, linked from the ticket and recorded.
    const revert = github.pulls.find((p) => p.head === `suture/revert-pr-${pr.number}`)
    expect(revert).toMatchObject({ draft: true, base: 'main', state: 'open' })
    const revertAction = fired?.result?.actions.find((a) => a.action === 'revert')
    expect(revertAction).toMatchObject({ status: 'done', detail: expect.stringMatching(/\/pull\/\d+$/) })
    expect((await tracker.comments(fixed.id)).join('\n')).toContain(
      `Draft pull request ${revertAction?.detail}`,
    )
    await runValidationTick(db, config, at(31), [projectId])
    expect(github.pulls.filter((p) => p.head.startsWith('suture/revert-pr-'))).toHaveLength(1)

    // The fixer's own rules, fed by pm-agent's ticket source: neither ticket on the route is taken.
    const source = new FixerTicketSource({
      db,
      projectId,
      tracker,
      clusterUrl: (k) => `https://suture.test/clusters/${k}`,
    })
    const budgets = { perRunUsd: 5, perLineageUsd: 25, maxAttempts: 3 }
    const asFixTicket = async (id: string, clusterKey: string): Promise<FixTicket> => {
      const snapshot = await tracker.get(id)
      if (!snapshot) throw new Error(`no ticket ${id}`)
      return { ...snapshot, body: '', clusterKey, route: ROUTE, codePointers: [] }
    }
    const decide = async (id: string, clusterKey: string) => {
      const ticket = await asFixTicket(id, clusterKey)
      return (
        skipReason(ticket, await source.lineageStatus(ticket), await source.quarantine(), budgets)?.reason ??
        null
      )
    }
    expect((await asFixTicket(fixed.id, 'members')).labels).not.toContain(FIX_LABELS.autoFixable)
    await tracker.reopen(sibling.id)
    expect(await decide(fixed.id, 'members')).toBe('not-auto-fixable')
    expect(await decide(sibling.id, 'members-avatar')).toBe('quarantined-route')

    // A person investigates and clears the route: the sibling may be fixed again; the reverted one stays
    // with people (no auto-fixable label, lineage escalated) until they decide otherwise.
    expect(await clearQuarantine(db, { projectId, route: ROUTE, by: 'maria' })).toBe(true)
    expect(await decide(sibling.id, 'members-avatar')).toBeNull()
    expect(await decide(fixed.id, 'members')).toBe('not-auto-fixable')
  }, 180_000)
})
