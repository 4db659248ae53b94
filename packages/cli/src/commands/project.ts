import { createInterface } from 'node:readline/promises'
import type { ApiKeyKind, ProjectFootprint } from '@suture/store'
import { type Command, type CommandContext, UsageError } from '../command.js'
import { loadConfig } from '../config/load.js'
import { openProjects, type ProjectsAccess } from '../running-server/projects-access.js'
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
 * `suture serve` this command went through, else the configured host and port (config file,
 * `SUTURE_HOST` / `SUTURE_PORT`, default `http://127.0.0.1:8787`).
 */
async function serverUrl(ctx: CommandContext, running: string | undefined): Promise<string> {
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
  if (running !== undefined) return running
  const { server } = await loadConfig({ env: ctx.env, cwd: ctx.cwd })
  // The service is imported where a DSN is printed only: it costs ~1 s of start-up every other subcommand skips.
  const { sentryBaseUrl } = await import('@suture/service')
  return sentryBaseUrl({ SUTURE_HOST: server.host, SUTURE_PORT: String(server.port) })
}

function arg(ctx: CommandContext, index: number, what: string): string {
  const value = ctx.positionals[index]
  if (value === undefined || value === '') throw new UsageError(`missing ${what}`)
  return value
}

/** `envelopes 1,204, sessions 40, api keys 2`: what a project holds, largest first. */
function describeCounts(counts: ProjectFootprint['counts']): string {
  const entries = Object.entries(counts).sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
  if (entries.length === 0) return 'no rows besides the project itself'
  return entries.map(([table, n]) => `${table.replaceAll('_', ' ')} ${n.toLocaleString('en-US')}`).join(', ')
}

/** Types the project's name back, as GitHub asks before deleting a repository. */
async function confirmByName(ctx: CommandContext, name: string): Promise<boolean> {
  const prompt = createInterface({ input: ctx.stdin, output: ctx.stderr, terminal: false })
  try {
    const answer = await prompt.question(`Type the project's name (${name}) to delete it: `)
    return answer.trim() === name.trim()
  } finally {
    prompt.close()
  }
}

function throughServerNote(ctx: CommandContext, access: ProjectsAccess): void {
  if (access.server)
    ctx.stderr.write(
      `(suture serve holds this data dir: done through it at ${access.server.url}, pid ${access.server.pid})\n`,
    )
}

async function createAction(ctx: CommandContext): Promise<number> {
  const name = arg(ctx, 1, '<name>')
  // Checked before any storage is opened, so a bad --server-url costs nothing.
  if (stringOption(ctx, 'server-url') !== undefined) await serverUrl(ctx, undefined)
  const access = await openProjects(resolveStorageTarget(ctx))
  try {
    throughServerNote(ctx, access)
    const allowed = origins(ctx)
    const created = await access.create({
      name,
      origins: allowed,
      allowDuplicate: ctx.values['allow-duplicate'] === true,
    })
    const { formatDsn } = await import('@suture/service')
    const baseUrl = await serverUrl(ctx, access.server?.url)
    const dsn = formatDsn({ baseUrl, ...created })
    // The dashboard's address is spelled here rather than through pm-agent's dashboardLinks: importing the
    // agent (Linear and Anthropic clients) would double this command's start-up for one string.
    const root = baseUrl.replace(/\/+$/, '')
    print(
      ctx,
      { ...created, dsn },
      [
        `Project ${created.projectId} created.`,
        `Public ingest key (safe in the browser): ${created.publicKey}`,
        `Secret admin key (shown once, store it now): ${created.secretKey}`,
        `Sentry DSN (for apps already on @sentry/*): ${dsn}`,
        `Next: in your app, init({ endpoint: '${root}', publicKey: '${created.publicKey}', app: { name: 'web' }, integrations: [sessionEvents()] })`,
        `      from @suture/error-boundary (README: "Wrap your app with the SDK"); its errors show on`,
        `      ${root}/app/issues once suture serve runs there (log in with the secret key).`,
      ].join('\n'),
    )
    if (allowed.length === 0)
      ctx.stderr.write(
        `Warning: no --origin given, so any website may send errors and events with this project's public key.\n` +
          `Restrict it to your app's origins: suture project origins set ${created.projectId} https://your-app.example\n`,
      )
    return 0
  } finally {
    await access.close()
  }
}

async function deleteAction(ctx: CommandContext): Promise<number> {
  const ref = arg(ctx, 1, '<name-or-id>')
  const access = await openProjects(resolveStorageTarget(ctx))
  try {
    throughServerNote(ctx, access)
    const footprint = await access.footprint(ref)
    const what = `project ${footprint.projectId} (${footprint.name})`
    ctx.stderr.write(
      `Deleting ${what} removes it with everything stored for it: ${describeCounts(footprint.counts)}.\n` +
        'Tickets in Linear, scores exported to PostHog and pull requests are outside Suture and stay.\n',
    )
    if (ctx.values.yes !== true) {
      if (ctx.stdin.isTTY !== true)
        throw new UsageError('not deleted: confirm with --yes when not at a terminal (nothing was changed)')
      if (!(await confirmByName(ctx, footprint.name))) {
        ctx.stderr.write('Not deleted: the name did not match.\n')
        return 1
      }
    }
    const removed = await access.delete(footprint.projectId)
    print(ctx, removed, `Deleted ${what}: ${describeCounts(removed.counts)}.`)
    return 0
  } finally {
    await access.close()
  }
}

async function listAction(ctx: CommandContext): Promise<number> {
  const access = await openProjects(resolveStorageTarget(ctx))
  try {
    throughServerNote(ctx, access)
    const projects = await access.list()
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
  } finally {
    await access.close()
  }
}

async function originsAction(ctx: CommandContext): Promise<number> {
  if (ctx.positionals[1] !== 'set') throw new UsageError("origins: use 'origins set <name-or-id> [URL…]'")
  const ref = arg(ctx, 2, '<name-or-id>')
  const access = await openProjects(resolveStorageTarget(ctx))
  try {
    throughServerNote(ctx, access)
    const set = await access.setOrigins(ref, ctx.positionals.slice(3))
    print(ctx, { allowedOrigins: set }, `Allowed origins: ${set.join(', ') || '(any)'}`)
    return 0
  } finally {
    await access.close()
  }
}

async function keysAction(ctx: CommandContext): Promise<number> {
  const sub = ctx.positionals[1]
  if (sub !== 'list' && sub !== 'add' && sub !== 'revoke')
    throw new UsageError("keys: use 'keys list', 'keys add' or 'keys revoke'")
  // Checked before any storage is opened, so a missing argument costs nothing.
  const ref = arg(ctx, 2, sub === 'revoke' ? '<key-id>' : '<name-or-id>')
  const access = await openProjects(resolveStorageTarget(ctx))
  try {
    throughServerNote(ctx, access)
    if (sub === 'list') {
      const keys = await access.listKeys(ref)
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
    } else if (sub === 'add') {
      const kind: ApiKeyKind = ctx.values.secret === true ? 'secret' : 'public'
      const added = await access.addKey(ref, kind, stringOption(ctx, 'label'))
      print(
        ctx,
        added,
        `${kind === 'secret' ? 'Secret key (shown once, store it now)' : 'Public key'} ${added.id}: ${added.token}`,
      )
    } else {
      await access.revokeKey(ref)
      print(ctx, { revoked: ref }, `Key ${ref} revoked (servers stop accepting it within seconds).`)
    }
    return 0
  } finally {
    await access.close()
  }
}

async function goLiveAction(ctx: CommandContext): Promise<number> {
  const ref = arg(ctx, 1, '<name-or-id>')
  // Who decided is part of the record: --by, else the shell's user.
  const by = stringOption(ctx, 'by') ?? ctx.env.USER ?? ''
  if (by.trim() === '') throw new UsageError('go-live: say who decides with --by NAME')
  const access = await openProjects(resolveStorageTarget(ctx))
  try {
    throughServerNote(ctx, access)
    const live = await access.goLive(ref, by)
    print(
      ctx,
      live,
      `Project ${live.projectId} is live since ${live.wentLiveAt} (decided by ${live.wentLiveBy}): the next runs file and comment tickets.`,
    )
    return 0
  } finally {
    await access.close()
  }
}

export const projectCommand: Command = {
  name: 'project',
  summary:
    'Create, list and delete projects, manage their ingest keys and allowed origins, and take a project out of shadow mode',
  usage: [
    `suture project create <name> [--origin URL]… [--allow-duplicate] [--server-url URL] [--json] ${STORAGE_USAGE}`,
    'suture project list [--json]',
    'suture project delete <name-or-id> [--yes] [--json]   (shows what it deletes; asks for the name on a terminal)',
    'suture project keys list <name-or-id> [--json]',
    'suture project keys add <name-or-id> [--secret] [--label TEXT] [--json]',
    'suture project keys revoke <key-id>   (a suture serve it goes through refuses the key at once; other servers within 5 s)',
    'suture project origins set <name-or-id> [URL…]   (none: any origin may send)',
    'suture project go-live <name-or-id> [--by NAME]   (file and comment tickets from now on; default: shadow)',
    "  a name must be one project's (else give the id); all of these also work while suture serve holds the",
    '  embedded database: they go through it.',
  ],
  options: {
    ...STORAGE_OPTIONS,
    origin: {
      type: 'string',
      multiple: true,
      description:
        'create: an origin allowed to send with the public key (repeat for several; none: any origin)',
    },
    'allow-duplicate': {
      type: 'boolean',
      description: 'create: create the project even if one with this name exists',
    },
    yes: { type: 'boolean', description: 'delete: delete without asking (required when not at a terminal)' },
    json: { type: 'boolean', description: 'print the result as one JSON line' },
    secret: {
      type: 'boolean',
      description: 'keys add: add a secret admin key instead of a public ingest key',
    },
    label: { type: 'string', description: 'keys add: a label to tell the key apart in keys list' },
    'server-url': {
      type: 'string',
      description:
        'create: where Sentry SDKs reach the server, for the DSN (default SUTURE_PUBLIC_URL, else the configured host and port)',
    },
    by: { type: 'string', description: 'go-live: who decides (default $USER)' },
  },
  async run(ctx) {
    const [action] = ctx.positionals
    if (action === undefined)
      throw new UsageError('missing action: create, list, delete, keys, origins or go-live')
    if (!['create', 'list', 'delete', 'keys', 'origins', 'go-live'].includes(action))
      throw new UsageError(`unknown action '${action}'`)
    if (action === 'create') return createAction(ctx)
    if (action === 'list') return listAction(ctx)
    if (action === 'delete') return deleteAction(ctx)
    if (action === 'origins') return originsAction(ctx)
    if (action === 'keys') return keysAction(ctx)
    return goLiveAction(ctx)
  },
}
