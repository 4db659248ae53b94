import { clearQuarantine, HumanControlError, listQuarantine } from '@suture/pm-agent'
import { openDatabase } from '@suture/store'
import { type Command, UsageError } from '../command.js'
import { resolveStorageTarget, STORAGE_OPTIONS, STORAGE_USAGE, stringOption } from '../storage-options.js'
import { decidedBy, print, requiredOption } from './human-controls-io.js'

export const quarantineCommand: Command = {
  name: 'quarantine',
  summary:
    'List the routes the andon cord took away from auto-fixing, and clear one after investigating (who and when are recorded)',
  usage: [
    `suture quarantine list [--project P] [--all] [--json] ${STORAGE_USAGE}`,
    'suture quarantine clear --project P --route R [--by NAME] [--json]   (default --by: SUTURE_USER or USER)',
  ],
  options: {
    ...STORAGE_OPTIONS,
    project: { type: 'string', description: 'the project id (list: default every project; clear: required)' },
    route: { type: 'string', description: 'clear: the route template to release, e.g. /checkout (required)' },
    by: { type: 'string', description: 'clear: who clears it (default SUTURE_USER, then USER)' },
    all: { type: 'boolean', description: 'list: also show cleared quarantines' },
    json: { type: 'boolean', description: 'print as JSON' },
  },
  async run(ctx) {
    const [action] = ctx.positionals
    if (action !== 'list' && action !== 'clear')
      throw new UsageError(
        action === undefined ? 'missing action: list or clear' : `unknown action '${action}'`,
      )
    // Checked before the database opens, so a mistake costs nothing.
    const clear =
      action === 'clear'
        ? {
            projectId: requiredOption(ctx, 'project', 'quarantine clear'),
            route: requiredOption(ctx, 'route', 'quarantine clear'),
            by: decidedBy(ctx, 'quarantine clear'),
          }
        : undefined
    const database = await openDatabase(resolveStorageTarget(ctx))
    try {
      if (clear) {
        let cleared: boolean
        try {
          cleared = await clearQuarantine(database.db, clear)
        } catch (error: unknown) {
          if (error instanceof HumanControlError) throw new UsageError(error.message)
          throw error
        }
        if (!cleared) {
          ctx.stderr.write(
            `Route ${clear.route} is not quarantined in project ${clear.projectId}; see suture quarantine list --project ${clear.projectId}.\n`,
          )
          return 1
        }
        print(
          ctx,
          { ...clear, cleared: true },
          `Route ${clear.route} in project ${clear.projectId} may be auto-fixed again (cleared by ${clear.by}).`,
        )
        return 0
      }
      const entries = await listQuarantine(database.db, {
        projectId: stringOption(ctx, 'project'),
        includeCleared: ctx.values.all === true,
      })
      print(
        ctx,
        entries,
        entries.length === 0
          ? 'No route is quarantined.'
          : entries
              .map(
                (q) =>
                  `${q.projectId}  ${q.route}  since ${q.createdAt.toISOString()} (release ${q.release}, cluster ${q.clusterKey}): ${q.reason}` +
                  (q.clearedAt ? `  — cleared ${q.clearedAt.toISOString()} by ${q.clearedBy ?? '?'}` : ''),
              )
              .join('\n'),
      )
      return 0
    } finally {
      await database.close()
    }
  },
}
