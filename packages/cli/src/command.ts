import type { ParseArgsConfig } from 'node:util'

export type OptionSpec = NonNullable<ParseArgsConfig['options']>

export interface CommandContext {
  /** Parsed `--flags`. */
  readonly values: Record<string, string | boolean | (string | boolean)[] | undefined>
  /** Words after the subcommand name that are not flags. */
  readonly positionals: string[]
  readonly env: NodeJS.ProcessEnv
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
