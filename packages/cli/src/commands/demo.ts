import path from 'node:path'
import { type Command, UsageError } from '../command.js'
import { loadConfig } from '../config/load.js'
import { formatSummary } from '../demo/format.js'
import { resolveStorageTarget, STORAGE_OPTIONS, STORAGE_USAGE, stringOption } from '../storage-options.js'
import { progressBar } from './score-progress.js'

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} must be a positive whole number (got '${value}')`)
  return n
}

export const demoCommand: Command = {
  name: 'demo',
  summary:
    'Run the whole loop on this machine: the demo app in Chromium → ingest → scoring → triage → shadow plan → go live → tickets → digest',
  usage: [
    `suture demo [--journeys 200] [--concurrency 4] [--fresh] [--replay] [--json] ${STORAGE_USAGE}`,
    '  --journeys N       user journeys to drive through the demo app (default 200)',
    '  --concurrency N    browser contexts at once (default 4)',
    '  --fresh            start over with a new demo project (the old one is renamed, not deleted)',
    '  --replay           skip Chromium and replay the recorded journeys',
    '  --json             print a machine-readable summary on stdout',
  ],
  options: {
    ...STORAGE_OPTIONS,
    journeys: { type: 'string', description: 'user journeys to drive through the demo app (default 200)' },
    concurrency: { type: 'string', description: 'browser contexts at once (default 4)' },
    fresh: {
      type: 'boolean',
      description: 'start over with a new demo project (the old one is renamed, not deleted)',
    },
    replay: { type: 'boolean', description: 'skip Chromium and replay the recorded journeys' },
    json: { type: 'boolean', description: 'print a machine-readable summary on stdout' },
    'record-fixture': {
      type: 'string',
      description: 'for maintainers: record the journeys driven to this file (what --replay replays)',
    },
  },
  async run(ctx) {
    const config = await loadConfig({ env: ctx.env, cwd: ctx.cwd })
    const journeys = positiveInt(stringOption(ctx, 'journeys'), 'journeys', 200)
    const concurrency = positiveInt(stringOption(ctx, 'concurrency'), 'concurrency', 4)
    const target = resolveStorageTarget(ctx)
    const dataDir = target.kind === 'pglite' ? target.dataDir : path.resolve(ctx.cwd, config.dataDir)
    const record = stringOption(ctx, 'record-fixture')
    // Loaded on use: the demo pulls in Playwright and Vite, which `serve` and `worker` never need.
    const { runDemo } = await import('../demo/run-demo.js')
    const summary = await runDemo({
      target,
      config,
      digestDir: path.join(dataDir, 'digests'),
      journeys,
      concurrency,
      fresh: ctx.values.fresh === true,
      replay: ctx.values.replay === true,
      recordFixture: record ? path.resolve(ctx.cwd, record) : undefined,
      cwd: ctx.cwd,
      env: ctx.env,
      reporter: {
        note: (line) => ctx.stderr.write(`${line}\n`),
        progress: (label) => progressBar(ctx.stderr, label),
      },
    })
    if (ctx.values.json === true) {
      ctx.stdout.write(`${JSON.stringify(summary, null, 2)}\n`)
    } else {
      ctx.stdout.write(formatSummary(summary, target, ctx.cwd))
    }
    return 0
  },
}
