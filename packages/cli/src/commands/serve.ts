import { runValidationTick, validationConfigFrom } from '@suture/pm-agent'
import { createLogger, DEFAULT_MAX_IN_FLIGHT, sentryIngestRoutes, startServer } from '@suture/service'
import { openDatabase } from '@suture/store'
import { type Command, type CommandContext, UsageError } from '../command.js'
import { fixConfigFrom } from '../config/fix-config.js'
import { loadConfig } from '../config/load.js'
import { resolveStorageTarget, STORAGE_OPTIONS, STORAGE_USAGE, stringOption } from '../storage-options.js'
import { pmAgentSettingsFrom, revertProposerFor } from './worker-jobs.js'

function intOption(ctx: CommandContext, name: string, fallback: string | undefined, def: number): number {
  const raw = stringOption(ctx, name) ?? fallback
  if (raw === undefined || raw === '') return def
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0)
    throw new UsageError(`--${name} must be a whole number, got '${raw}'`)
  return value
}

export const serveCommand: Command = {
  name: 'serve',
  summary:
    'Run the ingest server (envelopes, session events, deploys, fix reports, Sentry envelopes), /metrics, the dashboard at /app and the MCP server at /mcp until SIGTERM',
  usage: [`suture serve [--port N] [--host H] [--rate-limit N] [--max-in-flight N] ${STORAGE_USAGE}`],
  options: {
    ...STORAGE_OPTIONS,
    port: { type: 'string' },
    host: { type: 'string' },
    'rate-limit': { type: 'string' },
    'max-in-flight': { type: 'string' },
  },
  async run(ctx) {
    const port = intOption(ctx, 'port', ctx.env.SUTURE_PORT, 8787)
    const host = stringOption(ctx, 'host') ?? ctx.env.SUTURE_HOST ?? '127.0.0.1'
    const perSecond = intOption(ctx, 'rate-limit', ctx.env.SUTURE_RATE_LIMIT, 500)
    const maxInFlight = intOption(ctx, 'max-in-flight', ctx.env.SUTURE_MAX_IN_FLIGHT, DEFAULT_MAX_IN_FLIGHT)
    const logger = createLogger(ctx.env.LOG_LEVEL ?? 'info', ctx.stdout)
    const target = resolveStorageTarget(ctx)
    const config = await loadConfig({ env: ctx.env, cwd: ctx.cwd })
    // The same validation the worker runs, started as soon as a deploy marker arrives.
    const validation = validationConfigFrom({
      ...pmAgentSettingsFrom(config, { cwd: ctx.cwd }),
      revertProposer: revertProposerFor(config.fix.repo ? fixConfigFrom(config, {}, ctx.cwd) : undefined),
    })
    const database = await openDatabase(target)
    const server = await startServer({
      database,
      port,
      host,
      logger,
      rateLimit: perSecond === 0 ? false : { perSecond, burst: perSecond * 10 },
      maxInFlight,
      metricsToken: ctx.env.SUTURE_METRICS_TOKEN,
      routes: [sentryIngestRoutes()],
      onDeploys: (projectId) => runValidationTick(database.db, validation, new Date(), [projectId]),
    })
    logger.info({ url: server.url, storage: target.kind }, `suture ingest listening on ${server.url}`)
    await new Promise<void>((resolve) => {
      const stop = (signal: NodeJS.Signals) => {
        logger.info({ signal }, 'shutting down: finishing in-flight requests')
        process.off('SIGTERM', stop)
        process.off('SIGINT', stop)
        server.close().then(resolve, (error: unknown) => {
          logger.error({ err: error }, 'error while shutting down')
          resolve()
        })
      }
      process.once('SIGTERM', stop)
      process.once('SIGINT', stop)
    })
    logger.info('stopped')
    return 0
  },
}
