import { join } from 'node:path'
// Types only: the SDK itself is an optional peer, loaded when a run starts (loadClaudeAgentSdk).
import type {
  HookCallback,
  HookJSONOutput,
  Options,
  SDKMessage,
  SDKResultMessage,
  SDKUserMessage,
} from '@anthropic-ai/claude-agent-sdk'
import type {
  AgentRunner,
  AgentRunRequest,
  AgentRunResult,
  AgentStopReason,
  AgentUsage,
} from './agent-runner.js'
import { findBubblewrap, findExecutable, gitDirectoriesOutside } from './bubblewrap.js'
import { loadClaudeAgentSdk } from './claude-agent-sdk.js'
import { checkToolCall, editedPath, type PolicyViolation, relativeToRoot } from './command-policy.js'
import { prepareRun, type RunSandbox } from './run-sandbox.js'
import { RunWatchdog, type WatchdogStop } from './run-watchdog.js'

/** The tools a fixing agent gets by default: read, search, edit, run commands. No web, no subagents. */
export const DEFAULT_CLAUDE_CODE_TOOLS: readonly string[] = [
  'Read',
  'Glob',
  'Grep',
  'Edit',
  'Write',
  'NotebookEdit',
  'Bash',
  'TodoWrite',
]

export interface ClaudeCodeRunnerOptions {
  /** The model, e.g. `claude-sonnet-4-6`; the CLI's default when omitted. */
  readonly model?: string
  /**
   * How Claude Code asks for permission. Default `'default'`: tools that need approval go through this
   * runner's policy (`canUseTool`); `bypassPermissions` is not offered, the policy must always be asked.
   */
  readonly permissionMode?: 'default' | 'acceptEdits' | 'plan' | 'dontAsk'
  /** Built-in tools the agent may use (default {@link DEFAULT_CLAUDE_CODE_TOOLS}). */
  readonly tools?: readonly string[]
  /** Model API key; else the request's env, else this process's `ANTHROPIC_API_KEY`. */
  readonly apiKey?: string
  /** Model API base URL (a gateway, or a local fake in tests); else the request's env, else this process's. */
  readonly baseUrl?: string
  /** A Claude Code binary to run instead of the one bundled with the SDK. */
  readonly pathToClaudeCodeExecutable?: string
  /** Appended to Claude Code's own system prompt (the harness's contract goes in the prompt itself). */
  readonly appendSystemPrompt?: string
  /** Directories outside the worktree the agent may also write to (the run's HOME always may). */
  readonly writableRoots?: readonly string[]
  /** After a stop, how long Claude Code gets to wind down (and report its cost) before it is killed. */
  readonly killGraceMs?: number
  /** Claude Code's stderr, for debugging. */
  readonly onStderr?: (chunk: string) => void
  /**
   * Claude Code's own OS sandbox for the commands the agent runs (Linux: bubblewrap plus a socat
   * network proxy; macOS: Seatbelt): the filesystem read-only except the worktree, the run's HOME and
   * the repository's git directory; network only to `allowedDomains` (default the npm registry; the
   * model API is called by Claude Code itself, outside the sandbox); the model API key hidden from the
   * commands. `'auto'` (the default) turns it on where it can run (Linux with `bwrap` and `socat`,
   * macOS); `true` requires it and fails the run where it cannot.
   */
  readonly sandbox?: boolean | 'auto' | { readonly allowedDomains?: readonly string[] }
}

/** Where the agent's commands may connect when the sandbox is on and no list is given. */
export const DEFAULT_ALLOWED_DOMAINS: readonly string[] = ['registry.npmjs.org']

/** Whether Claude Code's sandbox can run on this machine (what `sandbox: 'auto'` checks). */
export async function claudeCodeSandboxAvailable(path = process.env.PATH ?? ''): Promise<boolean> {
  if (process.platform === 'darwin') return true
  if (process.platform !== 'linux') return false
  return (await findBubblewrap(path)) !== undefined && (await findExecutable('socat', path)) !== undefined
}

const STDERR_TAIL = 4_000
const STARTUP_ALLOWANCE_MS = 60_000

function summarize(input: unknown): string {
  if (input === null || typeof input !== 'object') return ''
  const record = input as Record<string, unknown>
  const value = record.command ?? record.file_path ?? record.notebook_path ?? record.pattern ?? record.path
  return typeof value === 'string' ? value.slice(0, 200) : ''
}

function usageOf(result: SDKResultMessage): AgentUsage {
  let inputTokens = 0
  let outputTokens = 0
  let cacheReadInputTokens = 0
  let cacheCreationInputTokens = 0
  // modelUsage covers every model call of the query (subagents, compaction); `usage` only the main loop.
  for (const model of Object.values(result.modelUsage ?? {})) {
    inputTokens += model.inputTokens
    outputTokens += model.outputTokens
    cacheReadInputTokens += model.cacheReadInputTokens
    cacheCreationInputTokens += model.cacheCreationInputTokens
  }
  if (inputTokens + outputTokens === 0) {
    inputTokens = result.usage.input_tokens
    outputTokens = result.usage.output_tokens
    cacheReadInputTokens = result.usage.cache_read_input_tokens
    cacheCreationInputTokens = result.usage.cache_creation_input_tokens
  }
  return {
    inputTokens,
    outputTokens,
    cacheReadInputTokens,
    cacheCreationInputTokens,
    costUsd: result.total_cost_usd,
  }
}

interface MessageUsage {
  input_tokens?: number | null
  output_tokens?: number | null
  cache_read_input_tokens?: number | null
  cache_creation_input_tokens?: number | null
}

/** Tokens summed from assistant messages, when Claude Code was killed before its result (cost unknown). */
function usageOfMessages(byMessage: Map<string, MessageUsage>): AgentUsage {
  let inputTokens = 0
  let outputTokens = 0
  let cacheReadInputTokens = 0
  let cacheCreationInputTokens = 0
  for (const usage of byMessage.values()) {
    inputTokens += usage.input_tokens ?? 0
    outputTokens += usage.output_tokens ?? 0
    cacheReadInputTokens += usage.cache_read_input_tokens ?? 0
    cacheCreationInputTokens += usage.cache_creation_input_tokens ?? 0
  }
  return { inputTokens, outputTokens, cacheReadInputTokens, cacheCreationInputTokens, costUsd: 0 }
}

function stopOfResult(result: SDKResultMessage): { stop: AgentStopReason; detail: string | undefined } {
  switch (result.subtype) {
    case 'success':
      return result.is_error
        ? { stop: 'error', detail: `the model API failed: ${result.result.slice(0, 500)}` }
        : { stop: 'completed', detail: undefined }
    case 'error_max_turns':
      return { stop: 'max-turns', detail: `stopped after ${result.num_turns} turns` }
    case 'error_max_budget_usd':
      return { stop: 'over-budget', detail: result.errors.join('; ') || 'reached the maximum budget' }
    default:
      return { stop: 'error', detail: result.errors.join('; ') || result.subtype }
  }
}

/**
 * Claude Code, through `@anthropic-ai/claude-agent-sdk`, as the harness's coding agent: real tools in the
 * worktree, a temporary HOME and no settings files (nothing of the user's `~/.claude` or the repository's
 * `.claude/` leaks in), every tool call checked against the banned-command policy before it runs (a
 * breach is denied and ends the run `banned-command`), idle and wall-clock clocks that interrupt and
 * then kill it, and `maxBudgetUsd` from the request's cost cap.
 * @example
 * const runner = createClaudeCodeRunner({ model: 'claude-sonnet-4-6' })
 * const result = await runner.run({ cwd, prompt, env: {}, signal, idleTimeoutMs: 300_000,
 *   wallClockMs: 1_800_000, maxCostUsd: 2, maxTurns: 60 })
 */
export function createClaudeCodeRunner(options: ClaudeCodeRunnerOptions = {}): AgentRunner {
  return {
    name: 'claude-code',
    run: (request) => runClaudeCode(options, request),
    describe(request) {
      const sandbox = options.sandbox ?? 'auto'
      const domains = (typeof sandbox === 'object' && sandbox.allowedDomains) || DEFAULT_ALLOWED_DOMAINS
      return [
        '@anthropic-ai/claude-agent-sdk query()',
        `cwd=${request.cwd}`,
        `model=${options.model ?? '(Claude Code default)'}`,
        `permissionMode=${options.permissionMode ?? 'default'}`,
        `maxTurns=${request.maxTurns}`,
        `maxBudgetUsd=${request.maxCostUsd}`,
        `tools=${(options.tools ?? DEFAULT_CLAUDE_CODE_TOOLS).join(',')}`,
        `sandbox=${sandbox === false ? 'off' : `${sandbox === 'auto' ? 'auto' : 'on'} (network: ${domains.join(',')})`}`,
        'settingSources=[] HOME=<temporary>',
        `idle=${request.idleTimeoutMs}ms wall=${request.wallClockMs}ms`,
        `prompt=${request.prompt.length} chars`,
      ].join(' ')
    },
  }
}

async function runClaudeCode(
  options: ClaudeCodeRunnerOptions,
  request: AgentRunRequest,
): Promise<AgentRunResult> {
  const startedAt = new Date()
  // Before any sandbox is made: a missing SDK is a set-up error that says how to install it.
  const { query } = await loadClaudeAgentSdk()
  const prepared = await prepareRun(request.cwd, request.env.PATH ?? process.env.PATH ?? '', startedAt)
  if ('failed' in prepared) return prepared.failed
  const { sandbox } = prepared
  try {
    return await runInSandbox(query, options, request, sandbox, startedAt)
  } finally {
    await sandbox.dispose()
  }
}

async function runInSandbox(
  query: Awaited<ReturnType<typeof loadClaudeAgentSdk>>['query'],
  options: ClaudeCodeRunnerOptions,
  request: AgentRunRequest,
  sandbox: RunSandbox,
  startedAt: Date,
): Promise<AgentRunResult> {
  const scope = {
    root: sandbox.root,
    writableRoots: [sandbox.home, ...(options.writableRoots ?? [])],
    home: sandbox.home,
  }
  const activity = (kind: 'message' | 'tool' | 'output', detail: string) => {
    try {
      request.onActivity?.({ kind, detail })
    } catch {
      // A progress callback that throws must not take the run down with it.
    }
  }

  const abortController = new AbortController()
  let finish: () => void = () => {}
  const finished = new Promise<void>((resolve) => {
    finish = resolve
  })
  let graceTimer: NodeJS.Timeout | undefined
  let interrupt: () => Promise<unknown> = async () => undefined
  const onStop = (stop: WatchdogStop) => {
    // Interrupting lets Claude Code end the turn and report what it spent; the kill is the fallback.
    if (stop.reason !== 'banned-command') interrupt().catch(() => {})
    graceTimer = setTimeout(() => abortController.abort(), options.killGraceMs ?? 5_000)
  }
  // Claude Code's own start (seconds on a busy machine) does not count against the idle clock.
  const watchdog = new RunWatchdog(request, onStop, Math.max(request.idleTimeoutMs, STARTUP_ALLOWANCE_MS))

  let toolCalls = 0
  const edits = new Set<string>()
  const banned = (violation: PolicyViolation): HookJSONOutput => {
    watchdog.stop('banned-command', `${violation.rule}: ${violation.subject}`)
    return {
      continue: false,
      stopReason: `Suture stopped the run: ${violation.rule} is banned (${violation.subject}).`,
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: 'deny',
        permissionDecisionReason: `${violation.rule} is banned in this run`,
      },
    }
  }
  const preToolUse: HookCallback = async (input) => {
    if (input.hook_event_name !== 'PreToolUse') return {}
    toolCalls++
    watchdog.touch()
    const toolInput = (input.tool_input ?? {}) as Record<string, unknown>
    activity('tool', `${input.tool_name} ${summarize(toolInput)}`.trim())
    const violation = checkToolCall(input.tool_name, toolInput, scope)
    return violation ? banned(violation) : {}
  }
  const postToolUse: HookCallback = async (input) => {
    if (input.hook_event_name !== 'PostToolUse') return {}
    watchdog.touch()
    const path = editedPath(input.tool_name, (input.tool_input ?? {}) as Record<string, unknown>)
    if (path !== undefined) edits.add(relativeToRoot(sandbox.root, path))
    if (input.tool_name === 'Bash') {
      // A command the static check let through (a script, a variable) may still have hit a wrapper.
      const [refused] = await sandbox.refusals()
      if (refused) {
        watchdog.stop('banned-command', `${refused.rule}: ${refused.command}`)
        return { continue: false, stopReason: `Suture stopped the run: ${refused.rule} is banned.` }
      }
    }
    return {}
  }

  const env: Record<string, string> = {
    ...request.env,
    HOME: sandbox.home,
    CLAUDE_CONFIG_DIR: join(sandbox.home, '.claude'),
    PATH: sandbox.path,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
  }
  const apiKey = options.apiKey ?? request.env.ANTHROPIC_API_KEY ?? process.env.ANTHROPIC_API_KEY
  const baseUrl = options.baseUrl ?? request.env.ANTHROPIC_BASE_URL ?? process.env.ANTHROPIC_BASE_URL
  if (apiKey !== undefined) env.ANTHROPIC_API_KEY = apiKey
  if (baseUrl !== undefined) env.ANTHROPIC_BASE_URL = baseUrl

  const wanted = options.sandbox ?? 'auto'
  const sandboxed = wanted === 'auto' ? await claudeCodeSandboxAvailable(sandbox.path) : wanted !== false
  const allowedDomains = typeof wanted === 'object' ? wanted.allowedDomains : undefined
  const sandboxSettings: Options['sandbox'] = sandboxed
    ? {
        enabled: true,
        failIfUnavailable: true,
        // Bash still passes the PreToolUse policy; inside the sandbox it needs no one's approval.
        autoAllowBashIfSandboxed: true,
        // The model may not ask to run a command outside the sandbox.
        allowUnsandboxedCommands: false,
        filesystem: {
          allowWrite: [
            sandbox.home,
            ...(await gitDirectoriesOutside(sandbox.root)),
            ...(options.writableRoots ?? []),
          ],
        },
        network: { allowedDomains: [...(allowedDomains ?? DEFAULT_ALLOWED_DOMAINS)] },
        credentials: {
          envVars: [
            { name: 'ANTHROPIC_API_KEY', mode: 'deny' },
            { name: 'ANTHROPIC_AUTH_TOKEN', mode: 'deny' },
          ],
        },
      }
    : undefined

  let stderrTail = ''
  const sdkOptions: Options = {
    cwd: sandbox.root,
    env,
    abortController,
    settingSources: [],
    persistSession: false,
    permissionMode: options.permissionMode ?? 'default',
    tools: [...(options.tools ?? DEFAULT_CLAUDE_CODE_TOOLS)],
    maxTurns: request.maxTurns,
    ...(Number.isFinite(request.maxCostUsd) && request.maxCostUsd > 0
      ? { maxBudgetUsd: request.maxCostUsd }
      : {}),
    ...(options.model ? { model: options.model } : {}),
    ...(sandboxSettings ? { sandbox: sandboxSettings } : {}),
    ...(options.pathToClaudeCodeExecutable
      ? { pathToClaudeCodeExecutable: options.pathToClaudeCodeExecutable }
      : {}),
    ...(options.appendSystemPrompt
      ? { systemPrompt: { type: 'preset', preset: 'claude_code', append: options.appendSystemPrompt } }
      : {}),
    hooks: {
      PreToolUse: [{ hooks: [preToolUse], onFailure: 'block' }],
      PostToolUse: [{ hooks: [postToolUse] }],
    },
    // Asked only for calls Claude Code would prompt for; the same policy, then allow: nobody is watching.
    canUseTool: async (toolName, input) => {
      // A sandboxed command asking for a host outside the allowlist: no, but not a breach of the contract.
      if (toolName === 'SandboxNetworkAccess') {
        return { behavior: 'deny', message: 'network access is limited to the allowed domains in this run' }
      }
      const violation = checkToolCall(toolName, input, scope)
      if (violation) {
        watchdog.stop('banned-command', `${violation.rule}: ${violation.subject}`)
        return { behavior: 'deny', message: `${violation.rule} is banned in this run`, interrupt: true }
      }
      return { behavior: 'allow', updatedInput: input }
    },
    stderr: (chunk) => {
      stderrTail = (stderrTail + chunk).slice(-STDERR_TAIL)
      options.onStderr?.(chunk)
    },
  }

  // Streaming input keeps the session open until the result, so an interrupt can end the turn cleanly.
  async function* prompt(): AsyncGenerator<SDKUserMessage> {
    yield { type: 'user', message: { role: 'user', content: request.prompt }, parent_tool_use_id: null }
    await finished
  }

  let result: SDKResultMessage | undefined
  let failure: unknown
  let lastText = ''
  const turnIds = new Set<string>()
  const usageByMessage = new Map<string, MessageUsage>()
  try {
    const messages = query({ prompt: prompt(), options: sdkOptions })
    interrupt = () => messages.interrupt()
    for await (const message of messages as AsyncIterable<SDKMessage>) {
      watchdog.touch()
      if (message.type === 'assistant') {
        if (message.parent_tool_use_id === null) turnIds.add(message.message.id)
        usageByMessage.set(message.message.id, message.message.usage as MessageUsage)
        for (const block of message.message.content) {
          if (block.type === 'text' && block.text.trim()) {
            if (message.parent_tool_use_id === null) lastText = block.text
            activity('message', block.text.slice(0, 200))
          }
        }
      } else if (message.type === 'result') {
        result = message
        finish()
      } else {
        // Every sign of life reaches the harness too, so its own idle clock agrees with this one.
        activity(
          'message',
          'subtype' in message ? `${message.type}:${String(message.subtype)}` : message.type,
        )
      }
    }
  } catch (error: unknown) {
    // After an error result the SDK also throws; the result already says what happened.
    if (!result && !watchdog.result) failure = error
  } finally {
    watchdog.dispose()
    clearTimeout(graceTimer)
    finish()
  }

  const [refused] = await sandbox.refusals()
  if (refused && !watchdog.result) watchdog.stop('banned-command', `${refused.rule}: ${refused.command}`)
  clearTimeout(graceTimer)

  const usage = result ? usageOf(result) : usageOfMessages(usageByMessage)
  let stop: AgentStopReason
  let detail: string | undefined
  if (watchdog.result) {
    stop = watchdog.result.reason
    detail = watchdog.result.detail
  } else if (result) {
    ;({ stop, detail } = stopOfResult(result))
  } else {
    stop = 'error'
    const message = failure instanceof Error ? failure.message : 'Claude Code ended without a result'
    detail = `${message}${stderrTail ? `\n${stderrTail.trim().slice(-1_000)}` : ''}`
  }
  if (stop === 'completed' && usage.costUsd > request.maxCostUsd) {
    stop = 'over-budget'
    detail = `cost ${usage.costUsd.toFixed(4)} USD is over the ${request.maxCostUsd} USD cap`
  }
  return {
    stop,
    detail,
    finalMessage: result?.subtype === 'success' && !result.is_error ? result.result || lastText : lastText,
    usage,
    toolCalls,
    edits: [...edits],
    turns: result?.num_turns ?? turnIds.size,
    startedAt,
    finishedAt: new Date(),
  }
}
