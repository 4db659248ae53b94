import { run } from './run.js'

// A reader that stops early (`suture --help | head`, a pager quit) closes the pipe: the output was not
// wanted any more, which is no crash, so end quietly instead of printing an unhandled EPIPE stack.
for (const stream of [process.stdout, process.stderr])
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    process.exit(process.exitCode ?? 0)
  })

process.exitCode = await run(process.argv.slice(2))
