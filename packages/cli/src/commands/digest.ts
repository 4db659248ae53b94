import path from 'node:path'
import { listOpenProposals, loopNumbers } from '@suture/fixer'
import { isoWeekOf, lastCompleteWeek, produceDigest, weekRange } from '@suture/pm-agent'
import { openDatabase } from '@suture/store'
import { type Command, UsageError } from '../command.js'
import { resolveStorageTarget, STORAGE_OPTIONS, STORAGE_USAGE, stringOption } from '../storage-options.js'

export const digestCommand: Command = {
  name: 'digest',
  summary:
    "Write a week's digest (Markdown + HTML) from what is stored: signals, tickets, validations, andon pulls, NPS; it files no tickets and validates nothing (the worker's weekly run does)",
  usage: [
    `suture digest [--week 2026-W48] [--project ID] [--out-dir DIR (writes DIR/<project>/<week>.md)] [--format md|html|none] [--json] ${STORAGE_USAGE}`,
  ],
  options: {
    ...STORAGE_OPTIONS,
    week: { type: 'string', description: 'ISO week, e.g. 2026-W48 (default the last complete week)' },
    project: { type: 'string', description: 'one project id (default every project)' },
    'out-dir': { type: 'string', description: 'write DIR/<project>/<week>.md (and .html) there' },
    format: { type: 'string', description: 'what to print on stdout: md, html or none (default md)' },
    json: { type: 'boolean', description: 'print a JSON summary instead' },
  },
  async run(ctx) {
    const week = stringOption(ctx, 'week') ?? lastCompleteWeek(new Date())
    try {
      weekRange(week)
    } catch (error: unknown) {
      throw new UsageError(`--week: ${error instanceof Error ? error.message : String(error)}`)
    }
    const format = stringOption(ctx, 'format') ?? 'md'
    if (!['md', 'html', 'none'].includes(format))
      throw new UsageError(`--format must be md, html or none, not '${format}'`)
    const database = await openDatabase(resolveStorageTarget(ctx))
    try {
      const projects = await database.db.selectFrom('projects').select(['id', 'name']).orderBy('id').execute()
      const wanted = stringOption(ctx, 'project')
      const project = wanted
        ? projects.find((p) => p.id === wanted)
        : projects.length === 1
          ? projects[0]
          : undefined
      if (!project) {
        if (projects.length === 0)
          throw new UsageError('no projects yet: create one with suture project create <name>')
        const list = projects.map((p) => `${p.id} (${p.name})`).join(', ')
        throw new UsageError(
          wanted
            ? `--project: no project '${wanted}'. Projects: ${list}`
            : `--project is needed when there are ${projects.length} projects: ${list}`,
        )
      }
      // One folder per project, as the worker's weekly job writes them: projects never overwrite each other.
      const outDir = path.resolve(
        ctx.cwd,
        stringOption(ctx, 'out-dir') ?? path.join('.suture', 'digests'),
        project.id,
      )
      const db = database.db
      // A digest the weekly run stored for this week knew that week's triage; keep its shadow flag.
      const stored = await db
        .selectFrom('digests')
        .select('shadow')
        .where('project_id', '=', project.id)
        .where('week', '=', week)
        .executeTakeFirst()
      const digest = await produceDigest({
        db,
        projectId: project.id,
        week,
        shadow: stored?.shadow ?? false,
        review: { openProposals: listOpenProposals, loopNumbers },
        outDir,
      })
      if (ctx.values.json === true) ctx.stdout.write(`${JSON.stringify(digest.data, null, 2)}\n`)
      else if (format === 'md') ctx.stdout.write(digest.markdown)
      else if (format === 'html') ctx.stdout.write(digest.html)
      ctx.stderr.write(
        `digest ${week} (${isoWeekOf(new Date()) === week ? 'week in progress' : 'complete week'}) written to ` +
          `${digest.files?.markdown} and ${digest.files?.html}\n`,
      )
      return 0
    } finally {
      await database.close()
    }
  },
}
