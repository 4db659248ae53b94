/**
 * The seam between the harness (checkout, contract, proposal, outcome log) and whatever coding agent does
 * the work: Claude Code through the Agent SDK, or any agent CLI through a command template. The harness
 * owns the contract; a runner only runs the agent in `cwd` and reports what happened and what it cost.
 */
export interface AgentRunRequest {
  /** The clean checkout the agent works in; nothing outside it may be written. */
  readonly cwd: string
  /** The whole prompt: contract, ticket body, code pointers, ranked documents, redirect context. */
  readonly prompt: string
  /** The only environment the agent sees (never Suture's own secrets). */
  readonly env: Readonly<Record<string, string>>
  /** Aborting it kills the agent (the harness's wall-clock cap and the caller's cancel). */
  readonly signal: AbortSignal
  /** No activity for this long kills the run with `idle`. */
  readonly idleTimeoutMs: number
  /** Past this the run is killed with `wall-clock`. */
  readonly wallClockMs: number
  /** The run stops with `over-budget` once the agent's reported cost passes this. */
  readonly maxCostUsd: number
  readonly maxTurns: number
  /** Called on every sign of life (a message, a tool call, output), for progress lines. */
  readonly onActivity?: (activity: { kind: 'message' | 'tool' | 'output'; detail: string }) => void
}

export type AgentStopReason =
  | 'completed'
  | 'idle'
  | 'wall-clock'
  | 'banned-command'
  | 'over-budget'
  | 'max-turns'
  | 'error'

export interface AgentUsage {
  readonly inputTokens: number
  readonly outputTokens: number
  readonly cacheReadInputTokens: number
  readonly cacheCreationInputTokens: number
  readonly costUsd: number
}

export interface AgentRunResult {
  readonly stop: AgentStopReason
  /** Why it stopped, for the outcome row and the ticket comment (the banned command, the error). */
  readonly detail: string | undefined
  /** The agent's last message: its reasoning, the test it added, or why it could not reproduce. */
  readonly finalMessage: string
  readonly usage: AgentUsage
  readonly toolCalls: number
  /** Files the agent edited or wrote, relative to `cwd`, as far as the runner can tell. */
  readonly edits: readonly string[]
  readonly turns: number
  readonly startedAt: Date
  readonly finishedAt: Date
}

/** A coding agent the harness can run under its contract. */
export interface AgentRunner {
  readonly name: string
  run(request: AgentRunRequest): Promise<AgentRunResult>
  /** The exact agent invocation a request would make, for `--dry-run`; runs nothing. */
  describe?(request: Omit<AgentRunRequest, 'signal' | 'onActivity'>): string
}
