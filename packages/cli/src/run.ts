import { parseArgs } from 'node:util'
import { type Command, type CommandContext, UsageError } from './command.js'
import { COMMANDS } from './commands/index.js'

export interface RunOptions {
  env?: NodeJS.ProcessEnv
  stdout?: NodeJS.WritableStream
  stderr?: NodeJS.WritableStream
  cwd?: string
  commands?: readonly Command[]
}

function helpText(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 8)
  const lines = [
    'suture — a self-healing product loop for web teams',
    '',
    'Usage: suture <command> [options]      (from the repo: pnpm suture <command>)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Storage: --database-url URL (or DATABASE_URL) for Postgres; otherwise the embedded database in',
    '         --data-dir DIR (or SUTURE_DATA_DIR), default ./.suture',
    "Run 'suture <command> --help' for a command's options.",
  ]
  return `${lines.join('\n')}\n`
}

function commandHelp(command: Command): string {
  return `${command.summary}\n\nUsage:\n${command.usage.map((u) => `  ${u}`).join('\n')}\n`
}

/** Runs the CLI with `argv` (without `node` and the script) and resolves to the exit code. */
export async function run(argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const commands = options.commands ?? COMMANDS
  const stdout = options.stdout ?? process.stdout
  const stderr = options.stderr ?? process.stderr
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    stdout.write(helpText(commands))
    return name === undefined ? 2 : 0
  }
  const command = commands.find((c) => c.name === name)
  if (!command) {
    stderr.write(`suture: unknown command '${name}'.\n\n${helpText(commands)}`)
    return 2
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    stdout.write(commandHelp(command))
    return 0
  }
  let ctx: CommandContext
  try {
    const parsed = parseArgs({
      args: [...rest],
      options: command.options,
      allowPositionals: true,
      strict: true,
    })
    ctx = {
      values: parsed.values,
      positionals: parsed.positionals,
      env: options.env ?? process.env,
      stdout,
      stderr,
      cwd: options.cwd ?? process.cwd(),
    }
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : String(error)
    stderr.write(`suture ${name}: ${message}\n\n${commandHelp(command)}`)
    return 2
  }
  try {
    return await command.run(ctx)
  } catch (error: unknown) {
    if (error instanceof UsageError) {
      stderr.write(`suture ${name}: ${error.message}\n\n${commandHelp(command)}`)
      return 2
    }
    const message = error instanceof Error ? error.message : String(error)
    stderr.write(`suture ${name}: ${message}\n`)
    return 1
  }
}
