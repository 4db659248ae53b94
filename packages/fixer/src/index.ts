export type {
  AgentRunner,
  AgentRunRequest,
  AgentRunResult,
  AgentStopReason,
  AgentUsage,
} from './agent/agent-runner.js'
