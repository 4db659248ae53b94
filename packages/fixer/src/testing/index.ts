export type { DemoRepo } from './demo-repo.js'
export { createDemoRepo, demoTickets, MEMBERS_FIX } from './demo-repo.js'
export type { FakeGitHub, FakePull, FakeRequest } from './fake-github.js'
export { startFakeGitHub } from './fake-github.js'
export type {
  FakeMessagesApi,
  FakeMessagesApiOptions,
  FakeTurn,
  FakeUsage,
  RecordedMessagesRequest,
} from './fake-messages-api.js'
export { fakeTurn, startFakeMessagesApi } from './fake-messages-api.js'
export { MemoryTicketSource } from './memory-ticket-source.js'
export { MEMBERS_DIFF, seedProposal } from './review-fixtures.js'
export type { AgentScript, ScriptContext, ScriptOutcome } from './scripted-runner.js'
export { scriptedRunner } from './scripted-runner.js'
