import type { Hash } from 'node:crypto'
import { MIGRATIONS } from '../migrations/index.js'

/**
 * Feeds every migration's name and code into `hash`: a template database built from one set of migrations
 * is never taken for another (a changed or added migration gets a template of its own).
 */
export function hashMigrations(hash: Hash): Hash {
  for (const [name, migration] of Object.entries(MIGRATIONS)) {
    hash
      .update(name)
      .update(migration.up.toString())
      .update(migration.down?.toString() ?? '')
  }
  return hash
}
