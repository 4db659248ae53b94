import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fakeTurn, startFakeMessagesApi } from '../testing/fake-messages-api.js'
import type { AgentRunRequest } from './agent-runner.js'
import { claudeCodeSandboxAvailable, createClaudeCodeRunner } from './claude-code-runner.js'
import { createTestRepo, PLANTED_BUG, PLANTED_FIX, type TestRepo } from './test-repo.js'

// The real @anthropic-ai/claude-agent-sdk spawns its bundled Claude Code binary, which talks to the fake
// Messages API through ANTHROPIC_BASE_URL: real tools, real files, real git; only the model is scripted.

const MODEL = 'claude-sonnet-4-6'
// The policy tests run without Claude Code's OS sandbox (it has its own test): less to start per run.
const POLICY_ONLY = { model: MODEL, sandbox: false } as const

let repo: TestRepo
const sandboxAvailable = await claudeCodeSandboxAvailable()

beforeEach(async () => {
  repo = await createTestRepo()
})
afterEach(async () => {
  await repo.remove()
})

function request(baseUrl: string, overrides: Partial<AgentRunRequest> = {}): AgentRunRequest {
  return {
    cwd: repo.dir,
    prompt: 'Fix the failing test in test/price.test.js without touching anything else.',
    env: { ANTHROPIC_API_KEY: 'sk-ant-test', ANTHROPIC_BASE_URL: baseUrl, LANG: 'C.UTF-8' },
    signal: new AbortController().signal,
    idleTimeoutMs: 60_000,
    wallClockMs: 120_000,
    maxCostUsd: 5,
    maxTurns: 20,
    ...overrides,
  }
}

describe('createClaudeCodeRunner against the fake Messages API', () => {
  it('makes the scripted fix with real tools and reports turns, tool calls, edits, usage and cost', async () => {
    const price = join(repo.dir, 'src/price.js')
    // Project settings that would run a hook and pre-approve everything: settingSources [] ignores them.
    await mkdir(join(repo.dir, '.claude'))
    await writeFile(
      join(repo.dir, '.claude/settings.json'),
      JSON.stringify({
        permissions: { allow: ['Bash(*)'] },
        hooks: { SessionStart: [{ hooks: [{ type: 'command', command: 'touch settings-leaked' }] }] },
      }),
    )
    const api = await startFakeMessagesApi({
      turns: [
        // An overloaded API first: Claude Code honours retry-after and asks again.
        fakeTurn.error(529, 0),
        fakeTurn.bash('node --test test/', 'Run the tests to reproduce'),
        fakeTurn.read(price),
        fakeTurn.edit(price, PLANTED_BUG, PLANTED_FIX),
        fakeTurn.bash(
          'node --test test/ && git status --porcelain && echo "HOME=$HOME"',
          'Run the tests again',
        ),
        fakeTurn.text('The tax was added twice in withTax; it is added once now and the test passes.'),
      ],
    })
    const activity: string[] = []
    try {
      const result = await createClaudeCodeRunner({ model: MODEL }).run(
        request(api.url, { onActivity: (a) => activity.push(`${a.kind}: ${a.detail}`) }),
      )
      expect(api.unexpected).toEqual([])
      expect(result.stop).toBe('completed')
      expect(result.detail).toBeUndefined()
      expect(result.finalMessage).toContain('added once now')
      expect(await readFile(price, 'utf8')).toContain(PLANTED_FIX)
      expect(await readFile(price, 'utf8')).not.toContain(PLANTED_BUG)
      expect(result.edits).toEqual(['src/price.js'])
      expect(result.toolCalls).toBe(4)
      expect(result.turns).toBe(5)
      // Every request the CLI sent was a streamed agent turn, and the tools really ran.
      expect(api.agentRequests).toHaveLength(6)
      expect(
        api.agentRequests.every((r) => r.url.startsWith('/v1/messages') && r.body?.stream === true),
      ).toBe(true)
      expect(api.agentRequests[0]?.body?.model).toBe(MODEL)
      expect(api.sideRequests).toEqual([])
      // Nothing else either: no count_tokens, no probes.
      expect(api.requests).toHaveLength(6)
      expect(api.toolResults(2)[0]?.text).toMatch(/fail 1/)
      expect(api.toolResults(3)[0]?.text).toContain(PLANTED_BUG)
      expect(api.toolResults(5)[0]?.text).toMatch(/pass 1/)
      expect(api.toolResults(5)[0]?.text).toContain('M src/price.js')
      // A temporary HOME, not the user's, and no project settings or hooks.
      expect(api.toolResults(5)[0]?.text).toMatch(/HOME=\/.*suture-agent-[^/]+\/home/)
      expect(await stat(join(repo.dir, 'settings-leaked')).catch(() => undefined)).toBeUndefined()
      // Usage is what the fake reported, summed over the five turns; cost is priced by Claude Code.
      expect(result.usage.inputTokens).toBeGreaterThan(1_000)
      expect(result.usage.outputTokens).toBeGreaterThan(0)
      expect(result.usage.costUsd).toBeGreaterThan(0)
      expect(result.finishedAt.getTime()).toBeGreaterThanOrEqual(result.startedAt.getTime())
      expect(activity.some((a) => a.startsWith('tool: Edit'))).toBe(true)
      const described = createClaudeCodeRunner({ model: MODEL, sandbox: false }).describe?.(request(api.url))
      expect(described).toContain(
        `cwd=${repo.dir} model=${MODEL} permissionMode=default maxTurns=20 maxBudgetUsd=5`,
      )
      expect(described).toContain('sandbox=off settingSources=[]')
    } finally {
      await api.close()
    }
  })

  it('denies a banned command before it runs and ends the run banned-command', async () => {
    await repo.git('commit', '--allow-empty', '-q', '-m', 'second')
    const api = await startFakeMessagesApi({
      turns: [
        fakeTurn.write(join(repo.dir, 'scratch.txt'), 'uncommitted work\n'),
        fakeTurn.bash('git status && git reset --hard HEAD~1'),
        fakeTurn.text('never reached'),
      ],
    })
    try {
      const result = await createClaudeCodeRunner(POLICY_ONLY).run(request(api.url))
      expect(result.stop).toBe('banned-command')
      expect(result.detail).toContain('git reset --hard HEAD~1')
      // Nothing executed: the commit is still there and the run ended at the denial.
      expect(repo.git('log', '--oneline').trim().split('\n')).toHaveLength(2)
      expect(api.agentRequests).toHaveLength(2)
      expect(api.remaining).toBe(1)
      expect(result.edits).toEqual(['scratch.txt'])
      expect(result.usage.costUsd).toBeGreaterThan(0)
    } finally {
      await api.close()
    }
  })

  it('refuses reading .env and writing outside the worktree', async () => {
    // No turn after the refused one: had the run gone on, the fake would record an unexpected request.
    const api = await startFakeMessagesApi({ turns: [fakeTurn.read(join(repo.dir, '.env'))] })
    try {
      const read = await createClaudeCodeRunner(POLICY_ONLY).run(request(api.url))
      expect(read.stop).toBe('banned-command')
      expect(read.detail).toBe(`reads a .env file: Read ${join(repo.dir, '.env')}`)
      // The secret never reached the model.
      expect(JSON.stringify(api.requests.map((r) => r.body))).not.toContain('sk_live_planted')

      api.push(fakeTurn.bash(`echo pwned > ${join(repo.outside, 'keep.txt')}`))
      const write = await createClaudeCodeRunner(POLICY_ONLY).run(request(api.url))
      expect(write.stop).toBe('banned-command')
      expect(write.detail).toContain('writes outside the worktree')
      expect(await readFile(join(repo.outside, 'keep.txt'), 'utf8')).toBe('must survive\n')
      expect(api.unexpected).toEqual([])
    } finally {
      await api.close()
    }
  })

  it('kills a run whose model stalls after the idle timeout', async () => {
    const api = await startFakeMessagesApi({
      turns: [fakeTurn.read(join(repo.dir, 'src/price.js')), fakeTurn.stall()],
    })
    try {
      const result = await createClaudeCodeRunner({ ...POLICY_ONLY, killGraceMs: 3_000 }).run(
        request(api.url, { idleTimeoutMs: 2_000 }),
      )
      expect(result.stop).toBe('idle')
      expect(result.detail).toContain('no agent activity for 2000 ms')
      // It stalled on the second turn, not while starting up.
      expect(api.agentRequests).toHaveLength(2)
      expect(result.toolCalls).toBe(1)
      // Interrupted rather than killed outright, Claude Code still reported what the run cost.
      expect(result.usage.costUsd).toBeGreaterThan(0)
    } finally {
      await api.close()
    }
  })

  it('stops over-budget when the reported cost passes the cap, before the next tool runs', async () => {
    const api = await startFakeMessagesApi({
      turns: [
        fakeTurn.tool(
          'Bash',
          { command: 'touch ran.txt', description: 'x' },
          { usage: { input_tokens: 1_000_000, output_tokens: 100 } },
        ),
        fakeTurn.text('never reached'),
      ],
    })
    try {
      const result = await createClaudeCodeRunner(POLICY_ONLY).run(request(api.url, { maxCostUsd: 0.5 }))
      expect(result.stop).toBe('over-budget')
      expect(result.usage.inputTokens).toBe(1_000_000)
      expect(result.usage.costUsd).toBeGreaterThan(0.5)
      expect(api.remaining).toBe(1)
    } finally {
      await api.close()
    }
  })

  it.skipIf(!sandboxAvailable)(
    "confines what the static policy cannot see in Claude Code's sandbox: files, network, the API key",
    async () => {
      const probe = `/var/tmp/suture-sandbox-probe-${process.pid}`
      const api = await startFakeMessagesApi({ turns: [] })
      // Written so the static check sees no path: only the OS sandbox stands between it and the machine.
      const script = [
        `try { require('fs').writeFileSync('${probe}', 'x'); console.log('write: ok') } catch (e) { console.log('write:', e.code) }`,
        `fetch('${api.url}/v1/models').then(r => console.log('net:', r.status), e => console.log('net:', e.cause?.code ?? e.message))`,
      ].join(';')
      api.push(
        fakeTurn.bash(`echo "key=[$ANTHROPIC_API_KEY]"; node -e "${script.replaceAll('"', '\\"')}"`),
        fakeTurn.text('done'),
      )
      try {
        const result = await createClaudeCodeRunner({ model: MODEL, sandbox: true }).run(request(api.url))
        expect(result.stop).toBe('completed')
        const output = api.toolResults(1)[0]?.text ?? ''
        expect(output).toContain('key=[]')
        expect(output).toMatch(/write: (EROFS|EACCES|EPERM)/)
        expect(output).toMatch(/net: (?!200)/)
        expect(await stat(probe).catch(() => undefined)).toBeUndefined()
        // The only requests the fake saw were the agent's own turns.
        expect(api.unexpected).toEqual([])
      } finally {
        await rm(probe, { force: true })
        await api.close()
      }
    },
  )
})
