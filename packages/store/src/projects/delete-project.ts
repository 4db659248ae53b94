import { type Kysely, sql } from 'kysely'
import { catalogColumns, catalogForeignKeys, projectScopedTables } from '../database/catalog.js'
import type { Database } from '../tables/database.js'
import { ProjectNameAmbiguousError, ProjectNotFoundError } from './errors.js'

/** What deleting a project removes: rows per table, tables with none left out. */
export interface ProjectFootprint {
  readonly projectId: string
  readonly name: string
  /** Rows per table (`envelopes`, `sessions`, `scores`, `clusters`, `local_tickets`, `api_keys`, …). */
  readonly counts: Readonly<Record<string, number>>
}

/**
 * The project an id or a name means: an id wins; a name (ignoring case and outer spaces) must be unique,
 * else {@link ProjectNameAmbiguousError} lists the ids to choose from.
 */
export async function findProject(
  db: Kysely<Database>,
  idOrName: string,
): Promise<{ id: string; name: string }> {
  const byId = await db
    .selectFrom('projects')
    .select(['id', 'name'])
    .where('id', '=', idOrName)
    .executeTakeFirst()
  if (byId) return byId
  const byName = await db
    .selectFrom('projects')
    .select(['id', 'name'])
    .where(sql`lower(trim(name))`, '=', idOrName.trim().toLowerCase())
    .orderBy('created_at')
    .execute()
  const [only, ...others] = byName
  if (only === undefined) throw new ProjectNotFoundError(idOrName, true)
  if (others.length > 0)
    throw new ProjectNameAmbiguousError(
      idOrName,
      byName.map((p) => p.id),
    )
  return only
}

// Rows per table, from the catalog: every table with a project_id column, and the tables that hang off one
// of those by a foreign key without carrying the project themselves (a local ticket's comments).
async function countRows(db: Kysely<Database>, projectId: string): Promise<Record<string, number>> {
  const columns = await catalogColumns(db)
  const scoped = projectScopedTables(columns)
  const scopedSet = new Set(scoped)
  const counts: Record<string, number> = {}
  const note = (table: string, n: number) => {
    if (n > 0) counts[table] = (counts[table] ?? 0) + n
  }
  for (const table of scoped) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(table)} where project_id = ${projectId}
    `.execute(db)
    note(table, rows[0]?.n ?? 0)
  }
  for (const fk of await catalogForeignKeys(db)) {
    if (scopedSet.has(fk.table) || !scopedSet.has(fk.parentTable)) continue
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(fk.table)} where ${sql.ref(fk.column)} in (
        select ${sql.ref(fk.parentColumn)} from ${sql.table(fk.parentTable)} where project_id = ${projectId})
    `.execute(db)
    note(fk.table, rows[0]?.n ?? 0)
  }
  const batches = await db
    .selectFrom('claude_batches')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(namesProject(projectId))
    .executeTakeFirst()
  note('claude_batches', Number(batches?.n ?? 0))
  return counts
}

/**
 * Claude scoring batches list `[project_id, session_id]` pairs in a JSON column shared by projects, so no
 * `project_id` column finds them: this condition does.
 */
const namesProject = (projectId: string) =>
  sql<boolean>`sessions @> jsonb_build_array(jsonb_build_array(${projectId}::text))`

/**
 * What {@link deleteProject} would remove, without removing it.
 * @example
 * const { counts } = await projectFootprint(db, 'Shop') // { envelopes: 1200, sessions: 40, api_keys: 2, … }
 */
export async function projectFootprint(db: Kysely<Database>, idOrName: string): Promise<ProjectFootprint> {
  const project = await findProject(db, idOrName)
  return { projectId: project.id, name: project.name, counts: await countRows(db, project.id) }
}

/**
 * Deletes a project and every row of it, in one transaction: the project row (its foreign keys cascade),
 * then whatever still carries its id in any table the catalog lists (tables without a foreign key, such as
 * privacy requests), so nothing is left half-deleted if it fails. Resolves to what was removed; Claude scoring
 * batches shared with other projects lose the project's sessions from their lists. Outside
 * Suture's database (Linear tickets, PostHog exports, draft PRs) nothing is touched.
 * @example
 * const removed = await deleteProject(db, 'prj_…')
 */
export async function deleteProject(db: Kysely<Database>, idOrName: string): Promise<ProjectFootprint> {
  return db.transaction().execute(async (trx) => {
    const project = await findProject(trx, idOrName)
    const counts = await countRows(trx, project.id)
    await trx.deleteFrom('projects').where('id', '=', project.id).execute()
    for (const table of projectScopedTables(await catalogColumns(trx)))
      await sql`delete from ${sql.table(table)} where project_id = ${project.id}`.execute(trx)
    // The project's sessions leave the batches' lists; a batch still being collected keeps its row (its
    // other projects' results still come in; results for sessions no longer listed are dropped).
    await sql`
      update claude_batches set sessions = coalesce(
        (select jsonb_agg(e order by n) from jsonb_array_elements(sessions) with ordinality as t(e, n)
          where e->>0 <> ${project.id}),
        '[]'::jsonb)
      where ${namesProject(project.id)}
    `.execute(trx)
    return { projectId: project.id, name: project.name, counts }
  })
}
