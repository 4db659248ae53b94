export { ADMIN_PATH, adminRoutes } from './admin/admin-routes.js'
export type { CreateAppOptions, IngestAppHandle } from './server/app.js'
export { createApp, DEFAULT_MAX_IN_FLIGHT, INGEST_ROUTES } from './server/app.js'
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
export { startWorker, WorkerStartError } from './worker/worker.js'
export type { StartWorkerOptions, Worker } from './worker/worker.js'
export type { DashboardDeps, DashboardOptions } from './dashboard/routes.js'
export { createDashboardApp, dashboardRoutes, mountDashboard } from './dashboard/routes.js'
export type { DashboardSession, SessionProject } from './dashboard/session-token.js'
export { MAX_SESSION_PROJECTS, SessionSigner, TooManyProjectsError } from './dashboard/session-token.js'
export type { FixReport, StoredFixReport } from './fixes/report-fix.js'
export {
  FixTicketNotFoundError,
  fixReportSchema,
  parseFixReport,
  reportFix,
  storeFixReports,
} from './fixes/report-fix.js'
export type { SutureMcpOptions } from './mcp/mcp-server.js'
export { createSutureMcpServer } from './mcp/mcp-server.js'
export { mcpRoutes } from './mcp/http-route.js'
export { serveMcpStdio } from './mcp/stdio.js'
export type { GitHubWebhookOptions } from './github/webhook-route.js'
export { GITHUB_WEBHOOK_PATH, githubWebhookRoutes } from './github/webhook-route.js'
export { signGitHubPayload, verifyGitHubSignature } from './github/signature.js'
export { startValidationOnMerge } from './github/start-validation.js'
