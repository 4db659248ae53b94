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
