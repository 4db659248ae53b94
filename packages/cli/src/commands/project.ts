import { GoLiveError, goLive, goLiveOf } from '@suture/pm-agent'
import { formatDsn, sentryBaseUrl } from '@suture/service'
import {
  type ApiKeyKind,
  addKey,
  createProject,
  listKeys,
  listProjects,
  openDatabase,
  revokeKey,
  setAllowedOrigins,
} from '@suture/store'
import { type Command, type CommandContext, UsageError } from '../command.js'
import { loadConfig } from '../config/load.js'
import { resolveStorageTarget, STORAGE_OPTIONS, STORAGE_USAGE, stringOption } from '../storage-options.js'

function origins(ctx: CommandContext): string[] {
  const value = ctx.values.origin
  if (value === undefined) return []
  return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string')
}

function print(ctx: CommandContext, json: unknown, text: string): void {
  ctx.stdout.write(ctx.values.json === true ? `${JSON.stringify(json)}\n` : `${text}\n`)
}

/**
 * Where Sentry SDKs will reach the server, for the DSN: `--server-url`, else `SUTURE_PUBLIC_URL`, else the
 * configured `suture serve` host and port (config file, `SUTURE_HOST` / `SUTURE_PORT`, default
 * `http://127.0.0.1:8787`).
 */
async function serverUrl(ctx: CommandContext): Promise<string> {
  const flag = stringOption(ctx, 'server-url')
  if (flag !== undefined) {
    let url: URL | undefined
    try {
      url = new URL(flag)
    } catch {}
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      throw new UsageError(
        `--server-url must be an http(s) URL such as https://ingest.example.com, got '${flag}'`,
      )
    return flag
  }
  if (ctx.env.SUTURE_PUBLIC_URL) return ctx.env.SUTURE_PUBLIC_URL
  const { server } = await loadConfig({ env: ctx.env, cwd: ctx.cwd })
  return sentryBaseUrl({ SUTURE_HOST: server.host, SUTURE_PORT: String(server.port) })
}

function arg(ctx: CommandContext, index: number, what: string): string {
  const value = ctx.positionals[index]
  if (value === undefined || value === '') throw new UsageError(`missing ${what}`)
  return value
}

export const projectCommand: Command = {
  name: 'project',
  summary:
    'Create projects, manage their ingest keys and allowed origins, and take a project out of shadow mode',
  usage: [
    `suture project create <name> [--origin URL]… [--server-url URL] [--json] ${STORAGE_USAGE}`,
    'suture project list [--json]',
    'suture project keys list <project-id> [--json]',
    'suture project keys add <project-id> [--secret] [--label TEXT] [--json]',
    'suture project keys revoke <key-id>',
    'suture project origins set <project-id> [URL…]   (none: any origin may send)',
    'suture project go-live <project-id> [--by NAME]   (file and comment tickets from now on; default: shadow)',
  ],
  options: {
    ...STORAGE_OPTIONS,
    origin: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    secret: { type: 'boolean' },
    label: { type: 'string' },
    'server-url': { type: 'string' },
    by: { type: 'string' },
  },
  async run(ctx) {
    const [action, sub] = ctx.positionals
    if (action === undefined) throw new UsageError('missing action: create, list, keys, origins or go-live')
    if (!['create', 'list', 'keys', 'origins', 'go-live'].includes(action))
      throw new UsageError(`unknown action '${action}'`)
    // Before opening the database, so a bad --server-url or config costs nothing.
    const baseUrl = action === 'create' ? await serverUrl(ctx) : undefined
    const database = await openDatabase(resolveStorageTarget(ctx))
    try {
      const db = database.db
      if (action === 'create') {
        const created = await createProject(db, { name: arg(ctx, 1, '<name>'), origins: origins(ctx) })
        const dsn = formatDsn({ baseUrl: baseUrl ?? '', ...created })
        print(
          ctx,
          { ...created, dsn },
          [
            `Project ${created.projectId} created.`,
            `Public ingest key (safe in the browser): ${created.publicKey}`,
            `Secret admin key (shown once, store it now): ${created.secretKey}`,
            `Sentry DSN (for apps already on @sentry/*): ${dsn}`,
          ].join('\n'),
        )
        return 0
      }
      if (action === 'list') {
        const projects = await Promise.all(
          (await listProjects(db)).map(async (p) => ({ ...p, live: await goLiveOf(db, p.id) })),
        )
        const mode = (live: { at: Date; by: string } | null) =>
          live ? `live since ${live.at.toISOString()} (${live.by})` : 'shadow mode'
        print(
          ctx,
          projects,
          projects.length === 0
            ? 'No projects yet: suture project create <name>'
            : projects
                .map(
                  (p) =>
                    `${p.id}  ${p.name}  origins: ${p.allowedOrigins.join(', ') || '(any)'}  ${mode(p.live)}`,
                )
                .join('\n'),
        )
        return 0
      }
      if (action === 'go-live') {
        const projectId = arg(ctx, 1, '<project-id>')
        // Who decided is part of the record: --by, else the shell's user.
        const by = stringOption(ctx, 'by') ?? ctx.env.USER ?? ''
        if (by.trim() === '') throw new UsageError('go-live: say who decides with --by NAME')
        try {
          const live = await goLive(db, { projectId, by })
          print(
            ctx,
            { projectId, wentLiveAt: live.at.toISOString(), wentLiveBy: live.by },
            `Project ${projectId} is live since ${live.at.toISOString()} (decided by ${live.by}): the next runs file and comment tickets.`,
          )
          return 0
        } catch (error: unknown) {
          if (error instanceof GoLiveError) throw new UsageError(error.message)
          throw error
        }
      }
      if (action === 'origins') {
        if (sub !== 'set') throw new UsageError("origins: use 'origins set <project-id> [URL…]'")
        const set = await setAllowedOrigins(db, arg(ctx, 2, '<project-id>'), ctx.positionals.slice(3))
        print(ctx, { allowedOrigins: set }, `Allowed origins: ${set.join(', ') || '(any)'}`)
        return 0
      }
      if (sub === 'list') {
        const keys = await listKeys(db, arg(ctx, 2, '<project-id>'))
        print(
          ctx,
          keys,
          keys
            .map(
              (k) =>
                `${k.id}  ${k.kind.padEnd(6)}  ${k.display}${k.label ? `  (${k.label})` : ''}${k.revokedAt ? '  REVOKED' : ''}`,
            )
            .join('\n'),
        )
        return 0
      }
      if (sub === 'add') {
        const kind: ApiKeyKind = ctx.values.secret === true ? 'secret' : 'public'
        const added = await addKey(db, arg(ctx, 2, '<project-id>'), kind, stringOption(ctx, 'label'))
        print(
          ctx,
          added,
          `${kind === 'secret' ? 'Secret key (shown once, store it now)' : 'Public key'} ${added.id}: ${added.token}`,
        )
        return 0
      }
      if (sub === 'revoke') {
        const keyId = arg(ctx, 2, '<key-id>')
        await revokeKey(db, keyId)
        print(ctx, { revoked: keyId }, `Key ${keyId} revoked (servers stop accepting it within seconds).`)
        return 0
      }
      throw new UsageError("keys: use 'keys list', 'keys add' or 'keys revoke'")
    } finally {
      await database.close()
    }
  },
}
