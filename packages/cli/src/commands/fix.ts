import { FixTicketNotFoundError, parseFixReport, reportFix } from '@suture/service'
import { openDatabase } from '@suture/store'
import { type Command, UsageError } from '../command.js'
import { resolveStorageTarget, STORAGE_OPTIONS, STORAGE_USAGE, stringOption } from '../storage-options.js'
import { projectForFixer } from './mcp-project.js'

export const fixCommand: Command = {
  name: 'fix',
  summary: "Report an external fixer's pull request for a ticket (counts as an attempt)",
  usage: [
    `suture fix report --ticket ID --pr URL [--cost USD] [--state open|merged|closed] [--agent NAME] [--project ID] [--json] ${STORAGE_USAGE}`,
  ],
  options: {
    ...STORAGE_OPTIONS,
    project: { type: 'string' },
    ticket: { type: 'string' },
    pr: { type: 'string' },
    cost: { type: 'string' },
    state: { type: 'string' },
    agent: { type: 'string' },
    json: { type: 'boolean' },
  },
  async run(ctx) {
    const [sub] = ctx.positionals
    if (sub !== 'report') throw new UsageError(`unknown subcommand '${sub ?? ''}'; try suture fix report`)
    const cost = stringOption(ctx, 'cost')
    if (cost !== undefined && !/^\d+(\.\d+)?$/.test(cost))
      throw new UsageError(`--cost: expected dollars like 1.84, got '${cost}'`)
    const input: Record<string, unknown> = {
      ticket: stringOption(ctx, 'ticket'),
      pr: stringOption(ctx, 'pr'),
      costUsd: cost === undefined ? undefined : Number(cost),
      state: stringOption(ctx, 'state'),
      agent: stringOption(ctx, 'agent'),
    }
    for (const k of Object.keys(input)) if (input[k] === undefined) delete input[k]
    const parsed = parseFixReport(input)
    if (!parsed.ok) {
      const flag = { ticket: '--ticket', pr: '--pr', costUsd: '--cost', state: '--state', agent: '--agent' }
      const issue = parsed.issues[0]
      throw new UsageError(
        `${flag[issue?.path as keyof typeof flag] ?? issue?.path ?? 'input'}: ${issue?.message ?? 'invalid'}`,
      )
    }
    const database = await openDatabase(resolveStorageTarget(ctx))
    try {
      const projectId = await projectForFixer(ctx, database)
      const stored = await reportFix(database.db, projectId, parsed.value)
      if (ctx.values.json) ctx.stdout.write(`${JSON.stringify(stored)}\n`)
      else
        ctx.stdout.write(
          `${stored.status === 'duplicate' ? 'Already recorded' : 'Recorded'}: ${parsed.value.pr} (${parsed.value.state}) for ${stored.identifier}, attempt ${stored.attempt} (${stored.runId})\n`,
        )
      return 0
    } catch (error: unknown) {
      if (error instanceof FixTicketNotFoundError) throw new UsageError(`--ticket: ${error.message}`)
      throw error
    } finally {
      await database.close()
    }
  },
}
