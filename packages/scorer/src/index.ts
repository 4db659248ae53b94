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
  LabelledSession,
  ScoreEvaluation,
  ScoringEvaluationReport,
} from './scoring/evaluate.js'
export { evaluateScoring, TRIVIAL_BASELINES } from './scoring/evaluate.js'
export type { SessionError, SessionFeatures } from './scoring/features.js'
export { extractFeatures } from './scoring/features.js'
export type { GoalDefinition } from './scoring/goals.js'
export { DEFAULT_GOALS } from './scoring/goals.js'
export type { HeuristicScorer, HeuristicScorerOptions } from './scoring/heuristic-scorer.js'
export {
  createHeuristicScorer,
  HEURISTIC_SCORER_NAME,
  HEURISTIC_SCORER_VERSION,
} from './scoring/heuristic-scorer.js'
export { HEURISTIC_WEIGHTS } from './scoring/heuristic-weights.js'
export type { CalibrationRow } from './scoring/metrics.js'
export { aucDifferenceInterval, calibrationTable, quantileEdges, rocAuc } from './scoring/metrics.js'
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
export { prepareEnvelope, storeEnvelopes } from './storage/store-envelopes.js'
export type { ItemIssue, ItemResult } from './storage/store-result.js'
export { sessionEventId, storeSessionEvents } from './storage/store-session-events.js'
export { createLogger } from './server/logger.js'
