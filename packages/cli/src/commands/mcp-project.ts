import { listProjects, resolveKey, type SutureDatabase } from '@suture/store'
import { type CommandContext, UsageError } from '../command.js'
import { stringOption } from '../storage-options.js'

/**
 * The one project `suture mcp` / `suture fix report` act on: the project of the secret key in
 * `SUTURE_SECRET_KEY` when set (it must agree with `--project`), else `--project`, else the only project.
 */
export async function projectForFixer(ctx: CommandContext, database: SutureDatabase): Promise<string> {
  const given = stringOption(ctx, 'project')
  const token = ctx.env.SUTURE_SECRET_KEY
  if (token) {
    const key = await resolveKey(database.db, token)
    if (key?.kind !== 'secret')
      throw new UsageError('SUTURE_SECRET_KEY is not a live secret key (sut_sec_…) of this database')
    if (given && given !== key.projectId)
      throw new UsageError(`SUTURE_SECRET_KEY belongs to ${key.projectId}, not --project ${given}`)
    return key.projectId
  }
  const projects = await listProjects(database.db)
  if (given) {
    if (!projects.some((p) => p.id === given))
      throw new UsageError(`no project '${given}'; see suture project list`)
    return given
  }
  if (projects.length === 1) return (projects[0] as { id: string }).id
  if (projects.length === 0) throw new UsageError('no projects yet: suture project create <name>')
  throw new UsageError(
    `several projects: pass --project or set SUTURE_SECRET_KEY (${projects.map((p) => p.id).join(', ')})`,
  )
}
