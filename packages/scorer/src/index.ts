export type {
  Baseline,
  EvaluateScoringOptions,
  LabelledSession,
  LogisticBaseline,
  ScoreEvaluation,
  ScoringEvaluationReport,
} from './scoring/evaluate.js'
export { evaluateScoring, TRIVIAL_BASELINES } from './scoring/evaluate.js'
export type { AreaEngagement, SessionError, SessionFeatures } from './scoring/features.js'
export { extractFeatures } from './scoring/features.js'
export type { GoalDefinition } from './scoring/goals.js'
export { DEFAULT_GOALS } from './scoring/goals.js'
export type { HeuristicScorer, HeuristicScorerOptions, ScoreFactor } from './scoring/heuristic-scorer.js'
export {
  createHeuristicScorer,
  scoreFactors,
  HEURISTIC_SCORER_NAME,
  HEURISTIC_SCORER_VERSION,
} from './scoring/heuristic-scorer.js'
export { HEURISTIC_WEIGHTS } from './scoring/heuristic-weights.js'
export type { CrossValidated, LogisticModel, LogisticOptions } from './scoring/logistic-regression.js'
export {
  crossValidateLogistic,
  fitLogistic,
  LogisticFitError,
  logisticLogit,
  stratifiedFolds,
} from './scoring/logistic-regression.js'
export type { AucDifference, AucInterval, CalibrationRow } from './scoring/metrics.js'
export {
  aucDifferenceInterval,
  calibrationTable,
  delongAuc,
  delongDifference,
  quantileEdges,
  rocAuc,
} from './scoring/metrics.js'
export type { ContextFeatures } from './scoring/observable-features.js'
export {
  areaEngagementFeatures,
  contextFeatures,
  OBSERVABLE_FEATURE_NAMES,
  observableFeatureRow,
} from './scoring/observable-features.js'
export type { ScoreOutput } from './scoring/score-output.js'
export { scoreOutputJsonSchema, scoreOutputSchema } from './scoring/score-output.js'
export type { ScoreResult, Scorer, TokenUsage } from './scoring/scorer.js'
export type { ScoringEvent, ScoringSession, SessionLine } from './scoring/session.js'
export { sessionFromLine, sessionLineSchema } from './scoring/session.js'
export type { BatchResult, BatchSubmission, WaitOptions } from './anthropic/batch.js'
export {
  DEFAULT_BATCH_THRESHOLD,
  readBatchResults,
  submitScoringBatch,
  waitForBatch,
} from './anthropic/batch.js'
export { CostBudget } from './anthropic/budget.js'
export { NightlyBudget } from './anthropic/nightly-budget.js'
export type { ClaudeScorer, ClaudeScorerOptions } from './anthropic/claude-scorer.js'
export {
  CLAUDE_PROMPT_VERSION,
  CLAUDE_SCORER_NAME,
  createClaudeScorer,
  customIdFor,
  DEFAULT_CLAUDE_MODEL,
  validateToolOutput,
} from './anthropic/claude-scorer.js'
export type { ModelPrice } from './anthropic/pricing.js'
export {
  BATCH_DISCOUNT,
  costOf,
  MIN_CACHEABLE_TOKENS,
  MODEL_PRICES,
  priceOf,
  UnknownModelPriceError,
} from './anthropic/pricing.js'
export { RUBRIC, scoreRequest } from './anthropic/rubric.js'
export type { Timeline, TimelineOptions } from './anthropic/timeline.js'
export { buildTimeline } from './anthropic/timeline.js'
export { estimateTokens } from './anthropic/tokens.js'
export { nightKey, scoreSessionsJob } from './jobs/score-sessions-definition.js'
export type { ScoreSessionsJobConfig } from './jobs/score-sessions-definition.js'
export { runScoreSessionsJob, SCORE_SESSIONS_JOB } from './jobs/score-sessions-job.js'
export type { ScoreSessionsJobOptions, ScoreSessionsJobResult } from './jobs/score-sessions-job.js'
export { exportScores } from './posthog/export-scores.js'
export { HOGQL_EVENTS_QUERY, importPostHogEvents, PostHogQueryError } from './posthog/hogql-import.js'
export type { PostHogImportOptions, PostHogImportSummary } from './posthog/hogql-import.js'
export { createPostHogExporter, SCORE_EVENT } from './posthog/score-exporter.js'
export type { ExportableScore, ScoreExporter } from './posthog/score-exporter.js'
export { closeIdleSessions, DEFAULT_SESSION_IDLE_MINUTES } from './sessions/close-idle-sessions.js'
export { loadSessions } from './sessions/load-sessions.js'
export type { SessionKey, StoredSession } from './sessions/load-sessions.js'
export { pendingSessions } from './sessions/pending-sessions.js'
export type { PendingQuery, PendingSession } from './sessions/pending-sessions.js'
export { isClaudeScorer, scoreStoredSessions } from './sessions/score-stored-sessions.js'
export type { ScoreRunSummary, ScoreStoredOptions } from './sessions/score-stored-sessions.js'
export { storeScores } from './sessions/store-scores.js'
export type { ScoreToStore } from './sessions/store-scores.js'
export type {
  LowSession,
  NpsBucketCounts,
  NpsDay,
  NpsDepartment,
  SessionDetail,
  SessionsOverview,
  TimelineEntry,
} from './read-models/sessions-data.js'
export { netPromoterScore, sessionDetail, sessionsOverview } from './read-models/sessions-data.js'
export { listSessions, SESSION_SORTS } from './read-models/sessions-list.js'
export type { SessionList, SessionQuery, SessionRow, SessionSort } from './read-models/sessions-list.js'
