import { type CommandResult, runCommand } from '../command/run-command.js'

export interface GreenVerdict {
  readonly ok: boolean
  readonly result: CommandResult
  readonly detail: string
}

/** The repository's own test command, on the result: the proposal must leave the suite green. */
export async function checkGreen(options: {
  readonly dir: string
  readonly testCommand: string
  readonly env: Readonly<Record<string, string>>
  readonly timeoutMs: number
  readonly signal?: AbortSignal | undefined
}): Promise<GreenVerdict> {
  const result = await runCommand(options.testCommand, {
    cwd: options.dir,
    env: options.env,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
  })
  const ok = result.exitCode === 0
  return {
    ok,
    result,
    detail: ok
      ? `\`${options.testCommand}\` passed`
      : `\`${options.testCommand}\` ${result.killed ? 'timed out or was stopped' : `exited with ${result.exitCode}`}`,
  }
}
