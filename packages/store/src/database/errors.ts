/** Migrations failed; the database is left at the last migration that succeeded. */
export class MigrationError extends Error {
  override readonly name = 'MigrationError'
  readonly migration: string | undefined

  constructor(migration: string | undefined, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    super(
      `Database migration ${migration ?? '(unknown)'} failed: ${reason}. Fix the cause and run 'suture migrate' again.`,
      { cause },
    )
    this.migration = migration
  }
}

/** Another process holds the embedded database; PGlite is single-process. */
export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError'
  readonly dataDir: string
  readonly pid: number

  constructor(dataDir: string, pid: number) {
    super(
      `The embedded database in ${dataDir} is in use by process ${pid}. Stop that process, or run several ` +
        'processes against Postgres with --database-url.',
    )
    this.dataDir = dataDir
    this.pid = pid
  }
}

/** The Postgres server could not be reached or refused the connection. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError'
  readonly target: string

  constructor(target: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    super(`Cannot reach the database at ${target}: ${reason}. Check that it runs and the URL is right.`, {
      cause,
    })
    this.target = target
  }
}
