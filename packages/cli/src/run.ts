import { CommanderError, Option, Command as Program } from 'commander'
import {
  type Command,
  type CommandContext,
  type CommandSpec,
  type OptionSpec,
  UsageError,
} from './command.js'
import { readManifest } from './command-manifest.js'

export interface RunOptions {
  env?: NodeJS.ProcessEnv
  stdin?: NodeJS.ReadableStream & { isTTY?: boolean }
  stdout?: NodeJS.WritableStream
  stderr?: NodeJS.WritableStream
  cwd?: string
  /** The commands to offer (default: every command; tests pass their own). */
  commands?: readonly Command[]
}

const DESCRIPTION = 'suture — a self-healing product loop for web teams'
const STORAGE_HELP = [
  '',
  'Storage: --database-url URL (or DATABASE_URL) for Postgres; otherwise the embedded database in',
  '         --data-dir DIR (or SUTURE_DATA_DIR), default ./.suture',
  "Run 'suture <command> --help' for a command's options. From the repo: pnpm suture <command>.",
].join('\n')

async function allCommands(): Promise<readonly Command[]> {
  return (await import('./commands/index.js')).COMMANDS
}

interface Parsed {
  readonly spec: CommandSpec
  readonly values: CommandContext['values']
  readonly positionals: string[]
}

/** One commander option per `parseArgs`-style spec entry; values come back under the spec's own names. */
function addOptions(sub: Program, options: OptionSpec): Map<string, string> {
  const attributes = new Map<string, string>()
  for (const [name, spec] of Object.entries(options)) {
    const flags = `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.type === 'string' ? ' <value>' : ''}`
    const option = new Option(flags, spec.description)
    if (spec.multiple)
      option.argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    sub.addOption(option)
    attributes.set(name, option.attributeName())
  }
  return attributes
}

/**
 * The parser: commander (generated help for every command, "did you mean" for commands and options),
 * built from the commands' specs, which the built CLI reads from its manifest so that help and argument
 * errors answer without loading any command.
 */
function program(
  specs: readonly CommandSpec[],
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  onParsed: (parsed: Parsed) => void,
): Program {
  const root = new Program('suture')
    .description(DESCRIPTION)
    .usage('<command> [options]')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .addHelpText('after', STORAGE_HELP)
    // The command list shows names; each command's own help shows its forms.
    .configureHelp({ subcommandTerm: (command) => command.name() })
  for (const spec of specs) {
    const sub = root
      .command(spec.name)
      .summary(spec.summary)
      .description(spec.summary)
      .usage('[options]')
      .argument('[words...]')
      .showHelpAfterError(`Run 'suture ${spec.name} --help' for its forms and options.`)
      .addHelpText('after', `\nForms:\n${spec.usage.map((u) => `  ${u}`).join('\n')}\n`)
    const attributes = addOptions(sub, spec.options)
    sub.action((words: string[], _options: unknown, command: Program) => {
      const values: Record<string, string | boolean | (string | boolean)[] | undefined> = {}
      for (const [name, attribute] of attributes) {
        const value = command.getOptionValue(attribute) as string | boolean | string[] | undefined
        if (value !== undefined) values[name] = value
      }
      onParsed({ spec, values, positionals: words })
    })
  }
  return root
}

/**
 * When the embedded database is held by a running `suture serve`, says so and what to do instead of the
 * store's generic "in use by process N". Loaded only on that failure: help stays free of the store.
 */
async function heldBy(error: unknown, command: string): Promise<string | undefined> {
  if (!(error instanceof Error) || error.name !== 'DataDirLockedError') return undefined
  const { dataDir, pid } = error as Error & { dataDir?: unknown; pid?: unknown }
  if (typeof dataDir !== 'string') return undefined
  const { readServerFile } = await import('./running-server/server-file.js')
  const server = await readServerFile(dataDir)
  if (server === undefined || server.pid !== pid) return undefined
  return (
    `suture serve is running with this data dir (pid ${server.pid}, ${server.url}), and the embedded database ` +
    `admits one process. Stop it to run 'suture ${command}' here, or run both against Postgres ` +
    '(--database-url). Project create, list, delete, origins set, keys and go-live go through the running server.'
  )
}

/** Runs the CLI with `argv` (without `node` and the script) and resolves to the exit code. */
export async function run(argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const stdout = options.stdout ?? process.stdout
  const stderr = options.stderr ?? process.stderr
  const specs = options.commands ?? readManifest() ?? (await allCommands())
  let parsed: Parsed | undefined
  const cli = program(specs, { stdout, stderr }, (p) => {
    parsed = p
  })
  if (argv.length === 0) {
    stdout.write(cli.helpInformation())
    stdout.write(`${STORAGE_HELP}\n`)
    return 2
  }
  try {
    await cli.parseAsync([...argv], { from: 'user' })
  } catch (error: unknown) {
    if (error instanceof CommanderError) {
      // Help and version are answers; everything else is a mistake in the call (exit 2, as before).
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2
    }
    throw error
  }
  if (!parsed) return 0
  const { spec, values, positionals } = parsed
  // The command's own module only (see COMMAND_LOADERS): start-up does not pay for every other command.
  const command = options.commands
    ? options.commands.find((c) => c.name === spec.name)
    : await (await import('./commands/loaders.js')).COMMAND_LOADERS[spec.name]?.()
  if (!command) {
    stderr.write(`suture: the command '${spec.name}' is listed but not built; run pnpm build\n`)
    return 1
  }
  const ctx: CommandContext = {
    values,
    positionals,
    env: options.env ?? process.env,
    stdin: options.stdin ?? process.stdin,
    stdout,
    stderr,
    cwd: options.cwd ?? process.cwd(),
  }
  try {
    return await command.run(ctx)
  } catch (error: unknown) {
    if (error instanceof UsageError) {
      stderr.write(
        `suture ${spec.name}: ${error.message}\nRun 'suture ${spec.name} --help' for its forms and options.\n`,
      )
      return 2
    }
    const message = error instanceof Error ? error.message : String(error)
    stderr.write(`suture ${spec.name}: ${(await heldBy(error, spec.name)) ?? message}\n`)
    return 1
  }
}
