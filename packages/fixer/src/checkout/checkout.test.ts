import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createDemoRepo, type DemoRepo } from '../testing/demo-repo.js'
import { buildAgentEnv } from './agent-env.js'
import { createCheckout, defaultBranch, fixBranchName } from './checkout.js'
import { git } from './git.js'

let repo: DemoRepo

beforeAll(async () => {
  repo = await createDemoRepo()
})

afterAll(async () => {
  await rm(repo.root, { recursive: true, force: true })
})

describe('createCheckout', () => {
  it('clones a remote URL at its default branch on the run branch, and removes the clone', async () => {
    const url = `file://${repo.origin}`
    expect(await defaultBranch(url)).toBe('main')
    const checkout = await createCheckout({
      repo: url,
      branch: 'suture/LOCAL-1-abc',
      workDir: path.join(repo.root, 'work'),
      runId: 'clone-run',
      port: 5183,
    })
    expect((await git(checkout.dir, ['symbolic-ref', '--short', 'HEAD'])).trim()).toBe('suture/LOCAL-1-abc')
    expect(checkout.baseCommit).toBe((await git(repo.dir, ['rev-parse', 'main'])).trim())
    expect(existsSync(path.join(checkout.dir, 'src/pages/members.js'))).toBe(true)
    await checkout.cleanup({ keepBranch: false })
    expect(existsSync(path.join(repo.root, 'work', 'clone-run'))).toBe(false)
    expect(repo.remoteBranches()).toEqual(['main'])
  })

  it('a local worktree is removed with its branch unless a proposal keeps it; a crashed run’s branch is reset', async () => {
    const options = {
      repo: repo.dir,
      branch: 'suture/LOCAL-1-def',
      workDir: path.join(repo.root, 'work'),
      port: 5180,
    }
    const first = await createCheckout({ ...options, runId: 'a' })
    await git(first.dir, ['commit', '--allow-empty', '-qm', 'half-done'])
    await first.cleanup({ keepBranch: true })
    expect(repo.worktrees()).toEqual([])
    expect(repo.localBranches()).toContain('suture/LOCAL-1-def')

    const second = await createCheckout({ ...options, runId: 'b' })
    expect((await git(second.dir, ['rev-parse', 'HEAD'])).trim()).toBe(
      (await git(repo.dir, ['rev-parse', 'main'])).trim(),
    )
    await second.cleanup({ keepBranch: false })
    expect(repo.worktrees()).toEqual([])
    expect(repo.localBranches()).toEqual(['main'])
  })

  it('fails with git’s own words for a missing base branch, leaving nothing behind', async () => {
    await expect(
      createCheckout({
        repo: repo.dir,
        baseBranch: 'does-not-exist',
        branch: 'suture/x',
        workDir: path.join(repo.root, 'work'),
        runId: 'bad',
        port: 5180,
      }),
    ).rejects.toThrow(/does-not-exist/)
    expect(existsSync(path.join(repo.root, 'work', 'bad'))).toBe(false)
    expect(repo.localBranches()).toEqual(['main'])
  })
})

describe('fixBranchName', () => {
  it('is stable per ticket and attempt, different across attempts', () => {
    expect(fixBranchName('LOCAL-1', 't1', 1)).toBe(fixBranchName('LOCAL-1', 't1', 1))
    expect(fixBranchName('LOCAL-1', 't1', 2)).not.toBe(fixBranchName('LOCAL-1', 't1', 1))
    expect(fixBranchName('SUT 42/x', 't1', 1)).toMatch(/^suture\/SUT-42-x-[0-9a-f]{8}$/)
  })
})

describe('buildAgentEnv', () => {
  it('carries only what the harness passes, never Suture’s secrets even when asked', () => {
    const env = buildAgentEnv({
      from: {
        PATH: '/bin',
        DATABASE_URL: 'postgres://x',
        SUTURE_DASHBOARD_SECRET: 's',
        OPENAI_API_KEY: 'k',
        HOME: '/root',
      },
      passEnv: ['DATABASE_URL', 'SUTURE_DASHBOARD_SECRET', 'OPENAI_API_KEY'],
      extraEnv: { GITHUB_TOKEN: 'nope', NODE_ENV: 'test' },
      home: '/tmp/run/home',
      port: 5182,
      ticket: 'LOCAL-1',
    })
    expect(env.DATABASE_URL).toBeUndefined()
    expect(env.SUTURE_DASHBOARD_SECRET).toBeUndefined()
    expect(env.GITHUB_TOKEN).toBeUndefined()
    expect(env).toMatchObject({ OPENAI_API_KEY: 'k', NODE_ENV: 'test', PORT: '5182', HOME: '/tmp/run/home' })
  })
})
