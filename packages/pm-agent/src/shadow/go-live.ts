import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'

/** Who took a project out of shadow mode, and when. */
export interface GoLive {
  readonly at: Date
  readonly by: string
}

export class GoLiveError extends Error {
  readonly projectId: string
  constructor(projectId: string, reason: string) {
    super(`Cannot take project '${projectId}' live: ${reason}.`)
    this.name = 'GoLiveError'
    this.projectId = projectId
  }
}

/** When the project went live, or null while it is in shadow mode (the default for every project). */
export async function goLiveOf(db: Kysely<Database>, projectId: string): Promise<GoLive | null> {
  const row = await db
    .selectFrom('project_go_live')
    .select(['went_live_at', 'went_live_by'])
    .where('project_id', '=', projectId)
    .executeTakeFirst()
  return row ? { at: new Date(row.went_live_at), by: row.went_live_by } : null
}

/** Shadow mode holds until a person takes the project live: nothing is filed or commented before. */
export async function isShadow(db: Kysely<Database>, projectId: string): Promise<boolean> {
  return (await goLiveOf(db, projectId)) === null
}

/**
 * Takes a project out of shadow mode: from the next run on, tickets are filed and commented on.
 * Going live twice keeps the first decision (who and when).
 *
 * @example
 * await goLive(db, { projectId, by: 'ana@example.com' })
 */
export async function goLive(
  db: Kysely<Database>,
  options: { readonly projectId: string; readonly by: string; readonly now?: Date },
): Promise<GoLive> {
  const by = options.by.trim()
  if (by.length === 0) throw new GoLiveError(options.projectId, 'say who decides (a name or email)')
  const project = await db
    .selectFrom('projects')
    .select('id')
    .where('id', '=', options.projectId)
    .executeTakeFirst()
  if (!project) throw new GoLiveError(options.projectId, 'no such project; see suture project list')
  await db
    .insertInto('project_go_live')
    .values({ project_id: options.projectId, went_live_by: by, went_live_at: options.now ?? new Date() })
    .onConflict((oc) => oc.column('project_id').doNothing())
    .execute()
  const live = await goLiveOf(db, options.projectId)
  if (!live) throw new GoLiveError(options.projectId, 'the decision was not stored; run it again')
  return live
}
