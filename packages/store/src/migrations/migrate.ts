import { type Kysely, type MigrationResult, Migrator } from 'kysely'
import { MigrationError } from '../database/errors.js'
import type { Database } from '../tables/database.js'
import { MIGRATIONS } from './index.js'

/**
 * Brings the schema to the newest migration. Safe to run from several processes at once: kysely's
 * Migrator holds a Postgres advisory lock while it works. Resolves to the names of the migrations it ran.
 * @example
 * const applied = await migrateToLatest(database.db)
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'suture_migrations',
    migrationLockTableName: 'suture_migrations_lock',
    // Migrations are written in parallel (0004 may land before 0003); each stands alone.
    allowUnorderedMigrations: true,
  })
  const { error, results } = await migrator.migrateToLatest()
  if (error !== undefined) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error')
    throw new MigrationError(failed?.migrationName, error)
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
