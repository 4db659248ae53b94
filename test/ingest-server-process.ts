import { type ChildProcess, spawn } from 'node:child_process'
import path from 'node:path'

export const REPO_ROOT = path.resolve(import.meta.dirname, '..')

export interface ServerProcess {
  readonly url: string
  readonly child: ChildProcess
  readonly output: () => string
  /** Resolves with the exit code (or signal) once the process has exited. */
  readonly exited: Promise<number | NodeJS.Signals | null>
}

/** The command line that runs the `suture` CLI (before its own arguments), and where. */
export interface CliCommand {
  readonly argv: readonly [string, ...string[]]
  readonly cwd: string
}

/** The CLI's source through tsx with the source condition: no build needed. */
export const SOURCE_CLI: CliCommand = {
  argv: [process.execPath, '--import', 'tsx', '--conditions=@suture/source', 'packages/cli/src/main.ts'],
  cwd: REPO_ROOT,
}

/**
 * Starts `suture serve` as a child process (by default from source, see {@link SOURCE_CLI}) on a Postgres
 * URL or a PGlite data directory, and resolves once it listens, with its URL read from the startup log
 * line.
 */
export function startServerProcess(
  storage: string | { readonly dataDir: string },
  timeoutMs = 60_000,
  extraArgs: readonly string[] = [],
  cli: CliCommand = SOURCE_CLI,
): Promise<ServerProcess> {
  const [command, ...cliArgs] = cli.argv
  const child = spawn(
    command,
    [
      ...cliArgs,
      'serve',
      ...(typeof storage === 'string' ? ['--database-url', storage] : ['--data-dir', storage.dataDir]),
      '--port',
      '0',
      '--rate-limit',
      '0',
      ...extraArgs,
    ],
    { cwd: cli.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'info' } },
  )
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8')
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8')
  })
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal ?? code))
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`server did not start within ${timeoutMs} ms:\n${output}`))
    }, timeoutMs)
    const onData = () => {
      const match = /listening on (http:\/\/[^\s"]+)/.exec(output)
      if (!match?.[1]) return
      clearTimeout(timer)
      child.stdout?.off('data', onData)
      resolve({ url: match[1], child, output: () => output, exited })
    }
    child.stdout?.on('data', onData)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`server exited (${String(code)}) before listening:\n${output}`))
    })
  })
}
