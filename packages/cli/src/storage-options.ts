import path from 'node:path'
import type { StorageTarget } from '@suture/store'
import { type CommandContext, type OptionSpec, UsageError } from './command.js'

export type { StorageTarget }

/** Flags shared by every subcommand that touches storage. */
export const STORAGE_OPTIONS: OptionSpec = {
  'database-url': {
    type: 'string',
    description: 'Postgres to use (postgres://…; default DATABASE_URL, else the embedded database)',
  },
  'data-dir': {
    type: 'string',
    description: 'directory of the embedded database (default SUTURE_DATA_DIR, else ./.suture)',
  },
}

export const STORAGE_USAGE = '[--database-url URL | --data-dir DIR]'

/** The Postgres pool flag of the long-running commands (`serve`, `worker`). */
export const POOL_OPTIONS: OptionSpec = {
  'db-pool-size': {
    type: 'string',
    description: 'Postgres connections this process may hold (default SUTURE_DB_POOL_SIZE, else 10)',
  },
}

/**
 * `openDatabase`'s options for the pool `--db-pool-size` or `SUTURE_DB_POOL_SIZE` asks for, else none (the
 * store's 10). Size it to the server's `max_connections` divided by the processes sharing it (or
 * PgBouncer's pool).
 */
export function poolOptionsOf(ctx: CommandContext): { poolSize?: number } {
  const flag = stringOption(ctx, 'db-pool-size')
  const raw = flag ?? ctx.env.SUTURE_DB_POOL_SIZE
  if (raw === undefined || raw === '') return {}
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(
      `${flag !== undefined ? '--db-pool-size' : 'SUTURE_DB_POOL_SIZE'} must be a whole number ≥ 1, got '${raw}'`,
    )
  }
  return { poolSize: value }
}

/**
 * Flags win over variables: `--database-url URL` selects Postgres and `--data-dir DIR` the embedded PGlite
 * database in DIR, whatever the environment says. Without either flag, `DATABASE_URL` selects Postgres,
 * else `SUTURE_DATA_DIR`, else `.suture/` in the current directory.
 */
export function resolveStorageTarget(ctx: CommandContext): StorageTarget {
  const urlFlag = stringOption(ctx, 'database-url')
  const dirFlag = stringOption(ctx, 'data-dir')
  if (urlFlag && dirFlag) {
    throw new UsageError('give --database-url or --data-dir, not both: one is Postgres, the other PGlite')
  }
  const pglite = (dir: string): StorageTarget => ({ kind: 'pglite', dataDir: path.resolve(ctx.cwd, dir) })
  if (urlFlag) return { kind: 'postgres', url: postgresUrl(urlFlag, '--database-url') }
  if (dirFlag) return pglite(dirFlag)
  if (ctx.env.DATABASE_URL)
    return { kind: 'postgres', url: postgresUrl(ctx.env.DATABASE_URL, 'DATABASE_URL') }
  return pglite(ctx.env.SUTURE_DATA_DIR || '.suture')
}

/** A `postgres://` or `postgresql://` URL; anything else is refused naming where it came from (never echoing it). */
function postgresUrl(url: string, source: string): string {
  let scheme: string | undefined
  try {
    scheme = new URL(url).protocol
  } catch {
    scheme = undefined
  }
  if (scheme === 'postgres:' || scheme === 'postgresql:') return url
  throw new UsageError(
    `${source} must be a Postgres URL such as postgres://user@127.0.0.1:5432/suture, got ${scheme ? `a '${scheme}' URL` : 'something that is not a URL'}; leave it unset for the embedded database`,
  )
}

export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.values[name]
  return typeof value === 'string' && value.length > 0 ? value : undefined
}
