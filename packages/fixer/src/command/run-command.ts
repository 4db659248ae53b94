import { spawn } from 'node:child_process'

export interface CommandResult {
  readonly command: string
  /** Null when it was killed (timeout, abort). */
  readonly exitCode: number | null
  readonly killed: boolean
  /** The last bytes of stdout and stderr interleaved, for evidence in comments and PR bodies. */
  readonly outputTail: string
  readonly durationMs: number
}

export interface RunCommandOptions {
  readonly cwd: string
  readonly env: Readonly<Record<string, string>>
  readonly timeoutMs: number
  readonly signal?: AbortSignal | undefined
  /** Bytes of output kept (the tail). */
  readonly tailBytes?: number
}

/** Kills a whole process group: a test command's children (a dev server, a watcher) die with it. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

/**
 * Runs a shell command in its own process group with exactly `env`, keeping the tail of its output.
 * Never throws for a failing command: the exit code is the evidence.
 */
export function runCommand(command: string, options: RunCommandOptions): Promise<CommandResult> {
  const started = Date.now()
  const limit = options.tailBytes ?? 4_000
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], {
      cwd: options.cwd,
      env: { ...options.env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let tail = ''
    const keep = (chunk: Buffer) => {
      tail += chunk.toString('utf8')
      if (tail.length > limit * 2) tail = tail.slice(-limit)
    }
    child.stdout.on('data', keep)
    child.stderr.on('data', keep)
    let killed = false
    const kill = () => {
      killed = true
      killGroup(child.pid)
    }
    const timer = setTimeout(kill, options.timeoutMs)
    options.signal?.addEventListener('abort', kill, { once: true })
    const finish = (exitCode: number | null, extra = '') => {
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', kill)
      // The shell may have exited while its children still run: take them down too.
      killGroup(child.pid)
      resolve({
        command,
        exitCode: killed ? null : exitCode,
        killed,
        outputTail: (tail + extra).slice(-limit),
        durationMs: Date.now() - started,
      })
    }
    child.on('error', (error) => finish(127, `\n${error.message}`))
    child.on('close', (code) => finish(code))
  })
}

/** POSIX single-quoting, so a path with spaces or quotes survives a shell command template. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`
}
