import { rm } from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { migrateToLatest } from '../migrations/migrate.js'
import type { Database } from '../tables/database.js'
import { lockDataDir } from './data-dir-lock.js'
import { DatabaseUnavailableError } from './errors.js'
import { PGliteDialect } from './pglite-dialect.js'
import { isNewDataDir, packagedSeed } from './pglite-seed.js'
import type { StorageTarget } from './target.js'

const INT8_OID = 20

/** An open database: kysely over `pg` or PGlite, already migrated. */
export interface SutureDatabase {
  readonly db: Kysely<Database>
  readonly kind: StorageTarget['kind']
  /**
   * Runs raw SQL through the same connection handling as kysely (pg-boss and other adapters use it).
   * Without values the text may hold several statements; their rows are not returned then.
   */
  executeSql(text: string, values?: readonly unknown[]): Promise<{ rows: Record<string, unknown>[] }>
  close(): Promise<void>
}

export interface OpenDatabaseOptions {
  /** Run migrations on open (default true). */
  readonly migrate?: boolean
  /** Postgres pool size (default 10). */
  readonly poolSize?: number
  /**
   * PGlite only: a new database (in memory, or a data directory with no cluster yet) starts from this
   * dump (`PGlite.dumpDataDir`) instead of running initdb, which costs seconds of CPU per database. Tests
   * open hundreds of databases from one migrated template. A data directory defaults to the seed the
   * build packs beside the bundle (see `pglite-seed.ts`); an existing cluster is never touched.
   */
  readonly pgliteTemplate?: Blob | undefined
}

/** `bigint` columns (counts, serial ids) as numbers on both backends, as PGlite does by default. */
function parseInt8(value: string): number | string {
  const n = Number(value)
  return Number.isSafeInteger(n) ? n : value
}

function redact(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return '(unparseable database URL)'
  }
}

/**
 * Opens the database `target` names and migrates it to the newest schema.
 * @example
 * const database = await openDatabase({ kind: 'pglite', dataDir: '.suture' })
 * const projects = await database.db.selectFrom('projects').selectAll().execute()
 * await database.close()
 */
export async function openDatabase(
  target: StorageTarget,
  options: OpenDatabaseOptions = {},
): Promise<SutureDatabase> {
  const opened =
    target.kind === 'postgres'
      ? await openPostgres(target.url, options)
      : await openPGlite(target, options.pgliteTemplate)
  if (options.migrate !== false) {
    try {
      await migrateToLatest(opened.db)
    } catch (error: unknown) {
      await opened.close()
      throw error
    }
  }
  return opened
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<SutureDatabase> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  })
  // A client losing its connection (server restart, pg_terminate_backend) emits 'error'. The pool listens
  // only while a client is idle; a checked-out client (mid-transaction, or between a query's failure and
  // its release) would emit it with no listener and crash the process. The query in flight fails on its
  // own (callers answer 503), and the pool drops the broken client on release, so the event is only noise.
  pool.on('error', () => {})
  pool.on('connect', (client) => {
    client.on('error', () => {})
  })
  try {
    const client = await pool.connect()
    client.release()
  } catch (error: unknown) {
    await pool.end().catch(() => {})
    throw new DatabaseUnavailableError(redact(url), error)
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return wrap(db, 'postgres', async () => {})
}

async function openPGlite(
  target: StorageTarget & { kind: 'pglite' | 'pglite-memory' },
  template: Blob | undefined,
): Promise<SutureDatabase> {
  let unlock = async () => {}
  let pglite: PGlite
  if (target.kind === 'pglite') {
    unlock = await lockDataDir(target.dataDir)
    try {
      pglite = await createOnDisk(path.join(target.dataDir, 'pglite'), template)
    } catch (error: unknown) {
      await unlock()
      throw error
    }
  } else {
    const seed = template ?? (await packagedSeed())
    pglite = await PGlite.create({
      parsers: { [INT8_OID]: parseInt8 },
      ...(seed === undefined ? {} : { loadDataDir: seed }),
    })
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) })
  return wrap(db, target.kind, unlock)
}

/**
 * PGlite in `dir`; a new directory is unpacked from `template` (or the packaged seed). The data-dir lock
 * is held, so nobody else is creating it meanwhile. If the dump cannot be unpacked, the half-written
 * directory (it was empty before) is cleared and initdb makes the cluster, as without a seed.
 */
async function createOnDisk(dir: string, template: Blob | undefined): Promise<PGlite> {
  const options = { dataDir: dir, parsers: { [INT8_OID]: parseInt8 } }
  const seed = (await isNewDataDir(dir)) ? (template ?? (await packagedSeed())) : undefined
  if (seed === undefined) return PGlite.create(options)
  try {
    return await PGlite.create({ ...options, loadDataDir: seed })
  } catch {
    await rm(dir, { recursive: true, force: true })
    return PGlite.create(options)
  }
}

function wrap(
  db: Kysely<Database>,
  kind: StorageTarget['kind'],
  afterClose: () => Promise<void>,
): SutureDatabase {
  let closing: Promise<void> | undefined
  return {
    db,
    kind,
    async executeSql(text, values = []) {
      const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, [...values]))
      return { rows: [...result.rows] }
    },
    close() {
      closing ??= db.destroy().finally(afterClose)
      return closing
    },
  }
}
