import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { resolveFixConfig } from '@suture/fixer'
import { windowFor } from '@suture/store'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config/load.js'
import { triageConfigFrom } from '../config/triage-config.js'
import {
  pmAgentSettingsFrom,
  pullMergerFor,
  retentionPolicyFrom,
  revertProposerFor,
  workerJobs,
} from './worker-jobs.js'

function checkout(): string {
  const repo = mkdtempSync(path.join(tmpdir(), 'suture-repo-'))
  mkdirSync(path.join(repo, 'src', 'pages'), { recursive: true })
  writeFileSync(path.join(repo, 'src', 'pages', 'Settings.tsx'), 'export const Settings = () => null\n')
  return repo
}

describe("the worker's PM-agent settings", () => {
  it('every triage run gets code pointers from the configured repository (config file or SUTURE_REPOSITORY)', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'suture-cwd-'))
    const repo = checkout()
    const config = await loadConfig({ env: { SUTURE_REPOSITORY: repo }, cwd })
    const settings = pmAgentSettingsFrom(config, { cwd })
    const lookup = settings.triage?.codePointers
    expect(lookup).toBeDefined()
    // The same configuration gives `suture triage` the same pointers without --repo.
    expect(triageConfigFrom(config, { cwd }).codePointers).toBeDefined()
    const none = await loadConfig({ env: {}, cwd })
    expect(pmAgentSettingsFrom(none, { cwd }).triage?.codePointers).toBeUndefined()
  })

  it('writes the outcome log to the data directory by default, elsewhere when configured, nowhere when off', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'suture-cwd-'))
    const byDefault = await loadConfig({ env: {}, cwd })
    expect(pmAgentSettingsFrom(byDefault, { cwd }).outcomeLog).toBe(
      path.join(cwd, '.suture', 'outcomes.jsonl'),
    )
    const moved = await loadConfig({ env: { SUTURE_DATA_DIR: '/var/lib/suture' }, cwd })
    expect(pmAgentSettingsFrom(moved, { cwd }).outcomeLog).toBe('/var/lib/suture/outcomes.jsonl')
    const custom = await loadConfig({ env: { SUTURE_OUTCOME_LOG: 'logs/outcomes.jsonl' }, cwd })
    expect(pmAgentSettingsFrom(custom, { cwd }).outcomeLog).toBe(path.join(cwd, 'logs', 'outcomes.jsonl'))
    const off = await loadConfig({ env: { SUTURE_OUTCOME_LOG: 'off' }, cwd })
    expect(pmAgentSettingsFrom(off, { cwd }).outcomeLog).toBeUndefined()
  })

  it('runs post-merge validation and the andon cord; draft revert PRs only with a GitHub target', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'suture-cwd-'))
    const config = await loadConfig({ env: {}, cwd })
    const names = workerJobs(config, { scorer: 'heuristic', cwd }).map((j) => j.name)
    expect(names).toEqual(
      expect.arrayContaining(['pm-agent.weekly', 'pm-agent.spikes', 'pm-agent.validation']),
    )
    const validation = workerJobs(config, { scorer: 'heuristic', cwd }).find(
      (j) => j.name === 'pm-agent.validation',
    )
    expect(validation?.cron).toBe('* * * * *')
    const repo = checkout()
    expect(revertProposerFor(undefined)).toBeUndefined()
    expect(revertProposerFor(resolveFixConfig({ repo }))).toBeUndefined()
    const withGitHub = resolveFixConfig({ repo, github: { token: 't', owner: 'acme', repo: 'web' } })
    expect(typeof revertProposerFor(withGitHub)?.proposeRevert).toBe('function')
  })

  it("gives the Review page's Merge a GitHub merger only with a token, the fix repository and its GitHub repo", async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'suture-cwd-'))
    const repo = checkout()
    const github = { GITHUB_TOKEN: 't', SUTURE_GITHUB_OWNER: 'acme', SUTURE_GITHUB_REPO: 'web' }
    expect(pullMergerFor(await loadConfig({ env: github, cwd }), cwd)).toBeUndefined()
    expect(pullMergerFor(await loadConfig({ env: { SUTURE_FIX_REPO: repo }, cwd }), cwd)).toBeUndefined()
    const merger = pullMergerFor(await loadConfig({ env: { ...github, SUTURE_FIX_REPO: repo }, cwd }), cwd)
    expect(merger?.method).toBe('squash')
    expect(merger?.canMerge('https://github.com/acme/web/pull/3')).toBe(true)
    expect(merger?.canMerge('https://github.com/other/web/pull/3')).toBe(false)
    const rebase = await loadConfig({
      env: { ...github, SUTURE_FIX_REPO: repo, SUTURE_GITHUB_MERGE_METHOD: 'rebase' },
      cwd,
    })
    expect(pullMergerFor(rebase, cwd)?.method).toBe('rebase')
    await expect(loadConfig({ env: { SUTURE_GITHUB_MERGE_METHOD: 'fast-forward' }, cwd })).rejects.toThrow(
      'SUTURE_GITHUB_MERGE_METHOD',
    )
  })
})

describe('retention from the configuration', () => {
  it('defaults, variables (days or forever) and per-project overrides from the file make the daily job', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'suture-cwd-'))
    const defaults = retentionPolicyFrom(await loadConfig({ env: {}, cwd }))
    expect(defaults.defaults).toEqual({
      envelopes: 90,
      sessionEvents: 90,
      sessions: 730,
      scores: 730,
      jobRuns: 180,
    })
    writeFileSync(
      path.join(cwd, 'suture.config.json'),
      JSON.stringify({ retention: { projects: { web: { envelopes: 14, sessionEvents: null } } } }),
    )
    const config = await loadConfig({
      env: { SUTURE_RETENTION_ENVELOPES_DAYS: '30', SUTURE_RETENTION_SCORES_DAYS: 'forever' },
      cwd,
    })
    const policy = retentionPolicyFrom(config)
    expect(policy.defaults).toMatchObject({ envelopes: 30, scores: null, sessionEvents: 90 })
    expect(windowFor(policy, 'web', 'envelopes')).toBe(14)
    expect(windowFor(policy, 'web', 'sessionEvents')).toBeNull()
    expect(windowFor(policy, 'shop', 'envelopes')).toBe(30)
    const jobs = workerJobs(config, { scorer: 'heuristic', cwd })
    expect(jobs.find((j) => j.name === 'retention')?.cron).toBe('30 2 * * *')
  })

  it('a wrong value stops at start, naming the variable', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'suture-cwd-'))
    await expect(loadConfig({ env: { SUTURE_RETENTION_ENVELOPES_DAYS: '-3' }, cwd })).rejects.toThrow(
      /SUTURE_RETENTION_ENVELOPES_DAYS/,
    )
  })
})
