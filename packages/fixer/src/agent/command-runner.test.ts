import { chmod, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fakeTurn, startFakeMessagesApi } from '../testing/fake-messages-api.js'
import type { AgentRunRequest } from './agent-runner.js'
import { findBubblewrap } from './bubblewrap.js'
import { createCommandRunner, parseCostLine } from './command-runner.js'
import { createTestRepo, PLANTED_BUG, PLANTED_FIX, type TestRepo, waitFor } from './test-repo.js'

// Scripted shell-script agents stand in for an agent CLI: real processes, real git, real signals.

let repo: TestRepo
const bwrap = await findBubblewrap()

/** The Claude Code binary the Agent SDK bundles for this platform, to run it as a plain CLI. */
function bundledClaudeCode(): string | undefined {
  try {
    const sdk = createRequire(import.meta.url).resolve('@anthropic-ai/claude-agent-sdk')
    return createRequire(sdk).resolve(
      `@anthropic-ai/claude-agent-sdk-${process.platform}-${process.arch}/claude`,
    )
  } catch {
    return undefined
  }
}
const claudeBinary = bundledClaudeCode()

beforeEach(async () => {
  repo = await createTestRepo()
})
afterEach(async () => {
  await repo.remove()
})

function request(overrides: Partial<AgentRunRequest> = {}): AgentRunRequest {
  return {
    cwd: repo.dir,
    prompt: 'Fix withTax: the tax is added twice.',
    env: { PATH: process.env.PATH ?? '', LANG: 'C.UTF-8' },
    signal: new AbortController().signal,
    idleTimeoutMs: 30_000,
    wallClockMs: 60_000,
    maxCostUsd: 5,
    maxTurns: 20,
    ...overrides,
  }
}

/** Writes an agent script outside the worktree and returns the command that runs it. */
async function agent(body: string): Promise<string> {
  const path = join(repo.outside, `agent-${Math.random().toString(36).slice(2)}.sh`)
  await writeFile(path, `#!/bin/sh\n${body}\n`)
  await chmod(path, 0o755)
  return path
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const FIX = `sed -i 's/${PLANTED_BUG.replaceAll('*', '\\*')}/${PLANTED_FIX.replaceAll('*', '\\*')}/' src/price.js`

describe('createCommandRunner', () => {
  it('runs the agent in the worktree with the prompt on stdin, only the passed env, and reads its cost line', async () => {
    process.env.SUTURE_TEST_SECRET = 'must-not-leak'
    const command = await agent(
      [
        'prompt=$(cat)',
        'echo "prompt: $prompt"',
        'echo "secret: [$SUTURE_TEST_SECRET] home: $HOME"',
        FIX,
        'node --test test/ >/dev/null 2>&1 && echo "tests pass"',
        `echo '{"type":"result","total_cost_usd":0.42,"num_turns":7,"result":"Fixed the double tax.","usage":{"input_tokens":1200,"output_tokens":300,"cache_read_input_tokens":50}}'`,
      ].join('\n'),
    )
    const output: string[] = []
    try {
      const result = await createCommandRunner({ command: `${command} --model x` }).run(
        request({ onActivity: (a) => output.push(a.detail) }),
      )
      const text = output.join('')
      expect(result.stop).toBe('completed')
      expect(text).toContain('prompt: Fix withTax: the tax is added twice.')
      expect(text).toContain('secret: [] home: ')
      expect(text).not.toContain(`home: ${process.env.HOME}\n`)
      expect(text).toContain('tests pass')
      expect(await readFile(join(repo.dir, 'src/price.js'), 'utf8')).toContain(PLANTED_FIX)
      expect(result.usage).toEqual({
        inputTokens: 1200,
        outputTokens: 300,
        cacheReadInputTokens: 50,
        cacheCreationInputTokens: 0,
        costUsd: 0.42,
      })
      expect(result.turns).toBe(7)
      expect(result.finalMessage).toBe('Fixed the double tax.')
    } finally {
      delete process.env.SUTURE_TEST_SECRET
    }
  })

  it('substitutes the template placeholders, shell-quoted, and describes the command for a dry run', async () => {
    const command = await agent('printf "%s|" "$@"; cat "$1"')
    const runner = createCommandRunner({ command: `${command} {prompt_file} {max_turns} {max_cost_usd}` })
    const result = await runner.run(request({ prompt: "it's the prompt", maxTurns: 9, maxCostUsd: 1.5 }))
    expect(result.stop).toBe('completed')
    expect(result.finalMessage).toMatch(/\|9\|1\.5\|it's the prompt$/)
    expect(runner.describe?.(request({ prompt: 'fix it', maxTurns: 9, maxCostUsd: 1.5 }))).toBe(
      `/bin/sh -c '${command} '\\''<prompt file>'\\'' 9 1.5' < prompt (6 chars), in ${repo.dir}`,
    )
  })

  it('refuses any git push: the harness proposes, after its checks', async () => {
    const command = await agent('git push origin HEAD:main\nexec sleep 600')
    const result = await createCommandRunner({ command }).run(request())
    expect(result.stop).toBe('banned-command')
    expect(result.detail).toBe('git push: git push origin HEAD:main')
  })

  it('refuses git reset --hard through the PATH wrapper and ends the run banned-command', async () => {
    repo.git('commit', '--allow-empty', '-q', '-m', 'second')
    const command = await agent('git reset --hard HEAD~1\necho "after refusal"\nexec sleep 600')
    const result = await createCommandRunner({ command }).run(request())
    expect(result.stop).toBe('banned-command')
    expect(result.detail).toBe('git reset --hard: git reset --hard HEAD~1')
    expect(repo.git('log', '--oneline').trim().split('\n')).toHaveLength(2)
  })

  it('refuses rm -rf of a directory outside the worktree', async () => {
    const command = await agent(`rm -rf ../outside; rm -rf node_modules_copy; exec sleep 600`)
    const result = await createCommandRunner({ command }).run(request())
    expect(result.stop).toBe('banned-command')
    expect(result.detail).toBe('rm -r outside the worktree: rm -rf ../outside')
    expect(await readFile(join(repo.outside, 'keep.txt'), 'utf8')).toBe('must survive\n')
  })

  it('kills the whole process group of an agent that goes quiet (idle)', async () => {
    const pidFile = join(repo.outside, 'background.pid')
    const command = await agent(`sleep 600 &\necho $! > ${pidFile}\necho started\nwait`)
    const result = await createCommandRunner({ command, killGraceMs: 1_000 }).run(
      request({ idleTimeoutMs: 1_000 }),
    )
    expect(result.stop).toBe('idle')
    expect(result.detail).toBe('no agent activity for 1000 ms')
    const pid = Number((await readFile(pidFile, 'utf8')).trim())
    await waitFor(() => !alive(pid))
  })

  it('kills an agent that keeps talking past the wall-clock cap', async () => {
    const command = await agent('trap "" TERM\nwhile true; do echo tick; sleep 0.1; done')
    const output: string[] = []
    const result = await createCommandRunner({ command, killGraceMs: 500 }).run(
      request({ idleTimeoutMs: 10_000, wallClockMs: 1_500, onActivity: (a) => output.push(a.detail) }),
    )
    // It ignored SIGTERM; SIGKILL after the grace period ended it.
    expect(result.stop).toBe('wall-clock')
    expect(output.join('')).toContain('tick')
  })

  it('stops an agent whose reported cost passes the cap', async () => {
    const command = await agent(`echo '{"total_cost_usd": 9.5}'\nexec sleep 600`)
    const result = await createCommandRunner({ command }).run(request({ maxCostUsd: 2 }))
    expect(result.stop).toBe('over-budget')
    expect(result.usage.costUsd).toBe(9.5)
  })

  it('ends with error when the agent fails or cannot start, and when the caller aborts', async () => {
    const failing = await createCommandRunner({ command: 'echo boom >&2; exit 3' }).run(request())
    expect(failing.stop).toBe('error')
    expect(failing.detail).toBe('the agent command exited with code 3: boom')

    const nowhere = await createCommandRunner({ command: 'true' }).run(
      request({ cwd: join(repo.outside, 'gone') }),
    )
    expect(nowhere.stop).toBe('error')
    expect(nowhere.detail).toContain(`could not prepare the run in ${join(repo.outside, 'gone')}`)

    const missing = await createCommandRunner({ command: 'no-such-agent-cli -p' }).run(request())
    expect(missing.stop).toBe('error')
    expect(missing.detail).toContain('exited with code 127')

    const controller = new AbortController()
    const started = createCommandRunner({ command: 'echo up; exec sleep 600' }).run(
      request({ signal: controller.signal, onActivity: () => controller.abort(new Error('shutting down')) }),
    )
    const aborted = await started
    expect(aborted.stop).toBe('error')
    expect(aborted.detail).toBe('aborted by the caller: shutting down')
  })

  describe.skipIf(!bwrap)('under bubblewrap', () => {
    it('can write the worktree, HOME and git, cannot write elsewhere, and the wrappers still report', async () => {
      // The host's /tmp (where this test's scripts live) is hidden behind a fresh one, so the agent is
      // the command line itself; /var/tmp stands for "anywhere else on the machine".
      const probe = `/var/tmp/suture-bwrap-probe-${process.pid}`
      const command = [
        FIX,
        'touch "$HOME/ok" && echo "home writable"',
        `touch ${probe} 2>&1 || echo "outside refused"`,
        'git add -A && git -c user.name=a -c user.email=a@b commit -q -m fix && echo "committed"',
        'git reset --hard HEAD~1',
        'exec sleep 600',
      ].join('\n')
      const output: string[] = []
      try {
        const result = await createCommandRunner({ command, bubblewrap: true }).run(
          request({ onActivity: (a) => output.push(a.detail) }),
        )
        const text = output.join('')
        expect(text).toContain('home writable')
        expect(text).toContain('Read-only file system')
        expect(text).toContain('outside refused')
        expect(text).toContain('committed')
        expect(
          await readFile(probe).then(
            () => true,
            () => false,
          ),
        ).toBe(false)
        expect(result.stop).toBe('banned-command')
        expect(result.detail).toBe('git reset --hard: git reset --hard HEAD~1')
        expect(repo.git('log', '--oneline').trim().split('\n')).toHaveLength(2)
      } finally {
        await rm(probe, { force: true })
      }
    })

    it('cuts the network off when asked', async () => {
      const result = await createCommandRunner({
        command: `node -e "require('node:net').connect(9,'127.0.0.1').on('error',e=>{console.log(e.code);process.exit(0)})"`,
        bubblewrap: { shareNetwork: false },
      }).run(request())
      expect(result.stop).toBe('completed')
      expect(result.finalMessage).toMatch(/ENETUNREACH|ECONNREFUSED|EACCES/)
    })
  })
})

describe.skipIf(!claudeBinary)('createCommandRunner with the real `claude -p`', () => {
  it('reads the cost, usage, turns and result from --output-format json', async () => {
    const api = await startFakeMessagesApi({
      turns: [fakeTurn.read(join(repo.dir, 'src/price.js')), fakeTurn.text('withTax adds the tax twice.')],
    })
    try {
      const result = await createCommandRunner({
        command: `${claudeBinary} -p --output-format json --max-turns {max_turns} --model claude-sonnet-4-6`,
        env: {
          ANTHROPIC_API_KEY: 'sk-ant-test',
          ANTHROPIC_BASE_URL: api.url,
          CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
        },
      }).run(request())
      expect(api.unexpected).toEqual([])
      expect(result.stop).toBe('completed')
      expect(result.finalMessage).toBe('withTax adds the tax twice.')
      expect(result.turns).toBe(2)
      expect(result.usage.costUsd).toBeGreaterThan(0)
      expect(result.usage.inputTokens).toBeGreaterThan(0)
      // The prompt arrived on standard input.
      expect(JSON.stringify(api.agentRequests[0]?.body?.messages)).toContain(
        'Fix withTax: the tax is added twice.',
      )
    } finally {
      await api.close()
    }
  })
})

describe('parseCostLine', () => {
  it('reads claude -p --output-format json result lines and ignores anything else', () => {
    expect(parseCostLine('{"type":"result","total_cost_usd":0.1,"num_turns":2,"result":"ok"}')).toEqual({
      costUsd: 0.1,
      turns: 2,
      result: 'ok',
    })
    expect(parseCostLine('total_cost_usd: 3')).toBeUndefined()
    expect(parseCostLine('{"total_cost_usd":"3"}')).toBeUndefined()
    expect(parseCostLine('{"total_cost_usd":')).toBeUndefined()
  })
})
