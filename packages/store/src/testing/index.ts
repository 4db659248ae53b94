import { randomBytes } from 'node:crypto'
import { Socket } from 'node:net'
import pg from 'pg'
import { openDatabase, type SutureDatabase } from '../database/open-database.js'
import { pgliteTemplate } from './pglite-template.js'
import { postgresTemplate } from './postgres-template.js'

/**
 * The backends every storage and API test runs on, as kysely's tests loop over their dialects.
 * @example
 * for (const backend of TEST_DATABASES) {
 *   describe.skipIf(!backend.available)(backend.name, () => {
 *     let database: SutureDatabase
 *     beforeAll(async () => { database = await backend.open() })
 *     afterAll(() => database.close())
 *   })
 * }
 */
export interface TestDatabase {
  readonly name: 'pglite' | 'postgres'
  /** False when the backend cannot run here (no Postgres listening); the reason is in `skipReason`. */
  readonly available: boolean
  readonly skipReason: string | undefined
  /** A fresh, migrated, empty database; `close()` deletes it. */
  open(): Promise<SutureDatabase>
  /** The connection URL of the last database `open()` made (Postgres only), for child processes. */
  readonly lastUrl: string | undefined
}

/** The server tests use: `SUTURE_TEST_DATABASE_URL`, or the local cluster's `test` database. */
export const TEST_POSTGRES_URL =
  process.env.SUTURE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

function probe(hostname: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket()
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(timeoutMs, () => done(false))
    socket.once('error', () => done(false))
    socket.connect(port, hostname, () => done(true))
  })
}

/**
 * Whether the server accepts TCP connections. A refused port answers at once; a timeout is retried because
 * on a loaded machine a busy event loop (tsx compiling the importer's modules) can run the timer before
 * the connect callback that already arrived, and one such miss would skip every Postgres test silently.
 */
async function listening(url: string, timeoutMs = 1_000, attempts = 3): Promise<boolean> {
  const { hostname, port } = new URL(url)
  for (let i = 0; i < attempts; i++) if (await probe(hostname, Number(port || 5432), timeoutMs)) return true
  return false
}

const postgresListening = await listening(TEST_POSTGRES_URL)
if (!postgresListening) {
  console.warn(
    `\n${'!'.repeat(100)}\n!!! Postgres is not listening at ${new URL(TEST_POSTGRES_URL).host}: ` +
      'every Postgres variant of the storage and API tests is SKIPPED.\n' +
      '!!! Start it (see DEVELOPERS.md) or set SUTURE_TEST_DATABASE_URL.\n' +
      `${'!'.repeat(100)}\n`,
  )
}

/**
 * Creates a uniquely named database on the test server and returns its URL; `drop()` removes it,
 * disconnecting whoever is still attached. Empty unless `template` names a database to copy (see
 * {@link postgresTemplate} for a migrated one).
 */
export async function createTestPostgresDatabase(
  options: { readonly template?: string } = {},
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `suture_t_${process.pid}_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL })
  await admin.connect()
  try {
    await admin.query(
      `create database ${name}${options.template === undefined ? '' : ` template ${options.template}`}`,
    )
  } finally {
    await admin.end()
  }
  const url = new URL(TEST_POSTGRES_URL)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL })
      await client.connect()
      try {
        await client.query(`drop database if exists ${name} with (force)`)
      } finally {
        await client.end()
      }
    },
  }
}

class PostgresTestDatabase implements TestDatabase {
  readonly name = 'postgres'
  readonly available = postgresListening
  readonly skipReason = postgresListening ? undefined : `no Postgres at ${new URL(TEST_POSTGRES_URL).host}`
  lastUrl: string | undefined

  async open(): Promise<SutureDatabase> {
    // A copy of the migrated template: opening it below finds every migration applied.
    const created = await createTestPostgresDatabase({ template: await postgresTemplate(TEST_POSTGRES_URL) })
    this.lastUrl = created.url
    let database: SutureDatabase
    try {
      database = await openDatabase({ kind: 'postgres', url: created.url })
    } catch (error: unknown) {
      await created.drop()
      throw error
    }
    return {
      ...database,
      async close() {
        await database.close()
        await created.drop()
      },
    }
  }
}

class PGliteTestDatabase implements TestDatabase {
  readonly name = 'pglite'
  readonly available = true
  readonly skipReason = undefined
  readonly lastUrl = undefined

  async open(): Promise<SutureDatabase> {
    return openDatabase({ kind: 'pglite-memory' }, { pgliteTemplate: await pgliteTemplate() })
  }
}

export const TEST_DATABASES: readonly TestDatabase[] = [new PGliteTestDatabase(), new PostgresTestDatabase()]

/** True when the real Postgres is reachable (tests that need it alone use `describe.skipIf(!…)`). */
export const POSTGRES_AVAILABLE = postgresListening

export type { RealSession } from './fixtures.js'
export {
  errorEnvelopeFromStack,
  feedbackEnvelope,
  realSessions,
  realStacks,
  SHARED_DATA_DIR,
  sessionEventsOf,
} from './fixtures.js'
export { pgliteTemplate } from './pglite-template.js'
export { postgresTemplate } from './postgres-template.js'
