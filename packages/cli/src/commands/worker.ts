import path from 'node:path'
import { startWorker } from '@suture/service'
import { openDatabase } from '@suture/store'
import { type Command, UsageError } from '../command.js'
import { loadConfig } from '../config/load.js'
import {
  POOL_OPTIONS,
  poolOptionsOf,
  resolveStorageTarget,
  STORAGE_OPTIONS,
  STORAGE_USAGE,
  stringOption,
} from '../storage-options.js'
import { workerJobs } from './worker-jobs.js'

export const workerCommand: Command = {
  name: 'worker',
  summary:
    "Run scheduled jobs with pg-boss until SIGTERM: nightly scoring, the Monday PM run (triage, tickets, validations, digest), per-minute spike checks, the current week's triage so far every 15 minutes (for the dashboard; it files nothing), hourly and post-deploy fix validation with the andon cord, the overnight fixer when fix.repo is set, and the PR state sync when GITHUB_TOKEN is set",
  usage: [`suture worker [--scorer heuristic|claude] [--run-now JOB] ${STORAGE_USAGE}`],
  options: {
    ...STORAGE_OPTIONS,
    ...POOL_OPTIONS,
    scorer: {
      type: 'string',
      description: 'heuristic or claude for the nightly scoring (default heuristic)',
    },
    'run-now': { type: 'string', description: 'run this job once right after starting, e.g. score-sessions' },
  },
  async run(ctx) {
    const config = await loadConfig({ env: ctx.env, cwd: ctx.cwd })
    const scorer = stringOption(ctx, 'scorer') ?? (config.anthropic.apiKey ? 'claude' : 'heuristic')
    if (scorer !== 'heuristic' && scorer !== 'claude') {
      throw new UsageError(`--scorer must be heuristic or claude, not '${scorer}'`)
    }
    if (scorer === 'claude' && !config.anthropic.apiKey) {
      throw new UsageError('--scorer claude needs ANTHROPIC_API_KEY')
    }
    const log = (line: string) => ctx.stderr.write(`${new Date().toISOString()} ${line}\n`)
    // Listen from the start: a SIGTERM during start-up still stops gracefully once the worker is up.
    let unlisten = () => {}
    const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        log(`${signal}: finishing the job in progress, then stopping`)
        unlisten()
        resolve(signal)
      }
      unlisten = () => {
        process.off('SIGTERM', stop)
        process.off('SIGINT', stop)
      }
      process.once('SIGTERM', stop)
      process.once('SIGINT', stop)
    })
    try {
      const database = await openDatabase(resolveStorageTarget(ctx), poolOptionsOf(ctx))
      const digestDir = path.resolve(ctx.cwd, config.dataDir, 'digests')
      const jobs = workerJobs(config, { scorer, digestDir, cwd: ctx.cwd })
      let worker: Awaited<ReturnType<typeof startWorker>>
      try {
        worker = await startWorker({ database, jobs, log })
      } catch (error: unknown) {
        // Close the pool, or its open connections keep a worker that cannot work alive.
        await database.close().catch(() => {})
        throw error
      }
      log(`worker started with ${jobs.map((j) => j.name).join(', ')} (scorer: ${scorer})`)
      const runNow = stringOption(ctx, 'run-now')
      if (runNow) {
        if (!jobs.some((j) => j.name === runNow)) {
          await worker.stop()
          await database.close()
          throw new UsageError(`--run-now must name one of: ${jobs.map((j) => j.name).join(', ')}`)
        }
        await worker.trigger(runNow, { key: `manual-${new Date().toISOString()}` })
      }
      await stopSignal
      await worker.stop()
      await database.close()
      log('stopped')
      return 0
    } finally {
      unlisten()
    }
  },
}
