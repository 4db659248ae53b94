import { createTracker, HumanControlError, resetLineage } from '@suture/pm-agent'
import { openDatabase } from '@suture/store'
import { type Command, UsageError } from '../command.js'
import { loadConfig } from '../config/load.js'
import { resolveStorageTarget, STORAGE_OPTIONS, STORAGE_USAGE } from '../storage-options.js'
import { decidedBy, print, requiredOption } from './human-controls-io.js'

export const lineageCommand: Command = {
  name: 'lineage',
  summary:
    "Reset a ticket lineage's attempt counters, cost and escalation after investigating, so the fixer may try again (who and when are recorded)",
  usage: [
    `suture lineage reset --project P --ticket T [--by NAME] [--json] ${STORAGE_USAGE}   (T: ticket id, LOCAL-3 / SUT-42, or cluster key)`,
  ],
  options: {
    ...STORAGE_OPTIONS,
    project: { type: 'string', description: 'the project id (required)' },
    ticket: {
      type: 'string',
      description: 'ticket id, identifier (LOCAL-3, SUT-42) or cluster key (required)',
    },
    by: { type: 'string', description: 'who resets it (default SUTURE_USER, then USER)' },
    json: { type: 'boolean', description: 'print the result as JSON' },
  },
  async run(ctx) {
    const [action] = ctx.positionals
    if (action !== 'reset')
      throw new UsageError(action === undefined ? 'missing action: reset' : `unknown action '${action}'`)
    const projectId = requiredOption(ctx, 'project', 'lineage reset')
    const ticket = requiredOption(ctx, 'ticket', 'lineage reset')
    const by = decidedBy(ctx, 'lineage reset')
    const config = await loadConfig({ env: ctx.env, cwd: ctx.cwd })
    const database = await openDatabase(resolveStorageTarget(ctx))
    try {
      const tracker = createTracker(database.db, projectId, { linear: config.linear })
      let reset: Awaited<ReturnType<typeof resetLineage>>
      try {
        reset = await resetLineage(database.db, { projectId, ticket, by, tracker })
      } catch (error: unknown) {
        if (error instanceof HumanControlError) throw new UsageError(error.message)
        throw error
      }
      print(
        ctx,
        { projectId, ...reset, at: reset.at.toISOString() },
        [
          `Lineage of ${reset.identifier ?? reset.clusterKey} reset by ${reset.by} at ${reset.at.toISOString()}`,
          `(was: ${reset.previous.iterations} attempt(s), $${reset.previous.costUsd.toFixed(2)}, ${reset.previous.escalated ? 'escalated' : 'not escalated'}).`,
          reset.escalatedLabel === 'left'
            ? 'Remove the suture:escalated label in the tracker, and add auto-fixable if the fixer should take it again.'
            : 'Add the auto-fixable label in the tracker if the fixer should take it again.',
        ].join(' '),
      )
      return 0
    } finally {
      await database.close()
    }
  },
}
