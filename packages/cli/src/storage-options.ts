import path from 'node:path'
import type { StorageTarget } from '@suture/store'
import type { CommandContext, OptionSpec } from './command.js'

export type { StorageTarget }

/** Flags shared by every subcommand that touches storage. */
export const STORAGE_OPTIONS: OptionSpec = {
  'database-url': { type: 'string' },
  'data-dir': { type: 'string' },
}

export const STORAGE_USAGE = '[--database-url URL | --data-dir DIR]'

/**
 * `--database-url` / `DATABASE_URL` selects real Postgres; otherwise the embedded PGlite database lives in
 * `--data-dir` / `SUTURE_DATA_DIR`, default `.suture/` in the current directory.
 */
export function resolveStorageTarget(ctx: CommandContext): StorageTarget {
  const url = stringOption(ctx, 'database-url') ?? ctx.env.DATABASE_URL
  if (url) return { kind: 'postgres', url }
  const dir = stringOption(ctx, 'data-dir') ?? ctx.env.SUTURE_DATA_DIR ?? '.suture'
  return { kind: 'pglite', dataDir: path.resolve(ctx.cwd, dir) }
}

export function stringOption(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.values[name]
  return typeof value === 'string' && value.length > 0 ? value : undefined
}
