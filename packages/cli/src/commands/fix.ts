import path from 'node:path'
import {
  DbOutcomeSink,
  DbReviewNotes,
  type DryRunEntry,
  fanOut,
  JsonlOutcomeLog,
  loadClaudeAgentSdk,
  runFixes,
} from '@suture/fixer'
import { createTracker, FixerTicketSource } from '@suture/pm-agent'
import { openDatabase } from '@suture/store'
import { type Command, UsageError } from '../command.js'
import { fixConfigFrom } from '../config/fix-config.js'
import { loadConfig } from '../config/load.js'
import { linksOf, publicUrlOf } from '../config/public-url.js'
import { resolveStorageTarget, STORAGE_OPTIONS, STORAGE_USAGE, stringOption } from '../storage-options.js'
import { FIX_REPORT_OPTIONS, FIX_REPORT_USAGE, runFixReport } from './fix-report.js'
import { agentRunnerFor } from './fix-runner.js'

/** What `--dry-run` prints for one ticket: what would run, where, under which limits, and the prompt. */
export function formatDryRun(entry: DryRunEntry): string {
  return [
    `── ${entry.ticket} (attempt ${entry.attempt}): ${entry.title}`,
    `   branch ${entry.branch} · worker ${entry.worker} · PORT ${entry.port} · proposal: ${entry.proposal}`,
    `   scope: ${entry.scope.allowed.length > 0 ? entry.scope.allowed.join(', ') : '(no code pointers)'} + test files, ≤ ${entry.scope.maxChangedLines} changed lines`,
    `   agent: ${entry.command}`,
    '   prompt:',
    ...entry.prompt
      .trimEnd()
      .split('\n')
      .map((line) => `   │ ${line}`),
    '',
  ].join('\n')
}

export const fixCommand: Command = {
  name: 'fix',
  summary:
    "Give auto-fixable tickets to a coding agent in a clean checkout and bring back draft PRs; fix report registers an external fixer's PR",
  usage: [
    `suture fix --repo PATH|URL (--ticket ID | --all) [--workers N] [--agent claude-code|command] [--agent-command "claude -p"] [--dry-run] [--project ID] ${STORAGE_USAGE}`,
    '  --ticket       one ticket (id or identifier such as LOCAL-3); --all every fixable ticket, highest priority first',
    '  --dry-run      print, per ticket, the prompt, the scope and the exact agent command; runs nothing',
    '  --agent-command  any agent CLI, the prompt on standard input (with --agent command)',
    '  --agent claude-code (the default) needs npm install @anthropic-ai/claude-agent-sdk (optional, ≈400 MB)',
    '  repo, tests, budgets, scope limit and GitHub come from suture.config.* or SUTURE_FIX_*, GITHUB_TOKEN, …',
    FIX_REPORT_USAGE,
    "  an external fixer's PR for a ticket (counts as an attempt and against its budget; SUTURE_SECRET_KEY picks the project)",
  ],
  options: {
    ...STORAGE_OPTIONS,
    repo: {
      type: 'string',
      description: 'the repository to fix: a local path or a git URL (default fix.repo of the config)',
    },
    base: {
      type: 'string',
      description: 'the branch to start from and open PRs against (default the repository default)',
    },
    ticket: {
      type: 'string',
      multiple: true,
      description: 'a ticket to fix: id or identifier such as LOCAL-3 (repeat for several)',
    },
    all: { type: 'boolean', description: 'every fixable ticket, highest priority first' },
    workers: {
      type: 'string',
      description: 'tickets fixed at once (default fix.workers of the config, else 1)',
    },
    agent: {
      type: 'string',
      description: 'claude-code or command (default fix.agent of the config); report: who made the PR',
    },
    'agent-command': {
      type: 'string',
      description: 'with --agent command: the agent CLI to run, the prompt on standard input',
    },
    'test-command': {
      type: 'string',
      description: 'the command that proves a fix (default fix.testCommand of the config)',
    },
    'dry-run': {
      type: 'boolean',
      description: "print each ticket's prompt, scope and agent command; run nothing",
    },
    project: {
      type: 'string',
      description: "the project whose tickets to fix (default the only one, or SUTURE_SECRET_KEY's)",
    },
    json: { type: 'boolean', description: 'print the results as JSON' },
    ...FIX_REPORT_OPTIONS,
  },
  async run(ctx) {
    if (ctx.positionals[0] === 'report') return runFixReport(ctx)
    if (ctx.positionals.length > 0)
      throw new UsageError(`unknown subcommand '${ctx.positionals[0]}'; the one subcommand is report`)
    const tickets = (Array.isArray(ctx.values.ticket) ? ctx.values.ticket : []).filter(
      (t): t is string => typeof t === 'string',
    )
    const all = ctx.values.all === true
    if (tickets.length === 0 && !all) throw new UsageError('say which tickets: --ticket ID or --all')
    if (tickets.length > 0 && all) throw new UsageError('--ticket and --all do not go together')
    const workersFlag = stringOption(ctx, 'workers')
    const workers = workersFlag === undefined ? undefined : Number(workersFlag)
    if (workers !== undefined && (!Number.isInteger(workers) || workers < 1))
      throw new UsageError(`--workers must be a whole number ≥ 1, not '${workersFlag}'`)
    const config = await loadConfig({ env: ctx.env, cwd: ctx.cwd })
    const agent = stringOption(ctx, 'agent') ?? config.fix.agent
    if (agent !== 'claude-code' && agent !== 'command')
      throw new UsageError(`--agent must be claude-code or command, not '${agent}'`)
    const fixConfig = fixConfigFrom(
      config,
      {
        repo: stringOption(ctx, 'repo'),
        baseBranch: stringOption(ctx, 'base'),
        testCommand: stringOption(ctx, 'test-command'),
        workers,
      },
      ctx.cwd,
    )
    const runner = agentRunnerFor(config, { agent, command: stringOption(ctx, 'agent-command') })
    const dryRun = ctx.values['dry-run'] === true
    // The Agent SDK is optional (≈400 MB): say how to install it before any checkout is made.
    if (agent === 'claude-code' && !dryRun) await loadClaudeAgentSdk()
    const database = await openDatabase(resolveStorageTarget(ctx))
    try {
      const projects = await database.db.selectFrom('projects').select(['id']).orderBy('id').execute()
      const projectId = stringOption(ctx, 'project') ?? (projects.length === 1 ? projects[0]?.id : undefined)
      if (!projectId || !projects.some((p) => p.id === projectId)) {
        throw new UsageError(
          projects.length === 0
            ? 'no projects yet: suture project create <name>'
            : `pass --project (${projects.map((p) => p.id).join(', ')})`,
        )
      }
      const links = linksOf(config)
      const tracker = createTracker(database.db, projectId, {
        linear: config.linear,
        localBaseUrl: publicUrlOf(config),
      })
      const source = new FixerTicketSource({
        db: database.db,
        projectId,
        tracker,
        clusterUrl: (key) => links.issue(key, projectId),
      })
      const result = await runFixes({
        config: fixConfig,
        source,
        runner,
        tickets: all ? undefined : tickets,
        dryRun,
        env: ctx.env,
        outcomes: fanOut(
          new JsonlOutcomeLog(path.join(fixConfig.outputDir, 'outcomes.jsonl')),
          new DbOutcomeSink(database.db, projectId),
        ),
        reviewNotes: new DbReviewNotes(database.db, projectId),
        onProgress: (p) => ctx.stderr.write(`[worker ${p.worker}] ${p.ticket} ${p.stage}: ${p.detail}\n`),
      })
      if (ctx.values.json === true) {
        ctx.stdout.write(`${JSON.stringify(result, null, 2)}\n`)
      } else {
        for (const entry of result.planned) ctx.stdout.write(formatDryRun(entry))
        for (const run of result.runs) {
          ctx.stdout.write(
            `${run.ticket_identifier}: ${run.outcome} — ${run.detail} ($${run.cost_usd.toFixed(2)})\n`,
          )
        }
        for (const skip of result.skipped) {
          ctx.stdout.write(`${skip.ticket.identifier}: not dispatched — ${skip.detail}\n`)
        }
        if (result.planned.length === 0 && result.runs.length === 0) ctx.stdout.write('No fixable tickets.\n')
      }
      return result.runs.some((r) => r.outcome === 'error') ? 1 : 0
    } finally {
      await database.close()
    }
  },
}
