export {
  InvalidOriginError,
  KeyNotFoundError,
  ProjectNameAmbiguousError,
  ProjectNameTakenError,
  ProjectNotFoundError,
} from './projects/errors.js'
export type { ProjectFootprint } from './projects/delete-project.js'
export { deleteProject, findProject, projectFootprint } from './projects/delete-project.js'
export { normalizeOrigin, originAllowed } from './projects/origins.js'
export type {
  AddedKey,
  CreatedProject,
  CreateProjectInput,
  KeySummary,
  ProjectSummary,
  ResolvedKey,
} from './projects/projects.js'
export {
  addKey,
  allKnownOrigins,
  createProject,
  listKeys,
  listProjects,
  resolveKey,
  revokeKey,
  setAllowedOrigins,
} from './projects/projects.js'
export { hashToken } from './projects/tokens.js'
export { environmentsSeen, UNNAMED_ENVIRONMENT } from './ingest/environments.js'
export { latestErrors } from './ingest/latest-errors.js'
export type { LatestError } from './ingest/latest-errors.js'
export { impliedNps, netPromoterScore, npsBucket, npsBuckets } from './nps/implied-nps.js'
export type { NpsBucket, NpsBucketCounts } from './nps/implied-nps.js'
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
} from './tables/core-tables.js'
export type { Database } from './tables/database.js'
export type { DashboardRevokedSessionsTable, DashboardTables } from './tables/dashboard-tables.js'
export { isDashboardSessionRevoked, revokeDashboardSession } from './dashboard/revoked-sessions.js'
export { DatabaseUnavailableError, DataDirLockedError, MigrationError } from './database/errors.js'
export { migrateToLatest } from './migrations/migrate.js'
export { MIGRATIONS } from './migrations/index.js'
export type { OpenDatabaseOptions, SutureDatabase } from './database/open-database.js'
export { openDatabase } from './database/open-database.js'
export { PGliteDialect } from './database/pglite-dialect.js'
export { writePgliteSeed } from './database/pglite-seed.js'
export type { StorageTarget } from './database/target.js'
export { storableTime } from './ingest/storable.js'
export type { Deploy } from './ingest/store-deploys.js'
export { deployId, deploySchema, storeDeploys } from './ingest/store-deploys.js'
export {
  envelopeRow,
  prepareEnvelope,
  prepareSymbolicated,
  storeEnvelopes,
} from './ingest/store-envelopes.js'
export { SourceMapError } from './sourcemaps/errors.js'
export { cleanSourcePath, minifiedFilePath } from './sourcemaps/file-path.js'
export { MapCache } from './sourcemaps/map-cache.js'
export { MAX_SOURCE_MAP_BYTES, checkSourceMap } from './sourcemaps/validate-source-map.js'
export { Symbolicator, symbolicatorFor } from './sourcemaps/symbolicator.js'
export type { SymbolicatorOptions } from './sourcemaps/symbolicator.js'
export { resymbolicateRelease, storeSourceMap } from './sourcemaps/store-source-map.js'
export type { SourceMapUpload, StoredSourceMap } from './sourcemaps/store-source-map.js'
export type { SourceMapsTable, SourceMapTables } from './tables/source-map-tables.js'
export type { ItemIssue, ItemResult } from './ingest/store-result.js'
export { sessionEventId, storeSessionEvents } from './ingest/store-session-events.js'
export { claimJobRun, claimLeasedJobRun, finishJobRun, lastSuccessfulRun } from './jobs/job-run.js'
export type { JobRunClaim, LeasedJobRunClaim } from './jobs/job-run.js'
export type {
  ClaudeBatchesTable,
  ScoresTable,
  ScoreTables,
  ScoringSpendTable,
} from './tables/scorer-tables.js'
export type {
  FixerTables,
  FixReviewsTable,
  FixRunsTable,
  GithubDeliveriesTable,
} from './tables/fixer-tables.js'
export type { JobContext, JobDefinition } from './jobs/job-definition.js'
export type {
  ClusterDecisionColumn,
  TriageRunsTable,
  ClustersTable,
  ClusterMembersTable,
  ClusterPairsTable,
  PairDecisionsTable,
  PairVerdictsTable,
  JudgeSpendTable,
  ClusterTables,
} from './tables/pm-agent-cluster-tables.js'
export type {
  TicketLinksTable,
  LocalTicketsTable,
  LocalTicketCommentsTable,
  LocalTicketAttachmentsTable,
  TicketValidationsTable,
  FixAttemptsTable,
  OutcomeKindColumn,
  TicketOutcomesTable,
  RouteQuarantineTable,
  DigestsTable,
  SpikeFiringsTable,
  TicketTables,
} from './tables/pm-agent-ticket-tables.js'
export type { GoLiveTables, ProjectGoLiveTable } from './tables/pm-agent-go-live-tables.js'
export type {
  LineageResetsTable,
  ValidationActionsTable,
  ValidationTables,
} from './tables/pm-agent-validation-tables.js'
export { existingTables, toDate, toJson, toNumber } from './database/read-values.js'
export type { LifecycleTables, PrivacyRequestsTable, RetentionDropsTable } from './tables/lifecycle-tables.js'
export {
  DEFAULT_RETENTION,
  RETENTION_KINDS,
  retentionPolicy,
  retentionPolicySchema,
  windowFor,
} from './lifecycle/retention-policy.js'
export type {
  RetentionKind,
  RetentionPolicy,
  RetentionPolicyInput,
  RetentionWindows,
} from './lifecycle/retention-policy.js'
export { applyRetention, DEFAULT_RETENTION_BATCH, retentionSummary } from './lifecycle/retention.js'
export type {
  RetentionBatch,
  RetentionDrop,
  RetentionOptions,
  RetentionResult,
} from './lifecycle/retention.js'
export { describeDrop, retentionJob } from './lifecycle/retention-job.js'
export type { RetentionJobOptions } from './lifecycle/retention-job.js'
export { ensureWeeklyPartitions, PARTITIONED_TABLES, timePartitions } from './lifecycle/partitions.js'
export type { PartitionedTable, TimePartition } from './lifecycle/partitions.js'
export { actorHash, isActorHash } from './privacy/actor.js'
export type { ActorQuery } from './privacy/actor-traces.js'
export { deleteActor } from './privacy/delete-actor.js'
export type { DeleteActorOptions, DeleteActorResult, ManualStep } from './privacy/delete-actor.js'
export { exportActor } from './privacy/export-actor.js'
export type { ActorExport, ExportActorOptions } from './privacy/export-actor.js'
export { REDACTED } from './privacy/sweep-text.js'
