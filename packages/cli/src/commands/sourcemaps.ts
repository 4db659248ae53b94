import { rmSync, statSync } from 'node:fs'
import path from 'node:path'
import { type Command, type CommandContext, UsageError } from '../command.js'
import { collectSourceMaps } from '../sourcemaps/collect-source-maps.js'
import { uploadSourceMaps } from '../sourcemaps/upload-source-maps.js'
import { stringOption } from '../storage-options.js'

const USAGE =
  'suture sourcemaps upload --release R [--url-prefix ~/assets] [--endpoint URL] [--key SECRET] [--delete] [--json] DIR'

async function upload(ctx: CommandContext): Promise<number> {
  const dir = ctx.positionals[1]
  if (dir === undefined) throw new UsageError('DIR: name the build directory, e.g. dist/')
  const root = path.resolve(ctx.cwd, dir)
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory())
    throw new UsageError(`DIR: ${root} is not a directory`)
  const release = stringOption(ctx, 'release') ?? ctx.env.SUTURE_RELEASE
  if (release === undefined)
    throw new UsageError('--release: required (the release your SDK reports, e.g. 1.4.2)')
  const secretKey = stringOption(ctx, 'key') ?? ctx.env.SUTURE_SECRET_KEY
  if (secretKey === undefined)
    throw new UsageError('--key: required (a project secret key, or SUTURE_SECRET_KEY)')
  const endpoint = stringOption(ctx, 'endpoint') ?? ctx.env.SUTURE_ENDPOINT ?? 'http://127.0.0.1:8787'
  const { maps, orphans } = collectSourceMaps(root, stringOption(ctx, 'url-prefix') ?? '~/')
  for (const orphan of orphans) ctx.stderr.write(`skipped ${orphan}: its bundle file is not beside it\n`)
  if (maps.length === 0) {
    ctx.stderr.write(
      `No .js.map files under ${root}; build with source maps on (Vite: build.sourcemap: true).\n`,
    )
    return 1
  }
  const outcomes = await uploadSourceMaps(maps, { endpoint, secretKey, release })
  const failed = outcomes.filter((o) => !o.ok)
  if (ctx.values.delete === true && failed.length === 0) for (const map of maps) rmSync(map.mapPath)
  if (ctx.values.json === true) ctx.stdout.write(`${JSON.stringify({ release, outcomes })}\n`)
  else {
    for (const o of outcomes)
      ctx.stdout.write(
        o.ok
          ? `${o.status.padEnd(9)} ${o.url}${o.resymbolicated ? ` (${o.resymbolicated} stored errors re-symbolicated)` : ''}\n`
          : `failed    ${o.url}: ${o.message ?? o.status}\n`,
      )
    ctx.stdout.write(
      `${outcomes.length - failed.length} of ${outcomes.length} source maps stored for release ${release}\n`,
    )
  }
  return failed.length === 0 ? 0 : 1
}

export const sourcemapsCommand: Command = {
  name: 'sourcemaps',
  summary: "Upload a build's source maps so production stacks point at the original source",
  usage: [USAGE],
  options: {
    release: {
      type: 'string',
      description: 'the release the maps belong to, as the SDK reports it (required)',
    },
    'url-prefix': { type: 'string', description: 'where the files are served, e.g. ~/assets (default ~/)' },
    endpoint: {
      type: 'string',
      description: 'the Suture server (default SUTURE_ENDPOINT, else http://127.0.0.1:8787)',
    },
    key: { type: 'string', description: "the project's secret key (default SUTURE_SECRET_KEY)" },
    delete: { type: 'boolean', description: 'delete each .js.map from DIR once uploaded' },
    json: { type: 'boolean', description: 'print the outcome of each map as JSON' },
  },
  async run(ctx) {
    if (ctx.positionals[0] !== 'upload') throw new UsageError(`expected 'upload'; ${USAGE}`)
    return upload(ctx)
  },
}
