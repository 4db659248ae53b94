import { createHash } from 'node:crypto'
import { readFile, rename, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import { PGliteDialect } from '../database/pglite-dialect.js'
import { migrateToLatest } from '../migrations/migrate.js'
import type { Database } from '../tables/database.js'
import { hashMigrations } from './migrations-key.js'

/**
 * A migrated, empty PGlite cluster as a dump, for tests: a fresh PGlite runs initdb (seconds of CPU each
 * time) and then every migration; loading this dump does neither. It is kept in the OS temp dir so every
 * test file's worker shares it, keyed by the PGlite build and the migrations' code, so a changed migration
 * (or PGlite upgrade) makes a new one instead of loading a stale schema.
 */
let memo: Promise<Blob> | undefined

export function pgliteTemplate(): Promise<Blob> {
  memo ??= loadOrBuild().catch((error: unknown) => {
    memo = undefined
    throw error
  })
  return memo
}

function templateKey(): string {
  const hash = createHash('sha256')
  // The resolved path holds PGlite's version in pnpm's store layout; the file size guards other layouts.
  hash.update(createRequire(import.meta.url).resolve('@electric-sql/pglite'))
  return hashMigrations(hash).digest('hex').slice(0, 20)
}

async function loadOrBuild(): Promise<Blob> {
  const file = path.join(os.tmpdir(), `suture-test-pglite-${templateKey()}.tar`)
  try {
    return new Blob([await readFile(file)])
  } catch {
    // Not built yet on this machine (or unreadable): build it below.
  }
  const pglite = await PGlite.create()
  try {
    await migrateToLatest(new Kysely<Database>({ dialect: new PGliteDialect(pglite) }))
    const dump = await pglite.dumpDataDir('none')
    // Written under a unique name and renamed: two workers building at once never leave a torn file.
    const partial = `${file}.${process.pid}.${Date.now()}.partial`
    await writeFile(partial, Buffer.from(await dump.arrayBuffer()))
    await rename(partial, file).catch(async () => rm(partial, { force: true }))
    return dump
  } finally {
    await pglite.close()
  }
}
