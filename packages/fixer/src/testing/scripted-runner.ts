import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { AgentRunner, AgentRunRequest, AgentRunResult, AgentStopReason } from '../agent/agent-runner.js'
import { type CommandResult, runCommand } from '../command/run-command.js'

/** What a scripted step can do in the checkout, as an agent's tools would. */
export interface ScriptContext {
  readonly cwd: string
  readonly env: Readonly<Record<string, string>>
  readonly signal: AbortSignal
  /** Writes a file relative to the checkout (an edit). */
  write(file: string, content: string): Promise<void>
  /** Runs a shell command in the checkout (a tool call the harness sees). */
  exec(command: string): Promise<CommandResult>
  /** Reports a tool call without running it (e.g. a banned command the harness must catch). */
  tool(detail: string): void
  /** Waits until the run is aborted (an agent that hangs). */
  hang(): Promise<void>
}

export interface ScriptOutcome {
  readonly finalMessage: string
  readonly stop?: AgentStopReason | undefined
  readonly detail?: string | undefined
  readonly costUsd?: number | undefined
  readonly inputTokens?: number | undefined
  readonly outputTokens?: number | undefined
}

export type AgentScript = (context: ScriptContext) => Promise<ScriptOutcome>

/**
 * A stand-in for a coding agent in the harness's tests: runs a script in the checkout with the
 * environment the harness passed, reporting every write and command as activity. It makes the planted
 * fix (or a breach) deterministically, so everything but the model's judgment runs for real.
 *
 * @example
 * const runner = scriptedRunner(async (agent) => { await agent.write('src/x.js', fixed); return { finalMessage: 'SUTURE-TEST: src/x.test.js' } })
 */
export function scriptedRunner(
  script: AgentScript,
  name = 'scripted',
): AgentRunner & {
  readonly requests: AgentRunRequest[]
  describe(request: Omit<AgentRunRequest, 'signal' | 'onActivity'>): string
} {
  const requests: AgentRunRequest[] = []
  return {
    name,
    requests,
    describe: (request) => `scripted-agent --cwd ${request.cwd} --max-cost ${request.maxCostUsd}`,
    async run(request) {
      requests.push(request)
      const startedAt = new Date()
      const edits = new Set<string>()
      let toolCalls = 0
      const context: ScriptContext = {
        cwd: request.cwd,
        env: request.env,
        signal: request.signal,
        async write(file, content) {
          toolCalls++
          request.onActivity?.({ kind: 'tool', detail: `write ${file}` })
          await mkdir(path.dirname(path.join(request.cwd, file)), { recursive: true })
          await writeFile(path.join(request.cwd, file), content, 'utf8')
          edits.add(file)
        },
        async exec(command) {
          toolCalls++
          request.onActivity?.({ kind: 'tool', detail: command })
          return runCommand(command, {
            cwd: request.cwd,
            env: request.env,
            timeoutMs: 60_000,
            signal: request.signal,
          })
        },
        tool(detail) {
          toolCalls++
          request.onActivity?.({ kind: 'tool', detail })
        },
        hang: () =>
          new Promise<void>((resolve) => {
            if (request.signal.aborted) resolve()
            else request.signal.addEventListener('abort', () => resolve(), { once: true })
          }),
      }
      let outcome: ScriptOutcome
      try {
        outcome = await script(context)
      } catch (error) {
        outcome = {
          finalMessage: '',
          stop: 'error',
          detail: error instanceof Error ? error.message : String(error),
        }
      }
      const costUsd = outcome.costUsd ?? 0.01
      const aborted = request.signal.aborted
      return {
        stop: aborted
          ? 'error'
          : (outcome.stop ?? (costUsd > request.maxCostUsd ? 'over-budget' : 'completed')),
        detail: aborted ? 'aborted' : outcome.detail,
        finalMessage: outcome.finalMessage,
        usage: {
          inputTokens: outcome.inputTokens ?? 1_000,
          outputTokens: outcome.outputTokens ?? 200,
          cacheReadInputTokens: 0,
          cacheCreationInputTokens: 0,
          costUsd,
        },
        toolCalls,
        edits: [...edits],
        turns: toolCalls + 1,
        startedAt,
        finishedAt: new Date(),
      } satisfies AgentRunResult
    },
  }
}
