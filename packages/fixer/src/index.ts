export { buildAgentEnv, isNeverPassed } from './checkout/agent-env.js'
export { createCheckout, defaultBranch, fixBranchName } from './checkout/checkout.js'
export { GitCommandError } from './checkout/git.js'
export { DEFAULT_FIX_CONFIG, FixConfigError, resolveFixConfig } from './config/fix-config.js'
export { buildPrompt } from './context/build-prompt.js'
export { rankDocs, tokenize } from './context/rank-docs.js'
export { readRepoDocs } from './context/read-docs.js'
export { bannedCommand } from './contract/banned.js'
export { checkGreen } from './contract/green.js'
export {
  CANNOT_REPRODUCE_MARKER,
  checkReproduction,
  parseAgentClaims,
  reproductionTests,
  TEST_MARKER,
} from './contract/reproduce.js'
export { checkScope, diffStat, inScope, isTestFile, scopeFor } from './contract/scope.js'
export { completeFixRun, DbOutcomeSink, fixRunsOf } from './outcome/db-outcome-sink.js'
export { FIX_OUTCOMES, fanOut, JsonlOutcomeLog } from './outcome/outcome-row.js'
export { GitHubProposer, GitHubProposalError } from './proposal/github-proposer.js'
export { LocalProposer } from './proposal/local-proposer.js'
export { GitHubRevertProposer, RevertProposalError } from './proposal/revert-proposer.js'
export { renderPrBody } from './proposal/pr-body.js'
export {
  listOpenProposals,
  listRecentDecisions,
  loopNumbers,
  ProposalNotFoundError,
  recordProposalDetails,
  redirectContext,
  ReviewReasonRequiredError,
  reviewProposal,
} from './review/review-queue.js'
export { GitHubPullStates, parsePullUrl, pullStateOf } from './proposal/pull-state.js'
export { GitHubPullMerger, MERGE_RETRY, PullRequestMergeError } from './proposal/pull-merge.js'
export { MergeNotRecordedError, mergeProposal } from './review/merge-proposal.js'
export { DEFAULT_GITHUB_RETRY, withRetry } from './proposal/retry.js'
export { applyPullRequestState } from './review/pr-state.js'
export { DbReviewNotes } from './review/review-notes.js'
export { PR_SYNC_JOB, prSyncJob, syncPullRequestStates } from './review/pr-sync.js'
export { FIX_JOB, fixJob } from './run/fix-job.js'
export { runFix } from './run/run-fix.js'
export { defaultProposer, runFixes } from './run/run-fixes.js'
export { selectTickets, skipReason, TicketNotFoundError } from './select/select-tickets.js'
export { FIX_LABELS } from './tickets/ticket-source.js'

export type { ClaudeCodeRunnerOptions } from './agent/claude-code-runner.js'
export {
  CLAUDE_AGENT_SDK_VERSION,
  ClaudeAgentSdkMissingError,
  loadClaudeAgentSdk,
} from './agent/claude-agent-sdk.js'
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
export type { AgentEnvInput } from './checkout/agent-env.js'
export type { Checkout, CheckoutOptions } from './checkout/checkout.js'
export type { CommandResult } from './command/run-command.js'
export type { FixBudgets, FixConfig, FixConfigInput, GitHubTarget } from './config/fix-config.js'
export type { PromptInput } from './context/build-prompt.js'
export type { RankedDoc, RepoDoc } from './context/rank-docs.js'
export type { BannedMatch } from './contract/banned.js'
export type { GreenVerdict } from './contract/green.js'
export type { AgentClaims, ReproductionEvidence, ReproductionVerdict } from './contract/reproduce.js'
export type { DiffStat, Scope, ScopeVerdict } from './contract/scope.js'
export type { ReviewOutcome } from './outcome/db-outcome-sink.js'
export type {
  DecidedProposal,
  LoopNumbers,
  OpenProposal,
  ProposalReview,
  ReviewEvidence,
} from './review/review-queue.js'
export type { FixOutcome, FixRunRecord, FixTrigger, OutcomeSink, StageRecord } from './outcome/outcome-row.js'
export type { PrBodyInput } from './proposal/pr-body.js'
export type { GitHubPullFields, PullRequestState, PullStateReader } from './proposal/pull-state.js'
export type { AppliedPrState, MergedProposal, OnMerged } from './review/pr-state.js'
export type {
  MergedPullRequest,
  MergeMethod,
  MergeRefusal,
  PullRequestMerger,
} from './proposal/pull-merge.js'
export type { ProposalMerge } from './review/merge-proposal.js'
export type { PrSyncResult } from './review/pr-sync.js'
export type { RedirectNote, ReviewNotes } from './review/review-notes.js'
export type { Proposal, ProposalRequest, Proposer } from './proposal/proposer.js'
export type {
  GitHubRevertProposerOptions,
  RevertPullRequestRequest,
} from './proposal/revert-proposer.js'
export type { RetryPolicy } from './proposal/retry.js'
export type { FixProgress, FixStage, ProgressCallback } from './run/progress.js'
export type { FixJobOptions } from './run/fix-job.js'
export type { FixRunResult, RunFixOptions } from './run/run-fix.js'
export type { DescribableRunner, DryRunEntry, RunFixesOptions, RunFixesResult } from './run/run-fixes.js'
export type { Selected, Selection, SkipReason, Skipped } from './select/select-tickets.js'
export type { FixTicket, LineageStatus, Quarantine, TicketSource } from './tickets/ticket-source.js'
