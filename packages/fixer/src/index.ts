export type { ClaudeCodeRunnerOptions } from './agent/claude-code-runner.js'
export {
  claudeCodeSandboxAvailable,
  createClaudeCodeRunner,
  DEFAULT_ALLOWED_DOMAINS,
  DEFAULT_CLAUDE_CODE_TOOLS,
} from './agent/claude-code-runner.js'
export type { PolicyScope, PolicyViolation } from './agent/command-policy.js'
export { checkShellCommand, checkToolCall, isDotEnvPath } from './agent/command-policy.js'
export type { CommandRunnerOptions } from './agent/command-runner.js'
export { createCommandRunner, parseCostLine } from './agent/command-runner.js'
export { findBubblewrap } from './agent/bubblewrap.js'
export type {
  AgentRunner,
  AgentRunRequest,
  AgentRunResult,
  AgentStopReason,
  AgentUsage,
} from './agent/agent-runner.js'
