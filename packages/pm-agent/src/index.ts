export {
  CalibrationError,
  DEFAULT_LINK_CALIBRATION,
  daysApart,
  fitPairCalibration,
  linkProbability,
} from './dedup/calibration.js'
export {
  DEFAULT_JUDGE_MODEL,
  JUDGE_TOOL_NAME,
  judgeCacheKey,
  judgeLinks,
  judgeVerdictSchema,
  RunJudgeBudget,
} from './dedup/claude-judge.js'
export { clusterSignals, DEFAULT_QUESTION_POLICY, selectQuestions } from './dedup/cluster.js'
export { compare, DEFAULT_THRESHOLDS, pairScore, verdict } from './dedup/compare.js'
export { bcubedScores, pairwiseScores, recallRateAt } from './dedup/evaluate.js'
export { evaluateJudgedQueue } from './dedup/eval-judge.js'
export { evaluateDedup, QUEUE_FOLDS, RECALL_KS } from './dedup/eval-run.js'
export { pairedBootstrap, wilsonInterval } from './dedup/intervals.js'
export { isClosedStatus, matchExistingTickets } from './dedup/match-tickets.js'
export {
  parseSignalInput,
  signalFromEnvelope,
  signalFromRecord,
  signalFromSession,
  signalRecordSchema,
} from './dedup/signal.js'
export { prepareSignals } from './dedup/prepared.js'
export { similarEarlier, timeOrder } from './dedup/similar.js'
export { generateSignals } from './dedup/synthetic.js'
export { normalizeText, tokenize } from './dedup/text.js'
export { BM25_B, BM25_K1, vectorize } from './dedup/tfidf.js'
export { classifyCluster } from './classify/classify.js'
export { computePriority, PRIORITY_CUTOFFS, PRIORITY_WEIGHTS } from './priority/priority.js'
export { binomialLowerTail, binomialUpperTail, rateChange } from './priority/rate-test.js'
export { DEFAULT_TICKET_THRESHOLDS, meetsTicketThreshold } from './priority/thresholds.js'
export { checkSafety } from './safety/check.js'
export {
  codePointerLookup,
  codePointersFor,
  fileForFrame,
  filesForRoute,
  framePath,
} from './code-pointers/code-pointers.js'
export {
  codeownersPatternRegex,
  ownersOf,
  parseCodeowners,
  readCodeowners,
} from './code-pointers/codeowners.js'
export { indexRepository } from './code-pointers/repo-index.js'
export { assignClusterKeys, baseClusterKey } from './triage/cluster-key.js'
export { loadTriage } from './triage/load-triage.js'
export { loadPairDecisions, storePairDecision } from './triage/pair-decisions.js'
export { pairVerdictCache, triageJudgeFrom, WeeklyJudgeBudget } from './triage/judge-pairs.js'
export { runTriage } from './triage/run-triage.js'
export { evidenceLines, loadTicketableTriage, toTicketableCluster } from './triage/ticketable.js'
export { InvalidTriageWeekError, isoWeek, isoWeekRange, previousIsoWeek } from './triage/week.js'
export { DEFAULT_SAFETY_RULES, safetyRules } from './safety/rules.js'
export {
  DEFAULT_LINEAR_RETRY,
  LinearTracker,
  LinearUnavailableError,
  LinearWorkflowError,
} from './trackers/linear-tracker.js'
export { LocalTicketNotFoundError, LocalTracker } from './trackers/local-tracker.js'
export { DASHBOARD_BASE_PATH, dashboardLinks } from './links/dashboard-links.js'
export { clientId } from './trackers/client-id.js'
export { createTracker } from './trackers/create-tracker.js'
export { FixerTicketSource, IN_REVIEW_LABEL } from './fixer-source/fixer-ticket-source.js'
export { fileTickets, LABELS } from './tickets/file-tickets.js'
export { mdCode, mdText, renderTicketBody, renderTicketTitle } from './tickets/ticket-body.js'
export { assessFix, DEFAULT_VALIDATION_POLICY } from './validation/assess-fix.js'
export {
  binomialLowerTailLog,
  binomialUpperTailLog,
  logGamma,
  poissonRateTest,
  poissonUpperTailLog,
} from './validation/exact-tests.js'
export { expectedCount, fitPoissonTrend } from './validation/trend.js'
export { DEFAULT_STOP_POLICY, decideLineage, overBudget } from './validation/stopping.js'
export { recordOutcome, summarizeOutcomes } from './validation/outcome-log.js'
export { markFixed, runValidations } from './validation/run-validations.js'
export { memberCoverageEnd, signalSeries } from './validation/signal-series.js'
export {
  clearQuarantine,
  HumanControlError,
  lineageCost,
  lineageResetAt,
  listQuarantine,
  listStoppedLineages,
  resetLineage,
} from './validation/human-controls.js'
export { actOnStoppedLineages } from './validation/stop-actions.js'
export {
  DEPLOY_CHECKPOINTS_MINUTES,
  dueSlot,
  runValidationTick,
  VALIDATION_JOB,
  validateProject,
  validationJob,
} from './validation/validation-job.js'
export { renderHtml, renderMarkdown } from './digest/blocks.js'
export { collectDigest } from './digest/collect-digest.js'
export { digestBlocks, renderDigest } from './digest/render-digest.js'
export { produceDigest } from './digest/produce-digest.js'
export { InvalidWeekError, isoWeekOf, lastCompleteWeek, shiftWeek, weekRange } from './digest/iso-week.js'
export {
  DEFAULT_WEEKLY_SCHEDULE,
  InvalidScheduleError,
  scheduledRuns,
  zonedToInstant,
} from './digest/schedule.js'
export { runWeeklyJob, WEEKLY_JOB, weeklyJob, weeklyPipeline } from './digest/weekly-job.js'
export { pmAgentJobs, triageForWeek, validationConfigFrom } from './digest/jobs.js'
export { checkSpikes, slackPayload } from './spikes/check-spikes.js'
export { GoLiveError, goLive, goLiveOf, isShadow } from './shadow/go-live.js'
export { seenLine, signalHistory } from './tickets/file-tickets.js'
export { confidenceRank, deployBefore, rateConfidence, withConfidence } from './tickets/confidence.js'
export {
  DEFAULT_SPIKE_CONFIG,
  InvalidSpikeConfigError,
  parseSpikeConfig,
  spikeConfigSchema,
  spikeRuleSchema,
} from './spikes/rules.js'
export { runSpikeChecks, SPIKE_JOB, spikeJob } from './spikes/spike-job.js'
export {
  DEFAULT_ENVIRONMENTS,
  InvalidEnvironmentsError,
  inEnvironments,
} from './environments/environments.js'
export { CURRENT_WEEK_JOB, currentWeekJob, triageCurrentWeeks } from './triage/current-week-job.js'
export type {
  Cluster,
  ClusterEvidence,
  ClusterResult,
  ClusterStats,
  DedupOptions,
  NeedsConfirmationLink,
  PairDecision,
  QuestionPolicy,
} from './dedup/cluster.js'
export type { PairVerdict, SignalName, Thresholds, Votes } from './dedup/compare.js'
export type { PRF } from './dedup/evaluate.js'
export type { Interval } from './dedup/intervals.js'
export type { JudgedQueueReport } from './dedup/eval-judge.js'
export type { CalibrationPair, LinkCalibration, PairCalibration } from './dedup/calibration.js'
export type {
  ClaudeJudgeOptions,
  JudgeBudget,
  JudgeCache,
  JudgedPair,
  JudgePrice,
  JudgeRun,
  JudgeVerdict,
} from './dedup/claude-judge.js'
export type {
  DedupEvalReport,
  DedupEvaluation,
  LabelledSignal,
  QueueEvaluation,
  QueueFold,
  QueueReport,
} from './dedup/eval-run.js'
export type { TermWeighting, TextDocument, VectorizeOptions } from './dedup/tfidf.js'
export type {
  ClusterDescriptor,
  ExistingTicket,
  MatchTicketsOptions,
  TicketCandidate,
  TicketMatch,
} from './dedup/match-tickets.js'
export type { SessionSignalInput, Signal, SignalFrame, SignalKind, SignalRecord } from './dedup/signal.js'
export type { PreparedSignals } from './dedup/prepared.js'
export type { SimilarOptions, SimilarSignal } from './dedup/similar.js'
export type { SyntheticOptions, SyntheticSignal } from './dedup/synthetic.js'
export type { Classification, ClassifyOptions, ClusterKind, ImprovementKind } from './classify/classify.js'
export type { LinearPriority, Priority, PriorityInput, PriorityParts } from './priority/priority.js'
export type { RateChange, Trend } from './priority/rate-test.js'
export type { TicketThresholds } from './priority/thresholds.js'
export type { SafetyReason, SafetySubject, SafetyVerdict } from './safety/check.js'
export type { SafetyCategory, SafetyRule, SafetyRuleOptions } from './safety/rules.js'
export type { LoadTriageOptions, StoredTriage, StoredTriagePair } from './triage/load-triage.js'
export type { PairAnswerInput, StoredPairDecision } from './triage/pair-decisions.js'
export type { TriageJudgeConfig, TriageJudgeStats } from './triage/judge-pairs.js'
export type { CodePointerLookup, RunTriageOptions, TriageConfig } from './triage/run-triage.js'
export type {
  TriagedCluster,
  TriageMember,
  TriagePair,
  TriageResult,
  TriageSummary,
} from './triage/triage-result.js'
export type {
  NewTicket,
  OpenTicket,
  TicketPatch,
  TicketRef,
  TicketSnapshot,
  TicketState,
  Tracker,
} from './trackers/tracker.js'
export type { RetryPolicy } from './trackers/linear-tracker.js'
export type { TrackerSettings } from './trackers/create-tracker.js'
export type { ClusterDecision, CodePointer, TicketableCluster } from './tickets/ticketable-cluster.js'
export type { FixerTicket, FixerTicketSourceOptions } from './fixer-source/fixer-ticket-source.js'
export type {
  FileTicketsOptions,
  FilingAction,
  FilingEntry,
  FilingResult,
  PossibleDuplicate,
} from './tickets/file-tickets.js'
export type { TicketBodyOptions } from './tickets/ticket-body.js'
export type { FixAssessment, FixVerdict, ValidationPolicy } from './validation/assess-fix.js'
export type { RateComparison, RateTestResult } from './validation/exact-tests.js'
export type { SeriesPoint, TrendFit } from './validation/trend.js'
export type { LineageAction, LineageState, OutcomeKind, StopPolicy } from './validation/stopping.js'
export type { OutcomeRecord, OutcomeSummary } from './validation/outcome-log.js'
export type { RunValidationsOptions, ValidationRunResult } from './validation/run-validations.js'
export type { SignalSeriesInput } from './validation/signal-series.js'
export type { LineageReset, QuarantineEntry, StoppedLineage } from './validation/human-controls.js'
export type {
  RevertProposal,
  RevertProposer,
  RevertRequest,
  StopActionKind,
  StopActionOptions,
  StopActionResult,
  StopTrigger,
} from './validation/stop-actions.js'
export type {
  ProjectValidation,
  ValidateProjectOptions,
  ValidationJobConfig,
  ValidationSlot,
  ValidationTickRun,
} from './validation/validation-job.js'
export type { Block, Inline, Line } from './digest/blocks.js'
export type {
  CollectDigestOptions,
  DigestData,
  DigestItem,
  DigestTicketRef,
  NeedsConfirmationPair,
} from './digest/collect-digest.js'
export type { ProducedDigest } from './digest/produce-digest.js'
export type { DigestLoopNumbers, DigestQueueProposal, DigestReviewSource } from './digest/review-source.js'
export type { ScheduledRun, WeeklySchedule } from './digest/schedule.js'
export type {
  WeeklyJobOptions,
  WeeklyJobRun,
  WeeklyPipelineConfig,
  WeekRunContext,
} from './digest/weekly-job.js'
export type { PmAgentJobSettings } from './digest/jobs.js'
export type { CheckSpikesOptions, SpikeFiring, SpikeHit } from './spikes/check-spikes.js'
export type { GoLive } from './shadow/go-live.js'
export type { SignalHistory } from './tickets/file-tickets.js'
export type { Confidence, ConfidenceInput, ConfidenceLevel } from './tickets/confidence.js'
export type { SpikeConfig, SpikeRule } from './spikes/rules.js'
export type { SpikeJobConfig } from './spikes/spike-job.js'
export type { CodePointerOptions } from './code-pointers/code-pointers.js'
export type { CodeownersRule } from './code-pointers/codeowners.js'
export type { RepoIndex } from './code-pointers/repo-index.js'
export type { ClusterSummary, ClustersView, PairSide, PairSummary } from './read-models/clusters-data.js'
export type { DigestListItem, StoredDigest } from './read-models/digests-data.js'
export { listDigests, readDigest } from './read-models/digests-data.js'
export type { TicketSummary, ValidationSummary } from './read-models/tickets-data.js'
export type { DashboardLinks } from './links/dashboard-links.js'
export { listTickets } from './read-models/tickets-data.js'
export type { LocalTicketView } from './read-models/local-ticket-data.js'
export { readLocalTicket } from './read-models/local-ticket-data.js'
export type {
  IssueBreadcrumb,
  IssueFrame,
  IssueOriginalFrame,
  IssueSample,
  IssueView,
} from './read-models/issue-data.js'
export { readIssue } from './read-models/issue-data.js'
export { readUngroupedIssue } from './read-models/ungrouped-issue.js'
export type { SessionIssue } from './read-models/session-issues.js'
export { issuesOfSessions } from './read-models/session-issues.js'
export type { IssueList, IssueQuery, IssueRow, IssueSort, IssueStatus } from './read-models/issues-list.js'
export { ISSUE_SORTS, ISSUE_STATUSES, listIssues } from './read-models/issues-list.js'
export type { PairAnswer } from './read-models/triage-data.js'
export {
  DecisionsUnavailableError,
  PairNotFoundError,
  readTriage,
  storePairAnswer,
} from './read-models/triage-data.js'
