import { migrateToLatest, openDatabase } from '@suture/store'
import type { Command } from '../command.js'
import { resolveStorageTarget, STORAGE_OPTIONS, STORAGE_USAGE } from '../storage-options.js'

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Bring the database schema up to date (serve does this on start too)',
  usage: [`suture migrate ${STORAGE_USAGE}`],
  options: { ...STORAGE_OPTIONS },
  async run(ctx) {
    const database = await openDatabase(resolveStorageTarget(ctx), { migrate: false })
    try {
      const applied = await migrateToLatest(database.db)
      ctx.stdout.write(
        applied.length === 0
          ? 'Schema is up to date.\n'
          : `Applied ${applied.length}: ${applied.join(', ')}\n`,
      )
      return 0
    } finally {
      await database.close()
    }
  },
}
