import { FixTicketNotFoundError, parseFixReport, reportFix } from '@suture/service'
import { openDatabase } from '@suture/store'
import { type CommandContext, UsageError } from '../command.js'
import { resolveStorageTarget, STORAGE_USAGE, stringOption } from '../storage-options.js'
import { projectForFixer } from './mcp-project.js'

export const FIX_REPORT_USAGE = `suture fix report --ticket ID --pr URL [--cost USD] [--state open|merged|closed] [--agent NAME] [--summary TEXT] [--reasoning TEXT] [--project ID] [--json] ${STORAGE_USAGE}`

/** Options `fix report` adds to `suture fix` (`--ticket`, `--agent`, `--project`, `--json` it shares). */
export const FIX_REPORT_OPTIONS = {
  pr: { type: 'string', description: 'report: the pull request URL (required)' },
  cost: { type: 'string', description: 'report: what the fix cost, in US dollars' },
  state: { type: 'string', description: 'report: open, merged or closed (default open)' },
  summary: { type: 'string', description: 'report: what the PR changes, in a line' },
  reasoning: { type: 'string', description: 'report: why the agent thinks it fixes the ticket' },
} as const

const FLAG = {
  ticket: '--ticket',
  pr: '--pr',
  costUsd: '--cost',
  state: '--state',
  agent: '--agent',
  summary: '--summary',
  reasoning: '--reasoning',
} as const

/** `suture fix report`: an external fixer's pull request, through the same `reportFix` as `POST /v1/fixes`. */
export async function runFixReport(ctx: CommandContext): Promise<number> {
  const tickets = [ctx.values.ticket].flat().filter((t): t is string => typeof t === 'string')
  if (tickets.length > 1) throw new UsageError('--ticket: report one ticket at a time')
  const cost = stringOption(ctx, 'cost')
  if (cost !== undefined && !/^\d+(\.\d+)?$/.test(cost))
    throw new UsageError(`--cost: expected dollars like 1.84, got '${cost}'`)
  const input: Record<string, unknown> = {
    ticket: tickets[0],
    pr: stringOption(ctx, 'pr'),
    costUsd: cost === undefined ? undefined : Number(cost),
    state: stringOption(ctx, 'state'),
    agent: stringOption(ctx, 'agent'),
    summary: stringOption(ctx, 'summary'),
    reasoning: stringOption(ctx, 'reasoning'),
  }
  for (const k of Object.keys(input)) if (input[k] === undefined) delete input[k]
  const parsed = parseFixReport(input)
  if (!parsed.ok) {
    const issue = parsed.issues[0]
    const flag = FLAG[issue?.path as keyof typeof FLAG] ?? issue?.path ?? 'input'
    throw new UsageError(`${flag}: ${issue?.message ?? 'invalid'}`)
  }
  const database = await openDatabase(resolveStorageTarget(ctx))
  try {
    const projectId = await projectForFixer(ctx, database)
    const stored = await reportFix(database.db, projectId, parsed.value)
    if (ctx.values.json === true) ctx.stdout.write(`${JSON.stringify(stored)}\n`)
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
}
