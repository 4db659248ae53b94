/**
 * A command's flags, by long name (`parseArgs`-style), each with the line `suture <command> --help` shows.
 * The description is required so that no option reaches the generated help unexplained; the build copies
 * these specs into `dist/commands.json`, so help never loads the command.
 */
export type OptionSpec = Readonly<
  Record<
    string,
    {
      readonly type: 'string' | 'boolean'
      readonly multiple?: boolean
      readonly short?: string
      /** One line for `--help`: what it does, its default; `create: …` when only one action reads it. */
      readonly description: string
    }
  >
>

export interface CommandContext {
  /** Parsed `--flags`. */
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>
  /** Words after the subcommand name that are not flags. */
  readonly positionals: string[]
  readonly env: NodeJS.ProcessEnv
  /** Where answers to a prompt come from; a prompt is offered only when it is a terminal (`isTTY`). */
  readonly stdin: NodeJS.ReadableStream & { isTTY?: boolean }
  readonly stdout: NodeJS.WritableStream
  readonly stderr: NodeJS.WritableStream
  readonly cwd: string
}

export interface Command {
  readonly name: string
  readonly summary: string
  /** One line per form, e.g. `suture fingerprint --in stacks.jsonl --out out.jsonl`. */
  readonly usage: readonly string[]
  readonly options: OptionSpec
  /** Resolves to the process exit code. */
  run(ctx: CommandContext): Promise<number>
}

/** What the CLI needs to parse and explain a command without loading it (see `command-manifest.ts`). */
export type CommandSpec = Pick<Command, 'name' | 'summary' | 'usage' | 'options'>

/** A mistake in how the command was called; printed with the command's usage, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}
