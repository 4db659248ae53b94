/**
 * A progress bar on stderr. On a terminal it redraws one line; elsewhere (CI logs, pipes) it prints a
 * line every 10% so logs stay readable.
 */
export function progressBar(
  stream: NodeJS.WritableStream,
  label: string,
): {
  update(done: number, total: number | undefined): void
  finish(summary: string): void
} {
  const tty = (stream as NodeJS.WriteStream).isTTY === true
  let lastDecile = -1
  let lastDraw = 0
  return {
    update(done, total) {
      if (tty) {
        const now = Date.now()
        if (now - lastDraw < 100 && done !== total) return
        lastDraw = now
        if (total === undefined || total === 0) {
          stream.write(`\r${label} ${done}`)
          return
        }
        const width = 30
        const filled = Math.round((done / total) * width)
        const percent = Math.floor((done / total) * 100)
        stream.write(
          `\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}% ${done}/${total}`,
        )
        return
      }
      if (total === undefined || total === 0) return
      const decile = Math.floor((done / total) * 10)
      if (decile > lastDecile) {
        lastDecile = decile
        stream.write(`${label} ${decile * 10}% (${done}/${total})\n`)
      }
    },
    finish(summary) {
      stream.write(`${tty ? '\r\x1b[2K' : ''}${summary}\n`)
    },
  }
}
