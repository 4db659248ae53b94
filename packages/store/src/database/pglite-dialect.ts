import type { PGlite } from '@electric-sql/pglite'
import {
  CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely'
import { Lock } from './lock.js'

/**
 * Kysely dialect for PGlite. PGlite is one connection to one single-user Postgres, so the driver hands
 * out that connection to one holder at a time: a transaction keeps it until commit or rollback, and
 * every other query waits its turn (kysely 0.29 ships a dialect like this, but needs Node 22).
 */
export class PGliteDialect implements Dialect {
  readonly #pglite: PGlite

  constructor(pglite: PGlite) {
    this.#pglite = pglite
  }

  createAdapter(): DialectAdapter {
    return new PostgresAdapter()
  }

  createDriver(): Driver {
    return new PGliteDriver(this.#pglite)
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new PostgresIntrospector(db)
  }

  createQueryCompiler(): QueryCompiler {
    return new PostgresQueryCompiler()
  }
}

class PGliteDriver implements Driver {
  readonly #pglite: PGlite
  readonly #lock = new Lock()
  readonly #releases = new WeakMap<DatabaseConnection, () => void>()

  constructor(pglite: PGlite) {
    this.#pglite = pglite
  }

  async init(): Promise<void> {
    await this.#pglite.waitReady
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.#lock.acquire()
    const connection = new PGliteConnection(this.#pglite)
    this.#releases.set(connection, release)
    return connection
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    let text = 'begin'
    if (settings.isolationLevel || settings.accessMode) {
      text = 'start transaction'
      if (settings.isolationLevel) text += ` isolation level ${settings.isolationLevel}`
      if (settings.accessMode) text += ` ${settings.accessMode}`
    }
    await connection.executeQuery(CompiledQuery.raw(text))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.#releases.get(connection)?.()
    this.#releases.delete(connection)
  }

  async destroy(): Promise<void> {
    // Wait for the current holder so close() never cuts a transaction in half.
    const release = await this.#lock.acquire()
    try {
      if (!this.#pglite.closed) await this.#pglite.close()
    } finally {
      release()
    }
  }
}

class PGliteConnection implements DatabaseConnection {
  readonly #pglite: PGlite

  constructor(pglite: PGlite) {
    this.#pglite = pglite
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const parameters = [...compiledQuery.parameters]
    if (parameters.length === 0) {
      // Without parameters `pg` uses the simple protocol, which allows several statements in one string
      // (pg-boss relies on it); PGlite's `exec` is the same protocol.
      const results = await this.#pglite.exec(compiledQuery.sql)
      const last = results[results.length - 1]
      return {
        rows: (last?.rows ?? []) as R[],
        ...affected(
          results.reduce((sum, r) => sum + (r.affectedRows ?? 0), 0),
          last?.command,
        ),
      }
    }
    const result = await this.#pglite.query<R>(compiledQuery.sql, parameters)
    return { rows: result.rows, ...affected(result.affectedRows ?? 0, result.command) }
  }

  // biome-ignore lint/correctness/useYield: streaming is not supported; the generator only throws.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('PGlite dialect: streaming queries are not supported; page with limit/offset instead')
  }
}

function affected(count: number, command: string | undefined): { numAffectedRows?: bigint } {
  if (command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE') {
    return { numAffectedRows: BigInt(count) }
  }
  return {}
}
