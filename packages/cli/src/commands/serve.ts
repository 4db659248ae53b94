import { runValidationTick, validationConfigFrom } from '@suture/pm-agent'
import { createLogger, DEFAULT_MAX_IN_FLIGHT, sentryIngestRoutes, startServer } from '@suture/service'
import { openDatabase } from '@suture/store'
import { type Command, type CommandContext, UsageError } from '../command.js'
import { fixConfigFrom } from '../config/fix-config.js'
import { loadConfig } from '../config/load.js'
import {
  loopbackUrl,
  newAdminToken,
  removeServerFile,
  writeServerFile,
} from '../running-server/server-file.js'
import {
  POOL_OPTIONS,
  poolOptionsOf,
  resolveStorageTarget,
  STORAGE_OPTIONS,
  STORAGE_USAGE,
  stringOption,
} from '../storage-options.js'
import { pmAgentSettingsFrom, pullMergerFor, revertProposerFor } from './worker-jobs.js'

/** A whole-number flag, else its variable; a bad value is named by where it came from (`SUTURE_PORT=abc`). */
function intOption(ctx: CommandContext, name: string, variable: string, def: number): number {
  const flag = stringOption(ctx, name)
  const raw = flag ?? ctx.env[variable]
  if (raw === undefined || raw === '') return def
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) {
    const source = flag !== undefined ? `--${name}` : variable
    throw new UsageError(`${source} must be a whole number, got '${raw}'`)
  }
  return value
}

function logFormat(ctx: CommandContext): 'json' | 'pretty' {
  const raw = stringOption(ctx, 'log-format') ?? ctx.env.SUTURE_LOG_FORMAT
  if (raw === undefined) return (ctx.stdout as NodeJS.WriteStream).isTTY === true ? 'pretty' : 'json'
  if (raw === 'json' || raw === 'pretty') return raw
  const source = stringOption(ctx, 'log-format') !== undefined ? '--log-format' : 'SUTURE_LOG_FORMAT'
  throw new UsageError(`${source} must be json or pretty, got '${raw}'`)
}

function storageLabel(target: ReturnType<typeof resolveStorageTarget>): string {
  if (target.kind === 'postgres') return 'Postgres'
  return target.kind === 'pglite' ? `embedded database in ${target.dataDir}` : 'in-memory database'
}

function addressInUse(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE'
}

export const serveCommand: Command = {
  name: 'serve',
  summary:
    'Run the ingest server (envelopes, session events, deploys, fix reports, Sentry envelopes), /metrics, the dashboard at /app and the MCP server at /mcp until SIGTERM',
  usage: [
    `suture serve [--port N] [--host H] [--rate-limit N] [--max-in-flight N] [--log-format json|pretty] ${STORAGE_USAGE}`,
  ],
  options: {
    ...STORAGE_OPTIONS,
    ...POOL_OPTIONS,
    port: {
      type: 'string',
      description: 'port to listen on (default SUTURE_PORT, else 8787; 0: any free port)',
    },
    host: { type: 'string', description: 'address to listen on (default SUTURE_HOST, else 127.0.0.1)' },
    'rate-limit': {
      type: 'string',
      description: 'items per second per key (default SUTURE_RATE_LIMIT, else 500; 0: off)',
    },
    'max-in-flight': {
      type: 'string',
      description: 'requests handled at once before answering 503 (default SUTURE_MAX_IN_FLIGHT, else 64)',
    },
    'log-format': {
      type: 'string',
      description: 'json or pretty (default SUTURE_LOG_FORMAT, else pretty on a terminal, JSON otherwise)',
    },
  },
  async run(ctx) {
    const port = intOption(ctx, 'port', 'SUTURE_PORT', 8787)
    const host = stringOption(ctx, 'host') ?? ctx.env.SUTURE_HOST ?? '127.0.0.1'
    const perSecond = intOption(ctx, 'rate-limit', 'SUTURE_RATE_LIMIT', 500)
    const maxInFlight = intOption(ctx, 'max-in-flight', 'SUTURE_MAX_IN_FLIGHT', DEFAULT_MAX_IN_FLIGHT)
    const format = logFormat(ctx)
    const logger = createLogger(ctx.env.LOG_LEVEL ?? 'info', ctx.stdout, { format })
    const target = resolveStorageTarget(ctx)
    const config = await loadConfig({ env: ctx.env, cwd: ctx.cwd })
    // The same validation the worker runs, started as soon as a deploy marker arrives.
    const validation = validationConfigFrom({
      ...pmAgentSettingsFrom(config, { cwd: ctx.cwd }),
      revertProposer: revertProposerFor(config.fix.repo ? fixConfigFrom(config, {}, ctx.cwd) : undefined),
    })
    const database = await openDatabase(target, poolOptionsOf(ctx))
    // Other suture processes cannot open the embedded database while this one holds it; project commands
    // reach this server's admin API instead, with this token (see running-server/server-file.ts).
    const adminToken = newAdminToken()
    let server: Awaited<ReturnType<typeof startServer>>
    try {
      server = await startServer({
        database,
        port,
        host,
        logger,
        rateLimit: perSecond === 0 ? false : { perSecond, burst: perSecond * 10 },
        maxInFlight,
        metricsToken: ctx.env.SUTURE_METRICS_TOKEN,
        routes: [sentryIngestRoutes()],
        githubWebhook: { secret: ctx.env.SUTURE_GITHUB_WEBHOOK_SECRET || undefined },
        onDeploys: (projectId) => runValidationTick(database.db, validation, new Date(), [projectId]),
        publicUrl: config.server.publicUrl,
        mergePullRequest: pullMergerFor(config, ctx.cwd),
        adminToken,
      })
    } catch (error: unknown) {
      await database.close()
      if (addressInUse(error)) {
        throw new Error(`port ${port} on ${host} is in use: pass --port (or SUTURE_PORT) with a free one`)
      }
      throw error
    }
    if (target.kind === 'pglite')
      await writeServerFile(target.dataDir, {
        pid: process.pid,
        url: loopbackUrl(host, server.port),
        adminToken,
        startedAt: new Date().toISOString(),
      })
    logger.info({ url: server.url, storage: target.kind }, `suture ingest listening on ${server.url}`)
    // One line for the person who started it (stderr, so stdout stays the machine-readable log).
    ctx.stderr.write(
      `Suture is listening on ${server.url} (${storageLabel(target)}).\n` +
        `Dashboard: ${server.url}/app — sign in with a project's secret key (suture project create NAME prints one).\n`,
    )
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
    if (target.kind === 'pglite') await removeServerFile(target.dataDir, adminToken)
    logger.info('stopped')
    return 0
  },
}
