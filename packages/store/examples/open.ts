/**
 * Open the embedded database (or Postgres with DATABASE_URL), run the migrations, create a project and
 * list what is stored.
 *
 * Run it: pnpm tsx --conditions=@suture/source packages/store/examples/open.ts
 */
import { createProject, listProjects, MIGRATIONS, openDatabase } from '@suture/store'

const database = await openDatabase(
  process.env.DATABASE_URL ? { kind: 'postgres', url: process.env.DATABASE_URL } : { kind: 'pglite-memory' },
)
try {
  await createProject(database.db, { name: 'example' })
  console.log('migrations:', Object.keys(MIGRATIONS).join(', '))
  console.log('projects:', await listProjects(database.db))
} finally {
  await database.close()
}
