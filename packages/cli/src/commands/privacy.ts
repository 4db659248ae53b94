import { writeFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import path from 'node:path'
import { deleteActor, exportActor, type ManualStep, openDatabase } from '@suture/store'
import { type Command, type CommandContext, UsageError } from '../command.js'
import { resolveStorageTarget, STORAGE_OPTIONS, STORAGE_USAGE, stringOption } from '../storage-options.js'

function salts(ctx: CommandContext): string[] {
  const value = ctx.values.salt
  if (value === undefined) return []
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string')
}

function requester(ctx: CommandContext): string {
  const by = stringOption(ctx, 'by')
  if (by !== undefined) return by
  try {
    return `cli:${userInfo().username}`
  } catch {
    return 'cli'
  }
}

function manualLine(step: ManualStep): string {
  return step.system === 'linear'
    ? `  Linear ${step.identifier ?? '(not yet created)'} ${step.url ?? ''}: ${step.why}`
    : `  PostHog distinct id ${step.distinctId} (${step.exportedScores} exported scores): ${step.why}`
}

export const privacyCommand: Command = {
  name: 'privacy',
  summary: "Delete or export everything stored about one user (by the app's user id or the SDK's actor hash)",
  usage: [
    `suture privacy delete --actor <id or hash> [--project ID] [--salt S]… [--by NAME] [--json] ${STORAGE_USAGE}`,
    `suture privacy export --actor <id or hash> [--project ID] [--salt S]… [--out FILE] ${STORAGE_USAGE}`,
    "  A raw id is hashed as the SDK hashes it: with each --salt (the SDK's actorSalt) and each app name seen.",
  ],
  options: {
    ...STORAGE_OPTIONS,
    actor: { type: 'string', description: "the user: the app's user id or the SDK's actor hash (required)" },
    project: { type: 'string', description: 'only this project (default every project)' },
    salt: {
      type: 'string',
      multiple: true,
      description: "the SDK's actorSalt, to hash a raw id as the SDK did (repeat for several)",
    },
    by: { type: 'string', description: 'who asked, kept in the record (default cli:<your user>)' },
    out: { type: 'string', description: 'export: write to this file instead of stdout' },
    json: { type: 'boolean', description: 'delete: print the result as JSON' },
  },
  async run(ctx) {
    const [action] = ctx.positionals
    if (action !== 'delete' && action !== 'export')
      throw new UsageError(
        action === undefined ? 'missing action: delete or export' : `unknown action '${action}'`,
      )
    const actor = stringOption(ctx, 'actor')
    if (actor === undefined) throw new UsageError('missing --actor <id or hash>')
    const query = {
      actor,
      projectId: stringOption(ctx, 'project'),
      salts: salts(ctx),
      requestedBy: requester(ctx),
    }
    const database = await openDatabase(resolveStorageTarget(ctx))
    try {
      if (action === 'export') {
        const data = await exportActor(database.db, query)
        const text = `${JSON.stringify(data, null, 2)}\n`
        const out = stringOption(ctx, 'out')
        if (out === undefined) {
          ctx.stdout.write(text)
        } else {
          writeFileSync(path.resolve(ctx.cwd, out), text)
          ctx.stderr.write(
            `Wrote ${data.envelopes.length} envelopes, ${data.sessions.length} sessions, ${data.sessionEvents.length} events, ${data.scores.length} scores to ${out}\n`,
          )
        }
        return 0
      }
      const result = await deleteActor(database.db, query)
      if (ctx.values.json === true) {
        ctx.stdout.write(`${JSON.stringify(result)}\n`)
        return 0
      }
      const counts = Object.entries(result.counts)
      ctx.stdout.write(
        `${[
          counts.length === 0
            ? 'Nothing stored about this actor (already deleted, or another salt: pass --salt).'
            : `Deleted or anonymised: ${counts.map(([t, n]) => `${t} ${n}`).join(', ')}.`,
          `Recorded as privacy request ${result.requestId} (without the actor).`,
          ...(result.manual.length === 0
            ? []
            : ['Outside Suture, do by hand:', ...result.manual.map(manualLine)]),
        ].join('\n')}\n`,
      )
      return 0
    } finally {
      await database.close()
    }
  },
}
