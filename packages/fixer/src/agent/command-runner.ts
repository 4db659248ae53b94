import { type ChildProcess, spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type {
  AgentRunner,
  AgentRunRequest,
  AgentRunResult,
  AgentStopReason,
  AgentUsage,
} from './agent-runner.js'
import { bubblewrapArgs, findBubblewrap, gitDirectoriesOutside } from './bubblewrap.js'
import { failedRun, prepareRun, type RunSandbox } from './run-sandbox.js'
import { RunWatchdog } from './run-watchdog.js'

export interface CommandRunnerOptions {
  /**
   * The agent command line, run by `/bin/sh -c` in the worktree with the prompt on standard input, e.g.
   * `claude -p --output-format json --max-turns {max_turns}` or `aider --yes --message-file {prompt_file}`.
   * Placeholders (substituted shell-quoted): `{prompt_file}` a file holding the prompt, `{max_turns}`,
   * `{max_cost_usd}`, `{cwd}`.
   */
  readonly command: string
  /** The runner's name in outcome rows (default `command`). */
  readonly name?: string
  /** Variables the agent command itself needs (its API key), on top of the request's env. */
  readonly env?: Readonly<Record<string, string>>
  /**
   * Run the command under bubblewrap: the filesystem read-only except the worktree, the run's HOME, a
   * fresh /tmp and the repository's git directory. The network is shared (the agent must reach its
   * model) unless `shareNetwork: false`. Fails the run with `error` when `bwrap` is not installed.
   */
  readonly bubblewrap?: boolean | { readonly shareNetwork?: boolean }
  /** After SIGTERM to the process group, how long before SIGKILL (default 3 s). */
  readonly killGraceMs?: number
}

const OUTPUT_TAIL = 64_000
const REFUSAL_POLL_MS = 100

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

interface ReportedCost {
  costUsd: number
  usage?: Partial<Record<string, unknown>>
  turns?: number
  result?: string
}

/**
 * The cost convention: a line of output that is a JSON object with a numeric `total_cost_usd` (what
 * `claude -p --output-format json` prints last). `usage` (Messages API field names), `num_turns` and a
 * string `result` on the same line are read too. The last such line wins.
 */
export function parseCostLine(line: string): ReportedCost | undefined {
  const trimmed = line.trim()
  if (!trimmed.startsWith('{') || !trimmed.includes('total_cost_usd')) return undefined
  try {
    const value = JSON.parse(trimmed) as Record<string, unknown>
    if (typeof value.total_cost_usd !== 'number') return undefined
    return {
      costUsd: value.total_cost_usd,
      ...(value.usage && typeof value.usage === 'object'
        ? { usage: value.usage as Record<string, unknown> }
        : {}),
      ...(typeof value.num_turns === 'number' ? { turns: value.num_turns } : {}),
      ...(typeof value.result === 'string' ? { result: value.result } : {}),
    }
  } catch {
    return undefined
  }
}

function usageOf(reported: ReportedCost | undefined): AgentUsage {
  const n = (key: string) => {
    const value = reported?.usage?.[key]
    return typeof value === 'number' ? value : 0
  }
  return {
    inputTokens: n('input_tokens'),
    outputTokens: n('output_tokens'),
    cacheReadInputTokens: n('cache_read_input_tokens'),
    cacheCreationInputTokens: n('cache_creation_input_tokens'),
    costUsd: reported?.costUsd ?? 0,
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return
  try {
    process.kill(-child.pid, signal)
  } catch {
    // The group is gone already.
  }
}

/**
 * Any agent CLI as the harness's coding agent, through a command template: the prompt on standard input,
 * run in the worktree in its own process group with only the request's env (plus a temporary HOME and
 * PATH wrappers for `git` and `rm` that refuse the banned commands), every chunk of output counted as
 * activity, the idle and wall-clock clocks killing the whole group (SIGTERM, then SIGKILL), and the cost
 * read from a JSON line the agent prints ({@link parseCostLine}).
 * @example
 * const runner = createCommandRunner({
 *   command: 'claude -p --output-format json --max-turns {max_turns}',
 *   env: { ANTHROPIC_API_KEY: key },
 *   bubblewrap: true,
 * })
 */
export function createCommandRunner(options: CommandRunnerOptions): AgentRunner {
  return {
    name: options.name ?? 'command',
    run: (request) => runCommand(options, request),
    describe(request) {
      const command = renderCommand(options.command, request, '<prompt file>', request.cwd)
      const sandbox = options.bubblewrap
        ? `bwrap (read-only but the worktree, HOME and git dir; network ${
            typeof options.bubblewrap === 'object' && options.bubblewrap.shareNetwork === false
              ? 'off'
              : 'shared'
          }) `
        : ''
      return `${sandbox}/bin/sh -c ${shellQuote(command)} < prompt (${request.prompt.length} chars), in ${request.cwd}`
    },
  }
}

function renderCommand(
  template: string,
  request: Pick<AgentRunRequest, 'maxTurns' | 'maxCostUsd'>,
  promptFile: string,
  cwd: string,
): string {
  return template
    .replaceAll('{prompt_file}', shellQuote(promptFile))
    .replaceAll('{max_turns}', String(request.maxTurns))
    .replaceAll('{max_cost_usd}', String(request.maxCostUsd))
    .replaceAll('{cwd}', shellQuote(cwd))
}

async function runCommand(options: CommandRunnerOptions, request: AgentRunRequest): Promise<AgentRunResult> {
  const startedAt = new Date()
  const prepared = await prepareRun(request.cwd, request.env.PATH ?? process.env.PATH ?? '', startedAt)
  if ('failed' in prepared) return prepared.failed
  const { sandbox } = prepared
  try {
    const promptFile = join(sandbox.home, 'prompt.md')
    await writeFile(promptFile, request.prompt)
    const command = renderCommand(options.command, request, promptFile, sandbox.root)
    const env: Record<string, string> = {
      ...request.env,
      ...options.env,
      HOME: sandbox.home,
      PATH: sandbox.path,
    }

    let file = '/bin/sh'
    let args = ['-c', command]
    if (options.bubblewrap) {
      const bwrap = await findBubblewrap()
      if (!bwrap) {
        return failedRun(
          startedAt,
          'bubblewrap (bwrap) is not installed: install it (Debian/Ubuntu: apt-get install bubblewrap) or turn the sandbox off',
        )
      }
      const shareNetwork = typeof options.bubblewrap === 'object' ? options.bubblewrap.shareNetwork : true
      args = [
        ...bubblewrapArgs({
          root: sandbox.root,
          home: sandbox.home,
          readOnly: [sandbox.binDir],
          writable: [sandbox.refusalLog, ...(await gitDirectoriesOutside(sandbox.root))],
          ...(shareNetwork === undefined ? {} : { shareNetwork }),
        }),
        file,
        ...args,
      ]
      file = bwrap
    }

    return await supervise(options, request, sandbox, file, args, env, startedAt)
  } finally {
    await sandbox.dispose()
  }
}

async function supervise(
  options: CommandRunnerOptions,
  request: AgentRunRequest,
  sandbox: RunSandbox,
  file: string,
  args: string[],
  env: Record<string, string>,
  startedAt: Date,
): Promise<AgentRunResult> {
  const activity = (detail: string) => {
    try {
      request.onActivity?.({ kind: 'output', detail })
    } catch {
      // A progress callback that throws must not take the run down with it.
    }
  }
  // Its own process group (detached), so a kill reaches everything the agent started.
  const child = spawn(file, args, { cwd: sandbox.root, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] })
  let graceTimer: NodeJS.Timeout | undefined
  const watchdog = new RunWatchdog(request, () => {
    killGroup(child, 'SIGTERM')
    graceTimer = setTimeout(() => killGroup(child, 'SIGKILL'), options.killGraceMs ?? 3_000)
  })

  let stdoutTail = ''
  let stderrTail = ''
  let pendingLine = ''
  let reported: ReportedCost | undefined
  const onCostLine = (line: string) => {
    const cost = parseCostLine(line)
    if (!cost) return
    reported = cost
    if (cost.costUsd > request.maxCostUsd) {
      watchdog.stop(
        'over-budget',
        `reported cost ${cost.costUsd} USD is over the ${request.maxCostUsd} USD cap`,
      )
    }
  }
  child.stdout.setEncoding('utf8')
  child.stderr.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => {
    watchdog.touch()
    activity(chunk)
    stdoutTail = (stdoutTail + chunk).slice(-OUTPUT_TAIL)
    const lines = (pendingLine + chunk).split('\n')
    pendingLine = lines.pop() ?? ''
    for (const line of lines) onCostLine(line)
  })
  child.stderr.on('data', (chunk: string) => {
    watchdog.touch()
    activity(chunk)
    stderrTail = (stderrTail + chunk).slice(-OUTPUT_TAIL)
  })
  // An agent that does not read its input must not fail the run with EPIPE.
  child.stdin.on('error', () => {})
  child.stdin.end(request.prompt)

  let checking = false
  const refusalPoll = setInterval(async () => {
    if (checking) return
    checking = true
    const [refused] = await sandbox.refusals()
    checking = false
    if (refused) watchdog.stop('banned-command', `${refused.rule}: ${refused.command}`)
  }, REFUSAL_POLL_MS)

  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(
    (resolve) => {
      child.once('error', (error) => resolve({ code: null, signal: null, error }))
      child.once('close', (code, signal) => resolve({ code, signal }))
      // A process that left the group (setsid) can hold the pipes open after the agent exited.
      child.once('exit', () => {
        setTimeout(() => {
          child.stdout.destroy()
          child.stderr.destroy()
        }, 2_000).unref()
      })
    },
  )
  clearInterval(refusalPoll)
  watchdog.dispose()
  clearTimeout(graceTimer)
  // Whatever the agent left running in its group (a dev server, a watcher) goes with it.
  killGroup(child, 'SIGKILL')
  if (pendingLine) onCostLine(pendingLine)

  const [refused] = await sandbox.refusals()
  if (refused) watchdog.stop('banned-command', `${refused.rule}: ${refused.command}`)
  const usage = usageOf(reported)
  let stop: AgentStopReason = 'completed'
  let detail: string | undefined
  if (watchdog.result) {
    stop = watchdog.result.reason
    detail = watchdog.result.detail
  } else if (exit.error) {
    stop = 'error'
    detail = `could not start the agent command: ${exit.error.message}`
  } else if (exit.code !== 0) {
    stop = 'error'
    const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`
    detail = `the agent command ${how}${stderrTail.trim() ? `: ${stderrTail.trim().slice(-1_000)}` : ''}`
  } else if (usage.costUsd > request.maxCostUsd) {
    stop = 'over-budget'
    detail = `reported cost ${usage.costUsd} USD is over the ${request.maxCostUsd} USD cap`
  }
  return {
    stop,
    detail,
    finalMessage: reported?.result ?? stdoutTail.trim().slice(-4_000),
    usage,
    // A CLI's tool calls and edits are not visible from outside; the harness diffs the worktree.
    toolCalls: 0,
    edits: [],
    turns: reported?.turns ?? 0,
    startedAt,
    finishedAt: new Date(),
  }
}
