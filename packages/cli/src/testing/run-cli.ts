import { PassThrough } from 'node:stream'
import { run } from '../run.js'

/** A writable stream that keeps what was written, for reading a command's output in tests. */
export function captureStream(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8')
  })
  return { stream, text: () => text }
}

/** Runs the CLI in-process, as `suture <args>` in `cwd`, and returns its exit code and output. */
export async function runCli(
  args: string[],
  options: {
    cwd: string
    env?: NodeJS.ProcessEnv | undefined
    /** What a person types; a prompt is offered only when it has `isTTY`. */
    stdin?: (NodeJS.ReadableStream & { isTTY?: boolean }) | undefined
  },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = captureStream()
  const stderr = captureStream()
  const code = await run(args, {
    stdout: stdout.stream,
    stderr: stderr.stream,
    cwd: options.cwd,
    ...(options.env ? { env: options.env } : {}),
    ...(options.stdin ? { stdin: options.stdin } : {}),
  })
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}
