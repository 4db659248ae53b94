import { existsSync } from 'node:fs'
import { readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FixConfigInput, resolveFixConfig } from '../config/fix-config.js'
import type { FixRunRecord, OutcomeSink } from '../outcome/outcome-row.js'
import { LocalProposer } from '../proposal/local-proposer.js'
import { skipReason } from '../select/select-tickets.js'
import { createDemoRepo, type DemoRepo, demoTickets, MEMBERS_FIX } from '../testing/demo-repo.js'
import { MemoryTicketSource } from '../testing/memory-ticket-source.js'
import { type AgentScript, scriptedRunner } from '../testing/scripted-runner.js'
import type { FixTicket } from '../tickets/ticket-source.js'
import { runFix } from './run-fix.js'
import { runFixes } from './run-fixes.js'

const DEMO_APP = fileURLToPath(new URL('../../../../examples/demo-app', import.meta.url))

let repo: DemoRepo

beforeAll(async () => {
  repo = await createDemoRepo(DEMO_APP)
})

afterAll(async () => {
  await rm(repo.root, { recursive: true, force: true })
})

function memorySink(): OutcomeSink & { rows: FixRunRecord[] } {
  const rows: FixRunRecord[] = []
  return { rows, record: async (row) => void rows.push(row) }
}

function config(name: string, extra: Partial<FixConfigInput> = {}) {
  return resolveFixConfig({
    repo: repo.dir,
    testCommand: 'node --test',
    workDir: path.join(repo.root, 'work', name),
    outputDir: path.join(repo.root, 'out', name),
    idleTimeoutMs: 60_000,
    ...extra,
  })
}

/** The agent's planted fix: reproduction test first, then the one-line fix. */
const plantedFix: AgentScript = async (agent) => {
  await agent.write(MEMBERS_FIX.testFile, MEMBERS_FIX.test)
  const before = await agent.exec(`node --test ${MEMBERS_FIX.testFile}`)
  await agent.write(MEMBERS_FIX.file, MEMBERS_FIX.fixed)
  return {
    finalMessage: [
      `Root cause: invites from the new flow have \`inviter: null\`; inviteLine read \`.name\` of null (test exit ${before.exitCode} before the fix).`,
      'Fix: fall back to "a teammate".',
      `SUTURE-TEST: ${MEMBERS_FIX.testFile}`,
    ].join('\n'),
    costUsd: 0.42,
  }
}

async function run(
  name: string,
  script: AgentScript,
  options: { ticket?: FixTicket; extra?: Parameters<typeof config>[1]; env?: NodeJS.ProcessEnv } = {},
) {
  const ticket = options.ticket ?? demoTickets().members
  const source = new MemoryTicketSource([ticket])
  const outcomes = memorySink()
  const runner = scriptedRunner(script)
  const cfg = config(name, options.extra)
  const result = await runFix({
    config: cfg,
    source,
    runner,
    proposer: new LocalProposer(cfg.outputDir),
    outcomes,
    selected: { ticket, lineage: { attempts: 0, costUsd: 0, escalated: false }, attempt: 1 },
    worker: 0,
    trigger: 'manual',
    env: options.env ?? { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  })
  return { ...result, source, outcomes, runner, cfg, ticket }
}

/** Every breach ends the same way: its outcome, a comment, nothing pushed, no worktree, no branch left. */
function expectCleanBreach(r: Awaited<ReturnType<typeof run>>, outcome: FixRunRecord['outcome']) {
  expect(r.record.outcome, r.record.detail).toBe(outcome)
  expect(r.proposal).toBeNull()
  expect(r.source.commentsOn(r.ticket.id)).toHaveLength(1)
  expect(r.source.inReview.size).toBe(0)
  expect(repo.remoteBranches()).toEqual(['main'])
  expect(repo.worktrees()).toEqual([])
  expect(repo.localBranches()).toEqual(['main'])
  expect(existsSync(path.join(r.cfg.workDir))).toBe(true)
  expect(existsSync(path.join(r.cfg.workDir, r.record.run_id))).toBe(false)
  expect(r.outcomes.rows).toEqual([r.record])
}

describe('runFix on a copy of the demo app', () => {
  it('proposes the planted fix as a local patch: reproduced, in scope, green, ticket in review', async () => {
    const r = await run('proposed', plantedFix, {
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: 'postgres://secret', ANTHROPIC_API_KEY: 'sk-test' },
      extra: { passEnv: ['ANTHROPIC_API_KEY', 'DATABASE_URL'] },
    })
    expect(r.record.outcome, r.record.detail).toBe('proposed')
    expect(r.record.stages.reproduce?.ok).toBe(true)
    expect(r.record.stages.green?.ok).toBe(true)
    expect(r.record.stages.agent).toMatchObject({ tool_calls: 3, edits: 2 })
    expect(r.record.cost_usd).toBe(0.42)
    expect(r.record.head_commit).not.toBe(r.record.base_commit)
    // What the Review page shows travels with the outcome row.
    expect(r.record.review_details?.diff).toMatch(/^\+.*invite\.inviter\?\.name \?\? 'a teammate'/m)
    expect(r.record.review_details?.evidence[0]).toMatchObject({ before: { code: 1 }, after: { code: 0 } })

    // The agent saw only what the harness passed: its port, a fresh HOME, the named key, never DATABASE_URL.
    const request = r.runner.requests[0]
    expect(request?.env.PORT).toBe('5180')
    expect(request?.env.ANTHROPIC_API_KEY).toBe('sk-test')
    expect(request?.env.DATABASE_URL).toBeUndefined()
    expect(request?.env.HOME).not.toBe(process.env.HOME)
    expect(request?.prompt).toContain('SUTURE-TEST:')
    expect(request?.prompt).toContain('### docs/members.md')
    expect(request?.prompt).not.toContain('### docs/deploy.md')

    // The patch holds the fix, the test and the evidence; the branch is kept, the worktree is gone.
    const patchFile = fileURLToPath(r.proposal?.url ?? '')
    const patch = await readFile(patchFile, 'utf8')
    expect(patch).toContain("inviter?.name ?? 'a teammate'")
    expect(patch).toContain('before the fix: **failed (exit 1)**; after: **passed**')
    expect(repo.worktrees()).toEqual([])
    expect(repo.localBranches()).toContain(r.record.branch)
    expect(repo.remoteBranches()).toEqual(['main'])
    expect(r.source.inReview.get(r.ticket.id)?.url).toBe(r.proposal?.url)
    expect(r.source.commentsOn(r.ticket.id)[0]).toContain(r.proposal?.url ?? '')
    expect(r.source.attempts.get(r.ticket.id)).toEqual([{ attempt: 1, costUsd: 0.42, outcome: 'proposed' }])

    // A rerun of the same ticket and attempt finds the proposal and runs nothing.
    const again = await run('proposed', async () => {
      throw new Error('the agent must not run again')
    })
    expect(again.record.outcome).toBe('proposed')
    expect(again.record.detail).toContain('already proposed')
    expect(again.runner.requests).toHaveLength(0)
    expect(again.proposal?.created).toBe(false)
    const { execFileSync } = await import('node:child_process')
    execFileSync('git', ['branch', '-D', r.record.branch], { cwd: repo.dir })
  })

  it('cannot-reproduce: a fix without a test that fails first', async () => {
    const r = await run('no-test', async (agent) => {
      await agent.write(MEMBERS_FIX.file, MEMBERS_FIX.fixed)
      return { finalMessage: 'Fixed it by guarding the null inviter.' }
    })
    expectCleanBreach(r, 'cannot-reproduce')
    expect(r.record.detail).toContain('no reproduction test')
    expect(r.source.commentsOn(r.ticket.id)[0]).toContain('Fixed it by guarding')
  })

  it('cannot-reproduce: a named test that already passes on the base commit', async () => {
    const r = await run('passes-on-base', async (agent) => {
      await agent.write(MEMBERS_FIX.file, MEMBERS_FIX.fixed)
      return { finalMessage: 'SUTURE-TEST: src/flags.test.js' }
    })
    expectCleanBreach(r, 'cannot-reproduce')
    expect(r.record.detail).toContain('src/flags.test.js passes on the base commit')
  })

  it('cannot-reproduce: the agent says so and stops', async () => {
    const r = await run('says-so', async () => ({
      finalMessage: 'SUTURE-CANNOT-REPRODUCE: inviteLine renders fine with every inviter I tried',
    }))
    expectCleanBreach(r, 'cannot-reproduce')
    expect(r.source.commentsOn(r.ticket.id)[0]).toContain('every inviter I tried')
  })

  it('scope-exceeded: the fix also touches billing', async () => {
    const r = await run('scope', async (agent) => {
      await plantedFix(agent)
      await agent.write(
        'src/pages/billing.js',
        '// tidied\nexport function invoiceTotal() { return "0.00" }\n',
      )
      return { finalMessage: `SUTURE-TEST: ${MEMBERS_FIX.testFile}` }
    })
    expectCleanBreach(r, 'scope-exceeded')
    expect(r.record.detail).toContain('src/pages/billing.js')
    expect(r.record.stages.reproduce).toBeUndefined()
  })

  it('scope-exceeded: more changed lines than the limit', async () => {
    const r = await run('too-big', plantedFix, { extra: { maxChangedLines: 5 } })
    expectCleanBreach(r, 'scope-exceeded')
    expect(r.record.detail).toMatch(/\d+ changed lines \(limit 5\)/)
  })

  it('failed-tests: the fix breaks the rest of the suite', async () => {
    const r = await run('red', async (agent) => {
      await plantedFix(agent)
      await agent.write(
        'src/flags.test.js',
        "import { test } from 'node:test'\ntest('x', () => { throw new Error('broken') })\n",
      )
      return { finalMessage: `SUTURE-TEST: ${MEMBERS_FIX.testFile}` }
    })
    expectCleanBreach(r, 'failed-tests')
    expect(r.record.stages.reproduce?.ok).toBe(true)
    expect(r.record.detail).toContain('node --test')
  })

  it('killed: a banned command is caught by the harness and stops the agent', async () => {
    const r = await run('banned', async (agent) => {
      await agent.write(MEMBERS_FIX.file, MEMBERS_FIX.fixed)
      agent.tool('git reset --hard HEAD~1')
      await agent.hang()
      return { finalMessage: '' }
    })
    expectCleanBreach(r, 'killed')
    expect(r.record.detail).toContain('git reset --hard')
  })

  it('killed: an idle agent is stopped by the watchdog', async () => {
    const r = await run(
      'idle',
      async (agent) => {
        agent.tool('cat src/pages/members.js')
        await agent.hang()
        return { finalMessage: 'still thinking' }
      },
      { extra: { idleTimeoutMs: 200 } },
    )
    expectCleanBreach(r, 'killed')
    expect(r.record.detail).toContain('no activity')
  })

  it('over-budget: the run is stopped and the ticket escalated, never silently', async () => {
    const r = await run(
      'budget',
      async (agent) => {
        await plantedFix(agent)
        return { finalMessage: `SUTURE-TEST: ${MEMBERS_FIX.testFile}`, costUsd: 7.5 }
      },
      { extra: { budgets: { perRunUsd: 5 } } },
    )
    expectCleanBreach(r, 'over-budget')
    expect(r.runner.requests[0]?.maxCostUsd).toBe(5)
    expect(r.source.escalations.get(r.ticket.id)).toContain('budget')
    expect(r.source.commentsOn(r.ticket.id)[0]).toContain('handed to a person')
    expect(r.record.cost_usd).toBe(7.5)
  })

  it('kills the dev server it started on the worker port, whatever the outcome', async () => {
    const pidFile = path.join(repo.root, 'dev.pid')
    const r = await run(
      'dev-server',
      async () => ({ finalMessage: 'SUTURE-CANNOT-REPRODUCE: nothing to see' }),
      {
        extra: { devCommand: `echo $$ > ${pidFile}; echo "port $PORT"; exec sleep 60` },
      },
    )
    expect(r.record.outcome).toBe('cannot-reproduce')
    const pid = Number((await readFile(pidFile, 'utf8')).trim())
    expect(pid).toBeGreaterThan(0)
    const deadline = Date.now() + 5_000
    let alive = true
    while (alive && Date.now() < deadline) {
      try {
        process.kill(pid, 0)
        await new Promise((resolve) => setImmediate(resolve))
      } catch {
        alive = false
      }
    }
    expect(alive).toBe(false)
  })
})

describe('runFixes', () => {
  it('never dispatches the held billing ticket or the quarantined route, and dry-runs without touching anything', async () => {
    const { members, billing, settings } = demoTickets()
    const source = new MemoryTicketSource([billing, settings, members])
    source.quarantined = { routes: ['/projects/:id/settings'], paths: [] }
    const runner = scriptedRunner(async () => {
      throw new Error('a dry run must not start the agent')
    })
    const cfg = config('dry-run', { workers: 2 })
    const result = await runFixes({ config: cfg, source, runner, dryRun: true, env: {} })
    expect(result.planned.map((p) => p.ticket)).toEqual(['LOCAL-1'])
    expect(result.skipped.map((s) => [s.ticket.identifier, s.reason])).toEqual([
      ['LOCAL-2', 'held-for-humans'],
      ['LOCAL-3', 'quarantined-route'],
    ])
    const plan = result.planned[0]
    expect(plan?.scope.allowed).toEqual(['src/pages/members.js'])
    expect(plan?.command).toContain('scripted-agent --cwd')
    expect(plan?.prompt).toContain('Reproduce first')
    expect(plan?.prompt).toContain('### docs/members.md')
    expect(plan?.branch).toMatch(/^suture\/LOCAL-1-[0-9a-f]{8}$/)
    expect(runner.requests).toHaveLength(0)
    expect(existsSync(cfg.workDir)).toBe(false)
    expect(existsSync(cfg.outputDir)).toBe(false)
    expect(repo.worktrees()).toEqual([])
  })

  it('runs tickets on separate workers and ports, highest priority first, and logs one JSONL row each', async () => {
    const { members } = demoTickets()
    const second: FixTicket = { ...members, id: 'ticket-members-2', identifier: 'LOCAL-4', priority: 1 }
    const source = new MemoryTicketSource([members, second])
    const runner = scriptedRunner(async () => ({ finalMessage: 'SUTURE-CANNOT-REPRODUCE: scripted' }))
    const cfg = config('workers', { workers: 2 })
    const progress: { worker: number; ticket: string; stage: string }[] = []
    const result = await runFixes({
      config: cfg,
      source,
      runner,
      env: {},
      onProgress: (p) => progress.push(p),
    })
    expect(result.runs.map((r) => r.outcome)).toEqual(['cannot-reproduce', 'cannot-reproduce'])
    expect(new Set(runner.requests.map((r) => r.env.PORT))).toEqual(new Set(['5180', '5181']))
    expect(progress.find((p) => p.ticket === 'LOCAL-4')?.worker).toBe(0)
    expect(new Set(progress.filter((p) => p.stage === 'done').map((p) => p.worker))).toEqual(new Set([0, 1]))
    const lines = (await readFile(path.join(cfg.outputDir, 'outcomes.jsonl'), 'utf8')).trim().split('\n')
    expect(lines.map((l) => JSON.parse(l).outcome)).toEqual(['cannot-reproduce', 'cannot-reproduce'])
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      trigger_source: 'manual',
      review_outcome: null,
      regressions_detected_24h: null,
      stages: { agent: { tool_calls: 0 } },
    })
    expect(repo.worktrees()).toEqual([])

    // Both attempts counted: with a cap of 1 the next run escalates instead of dispatching.
    const capped = await runFixes({
      config: { ...cfg, budgets: { ...cfg.budgets, maxAttempts: 1 } },
      source,
      runner,
      env: {},
    })
    expect(capped.runs).toEqual([])
    expect(capped.skipped.map((s) => s.reason)).toEqual(['attempt-cap', 'attempt-cap'])
    expect(source.escalations.size).toBe(2)
    expect(source.commentsOn(members.id).at(-1)).toContain('attempt cap reached')
  })
})

describe('skipReason', () => {
  const budgets = { perRunUsd: 5, perLineageUsd: 25, maxAttempts: 3 }
  const clean = { attempts: 0, costUsd: 0, escalated: false }
  const none = { routes: [], paths: [] }

  it('holds win over auto-fixable, and a quarantined path blocks its code pointers', () => {
    const { members, billing } = demoTickets()
    expect(skipReason(billing, clean, none, budgets)?.reason).toBe('held-for-humans')
    expect(skipReason(members, clean, { routes: [], paths: ['src/pages/'] }, budgets)?.reason).toBe(
      'quarantined-path',
    )
    expect(skipReason({ ...members, openProposal: 'https://x' }, clean, none, budgets)?.reason).toBe(
      'open-proposal',
    )
    expect(skipReason({ ...members, state: 'in-progress' }, clean, none, budgets)?.reason).toBe('not-open')
    expect(skipReason(members, { ...clean, costUsd: 25 }, none, budgets)?.reason).toBe('cost-budget')
    expect(skipReason(members, clean, none, budgets)).toBeNull()
  })
})
