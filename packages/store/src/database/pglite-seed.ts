import { existsSync } from 'node:fs'
import { readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import { MIGRATIONS } from '../migrations/index.js'
import { migrateToLatest } from '../migrations/migrate.js'
import type { Database } from '../tables/database.js'
import { PGliteDialect } from './pglite-dialect.js'

/**
 * A new embedded database starts from a migrated, empty cluster dumped at build time (`pnpm build` writes
 * it beside the bundle) instead of running PGlite's initdb: initdb into a directory costs 2–3 s of CPU,
 * most of a new user's first command, while unpacking the dump costs about 0.6 s. The seed is only
 * used when it was made by the same PGlite build and by a prefix of this code's migrations; anything
 * newer is migrated as usual.
 */
const SEED_FILE = 'pglite-seed.tar.gz'
const SEED_MANIFEST = 'pglite-seed.json'

export interface SeedManifest {
  /** The `@electric-sql/pglite` version that made the dump (its data directory format). */
  readonly pglite: string
  /** The migrations applied in the dump, in order. */
  readonly migrations: readonly string[]
}

/** The installed PGlite's version, from its package.json (PGlite does not export that file). */
async function installedPgliteVersion(): Promise<string> {
  let dir = path.dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'))
  for (;;) {
    const file = path.join(dir, 'package.json')
    if (existsSync(file)) {
      const pkg = JSON.parse(await readFile(file, 'utf8')) as { name?: unknown; version?: unknown }
      if (pkg.name === '@electric-sql/pglite' && typeof pkg.version === 'string') return pkg.version
    }
    const parent = path.dirname(dir)
    if (parent === dir)
      throw new Error('the installed @electric-sql/pglite has no package.json with a version')
    dir = parent
  }
}

/** Whether `manifest` describes a dump this code can start from. */
function seedMatches(manifest: SeedManifest, pgliteVersion: string): boolean {
  const known = Object.keys(MIGRATIONS)
  return (
    manifest.pglite === pgliteVersion &&
    manifest.migrations.length <= known.length &&
    manifest.migrations.every((name, i) => known[i] === name)
  )
}

/**
 * The build's seed, or undefined when there is none (running from source) or it does not match (then
 * the database is made by initdb, as without a seed). Never throws: a seed only saves time.
 */
export async function packagedSeed(
  dir = path.dirname(fileURLToPath(import.meta.url)),
): Promise<Blob | undefined> {
  try {
    const manifest = JSON.parse(await readFile(path.join(dir, SEED_MANIFEST), 'utf8')) as SeedManifest
    if (!seedMatches(manifest, await installedPgliteVersion())) return undefined
    return new Blob([await readFile(path.join(dir, SEED_FILE))])
  } catch {
    return undefined
  }
}

/** True when `dir` holds no PGlite cluster yet (missing or empty), so a seed may be unpacked into it. */
export async function isNewDataDir(dir: string): Promise<boolean> {
  try {
    return (await readdir(dir)).length === 0
  } catch (error: unknown) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return true
    throw error
  }
}

/**
 * Writes the seed and its manifest into `dir` (the build runs it on `dist/`): a migrated, empty
 * cluster made by the installed PGlite. Files are renamed into place, so an interrupted build never
 * leaves a torn seed.
 * @example
 * const { bytes } = await writePgliteSeed('dist')
 */
export async function writePgliteSeed(dir: string): Promise<{ bytes: number; manifest: SeedManifest }> {
  const pglite = await PGlite.create()
  try {
    await migrateToLatest(new Kysely<Database>({ dialect: new PGliteDialect(pglite) }))
    const dump = Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer())
    const manifest: SeedManifest = {
      pglite: await installedPgliteVersion(),
      migrations: Object.keys(MIGRATIONS),
    }
    await writeFile(path.join(dir, `${SEED_FILE}.partial`), dump)
    await rename(path.join(dir, `${SEED_FILE}.partial`), path.join(dir, SEED_FILE))
    await writeFile(path.join(dir, `${SEED_MANIFEST}.partial`), `${JSON.stringify(manifest, null, 2)}\n`)
    await rename(path.join(dir, `${SEED_MANIFEST}.partial`), path.join(dir, SEED_MANIFEST))
    return { bytes: dump.length, manifest }
  } finally {
    await pglite.close()
  }
}
