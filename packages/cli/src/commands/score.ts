import {
  createPostHogExporter,
  HEURISTIC_SCORER_NAME,
  nightKey,
  runScoreSessionsJob,
  type Scorer,
  sessionFromLine,
} from '@suture/scorer'
import { openDatabase } from '@suture/store'
import { type Command, type CommandContext, UsageError } from '../command.js'
import { loadConfig } from '../config/load.js'
import type { SutureConfig } from '../config/schema.js'
import { resolveStorageTarget, STORAGE_OPTIONS, STORAGE_USAGE, stringOption } from '../storage-options.js'
import { lineWriter, readSessionLines } from './score-io.js'
import { progressBar } from './score-progress.js'
import { parseSince, SCORER_OPTIONS, scorerFromOptions } from './score-scorer.js'

async function scoreFile(
  ctx: CommandContext,
  scorer: Scorer,
  input: string,
  output: string,
): Promise<number> {
  const out = lineWriter(output)
  const bar = progressBar(ctx.stderr, 'scoring')
  let scored = 0
  let failed = 0
  let cost = 0
  try {
    for await (const line of readSessionLines(input)) {
      const result = await scorer.score(sessionFromLine(line))
      cost += result.costUsd
      const base = { session_id: line.session_id }
      if (result.ok) {
        scored++
        await out.write({ ...base, ...result.output, scorer: scorer.name, version: scorer.version })
      } else {
        failed++
        await out.write({ ...base, scorer: scorer.name, version: scorer.version, error: result.reason })
      }
      bar.update(scored + failed, undefined)
    }
  } finally {
    await out.close()
  }
  const costText = scorer.name === HEURISTIC_SCORER_NAME ? '' : `, $${cost.toFixed(4)}`
  bar.finish(`${scored} scored, ${failed} failed${costText} → ${output}`)
  return failed > 0 ? 1 : 0
}

async function scoreStorage(
  ctx: CommandContext,
  config: SutureConfig,
  scorer: Scorer,
  budgetUsd: number | undefined,
): Promise<number> {
  const database = await openDatabase(resolveStorageTarget(ctx))
  const bar = progressBar(ctx.stderr, 'scoring')
  const exporter = config.posthog.projectApiKey
    ? createPostHogExporter({ apiKey: config.posthog.projectApiKey, host: config.posthog.host })
    : undefined
  try {
    const threshold = stringOption(ctx, 'batch-threshold')
    const result = await runScoreSessionsJob(database.db, {
      key: `manual-${new Date().toISOString()}`,
      scorer,
      // Claude's budget is per project and night, shared with the worker and any other run tonight.
      ...(budgetUsd !== undefined
        ? { nightlyBudget: { night: nightKey(new Date(), config.schedule.timeZone), limitUsd: budgetUsd } }
        : {}),
      since: parseSince(stringOption(ctx, 'since')),
      force: ctx.values.force === true,
      projectId: stringOption(ctx, 'project'),
      idleMinutes: config.schedule.sessionIdleMinutes,
      // Runs at once on one Postgres split the sessions instead of scoring (and paying for) them twice.
      claimSessions: database.kind === 'postgres',
      ...(threshold !== undefined ? { batchThreshold: Number(threshold) } : {}),
      exporter,
      onProgress: (done, total) => bar.update(done, total),
      log: (line) => ctx.stderr.write(`${line}\n`),
    })
    if (result.status !== 'succeeded') return 0
    const s = result.summary
    const per1k = Number.isFinite(s.costPer1kSessions)
      ? `, $${s.costPer1kSessions.toFixed(3)} per 1k sessions`
      : ''
    bar.finish(
      `${s.scored} scored, ${s.failed} failed-to-score, ${s.left} left for the next run` +
        (scorer.name === HEURISTIC_SCORER_NAME ? '' : `; cost $${s.costUsd.toFixed(4)}${per1k}`) +
        (exporter ? `; ${result.exported} sent to PostHog` : '') +
        (s.budgetStop ? `\n${s.budgetStop}` : ''),
    )
    if (ctx.values.json === true) ctx.stdout.write(`${JSON.stringify({ runId: result.runId, ...s })}\n`)
    return 0
  } finally {
    await exporter?.shutdown()
    await database.close()
  }
}

export const scoreCommand: Command = {
  name: 'score',
  summary: 'Score sessions (implied NPS 0–10 with intent, success, improvement, department)',
  usage: [
    'suture score --in sessions.jsonl --out scores.jsonl [--scorer heuristic|claude] [--model M] [--budget-usd N]',
    `suture score [--since 2026-03-01|7d] [--scorer heuristic|claude] [--force] [--project ID] [--json] ${STORAGE_USAGE}`,
  ],
  options: {
    ...STORAGE_OPTIONS,
    ...SCORER_OPTIONS,
    in: {
      type: 'string',
      description: 'sessions to score from a file, one JSON object a line (with --out; no database)',
    },
    out: { type: 'string', description: 'with --in: where to write the scores' },
    since: {
      type: 'string',
      description:
        'score sessions ended since a day (2026-03-01) or a span (7d) (default since the last run)',
    },
    force: { type: 'boolean', description: 'score again sessions already scored by this scorer version' },
    project: { type: 'string', description: 'one project id (default every project)' },
    'batch-threshold': {
      type: 'string',
      description: 'claude: sessions from which the Message Batches API is used instead of single calls',
    },
    json: { type: 'boolean', description: 'print the run as JSON' },
  },
  async run(ctx) {
    const config = await loadConfig({ env: ctx.env, cwd: ctx.cwd })
    const input = stringOption(ctx, 'in')
    const output = stringOption(ctx, 'out')
    if ((input === undefined) !== (output === undefined)) {
      throw new UsageError('the file form needs both --in sessions.jsonl and --out scores.jsonl')
    }
    const fileForm = input !== undefined && output !== undefined
    const { scorer, budgetUsd, warnings } = scorerFromOptions(ctx, config, {
      budget: fileForm ? 'per-run' : 'nightly',
    })
    for (const warning of warnings) ctx.stderr.write(`warning: ${warning}\n`)
    if (input !== undefined && output !== undefined) return scoreFile(ctx, scorer, input, output)
    return scoreStorage(ctx, config, scorer, budgetUsd)
  },
}
