export { InvalidOriginError, KeyNotFoundError, ProjectNotFoundError } from './projects/errors.js'
export { normalizeOrigin, originAllowed } from './projects/origins.js'
export type {
  AddedKey,
  CreatedProject,
  KeySummary,
  ProjectSummary,
  ResolvedKey,
} from './projects/projects.js'
export {
  addKey,
  createProject,
  listKeys,
  listProjects,
  resolveKey,
  revokeKey,
  setAllowedOrigins,
} from './projects/projects.js'
export { hashToken } from './projects/tokens.js'
export type {
  ApiKeyKind,
  ApiKeysTable,
  CoreTables,
  DeploysTable,
  EnvelopesTable,
  GeneratedTimestamp,
  JobRunStatus,
  JobRunsTable,
  ProjectsTable,
  SessionEventsTable,
  SessionsTable,
  Timestamp,
} from './storage/core-tables.js'
export type { Database } from './storage/database.js'
export { DatabaseUnavailableError, DataDirLockedError, MigrationError } from './storage/errors.js'
export { migrateToLatest } from './storage/migrate.js'
export { MIGRATIONS } from './storage/migrations/index.js'
export type { OpenDatabaseOptions, SutureDatabase } from './storage/open-database.js'
export { openDatabase } from './storage/open-database.js'
export { PGliteDialect } from './storage/pglite-dialect.js'
export type { StorageTarget } from './storage/target.js'
export type {
  Baseline,
  EvaluateScoringOptions,
  LabelledSession,
  LogisticBaseline,
  ScoreEvaluation,
  ScoringEvaluationReport,
} from './scoring/evaluate.js'
export { evaluateScoring, TRIVIAL_BASELINES } from './scoring/evaluate.js'
export type { SessionError, SessionFeatures } from './scoring/features.js'
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
export { BATCH_DISCOUNT, costOf, MODEL_PRICES, priceOf } from './anthropic/pricing.js'
export { RUBRIC, scoreRequest } from './anthropic/rubric.js'
export type { Timeline, TimelineOptions } from './anthropic/timeline.js'
export { buildTimeline } from './anthropic/timeline.js'
export { estimateTokens } from './anthropic/tokens.js'
export type { CreateAppOptions, IngestAppHandle } from './server/app.js'
export { createApp, INGEST_ROUTES } from './server/app.js'
export type { IngestApp, IngestDeps, IngestEnv, RegisterRoutes } from './server/context.js'
export { corsAndAuth, keyToken } from './server/cors-auth.js'
export { HttpError } from './server/http-error.js'
export type { IngestBatchSpec } from './server/ingest-batch.js'
export { ingestBatch, MAX_BATCH } from './server/ingest-batch.js'
export { KeyResolver } from './server/key-resolver.js'
export { IngestMetrics } from './server/metrics.js'
export type { RateLimitOptions } from './server/rate-limit.js'
export { DEFAULT_RATE_LIMIT, RateLimiter } from './server/rate-limit.js'
export { DEFAULT_BODY_LIMIT_BYTES, readJsonBody } from './server/read-body.js'
export { MAX_JSON_DEPTH, sanitizeJson } from './server/sanitize-json.js'
export type { RunningServer, StartServerOptions } from './server/start-server.js'
export { startServer } from './server/start-server.js'
export { storableTime } from './storage/storable.js'
export type { Deploy } from './storage/store-deploys.js'
export { deployId, deploySchema, storeDeploys } from './storage/store-deploys.js'
export { envelopeRow, prepareEnvelope, storeEnvelopes } from './storage/store-envelopes.js'
export type { ItemIssue, ItemResult } from './storage/store-result.js'
export { sessionEventId, storeSessionEvents } from './storage/store-session-events.js'
export { createLogger } from './server/logger.js'
export type { SentryMetrics, SentryLimits, SentryRateLimit, SentryRoutesOptions } from './sentry/routes.js'
export { DEFAULT_SENTRY_LIMITS, registerSentryRoutes } from './sentry/routes.js'
export type { SentryIngestOptions } from './sentry/ingest-routes.js'
export { sentryIngestRoutes } from './sentry/ingest-routes.js'
export { formatDsn, matchesSentryProject, sentryBaseUrl, sentryProjectNumber } from './sentry/dsn.js'
export type { SentryEnvelope, SentryEnvelopeItem, SentryEnvelopeLimits } from './sentry/envelope-parser.js'
export { parseItemJson, parseSentryEnvelope } from './sentry/envelope-parser.js'
export type { SentryMapContext } from './sentry/map-event.js'
export {
  hashUserId,
  mapSentryEvent,
  mapSentryFeedback,
  mapSentryUserReport,
  SENTRY_MESSAGE_TYPE,
} from './sentry/map-event.js'
export type { SentryRejectReason } from './sentry/errors.js'
export { SentryIngestError } from './sentry/errors.js'
export { decodeBody, readBodyCapped } from './sentry/body.js'
export { claimJobRun, finishJobRun, lastSuccessfulRun } from './jobs/job-run.js'
export type { JobRunClaim } from './jobs/job-run.js'
export { nightKey, scoreSessionsJob } from './jobs/score-sessions-definition.js'
export type { ScoreSessionsJobConfig } from './jobs/score-sessions-definition.js'
export { runScoreSessionsJob, SCORE_SESSIONS_JOB } from './jobs/score-sessions-job.js'
export type { ScoreSessionsJobOptions, ScoreSessionsJobResult } from './jobs/score-sessions-job.js'
export { startWorker } from './jobs/worker.js'
export type { JobContext, JobDefinition, StartWorkerOptions, Worker } from './jobs/worker.js'
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
export type { ClaudeBatchesTable, ScoresTable, ScoreTables } from './scoring/score-tables.js'
export type { DashboardDeps, DashboardOptions } from './dashboard/routes.js'
export { createDashboardApp, dashboardRoutes, mountDashboard } from './dashboard/routes.js'
export type { DashboardSession } from './dashboard/session-token.js'
export { SessionSigner } from './dashboard/session-token.js'
