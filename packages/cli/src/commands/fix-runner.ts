import { type AgentRunner, createClaudeCodeRunner, createCommandRunner } from '@suture/fixer'
import { UsageError } from '../command.js'
import type { SutureConfig } from '../config/schema.js'

/** The configured coding agent: Claude Code through the Agent SDK, or any agent CLI by command template. */
export function agentRunnerFor(
  config: SutureConfig,
  choice: { readonly agent: 'claude-code' | 'command'; readonly command?: string | undefined },
): AgentRunner {
  if (choice.agent === 'command') {
    const command = choice.command ?? config.fix.agentCommand
    if (!command)
      throw new UsageError('--agent command needs --agent-command "…" (or SUTURE_FIX_AGENT_COMMAND)')
    return createCommandRunner({ command })
  }
  return createClaudeCodeRunner({
    model: config.fix.model,
    ...(config.anthropic.apiKey ? { apiKey: config.anthropic.apiKey } : {}),
    ...(config.anthropic.baseUrl ? { baseUrl: config.anthropic.baseUrl } : {}),
  })
}
