import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

// The built entry, as `suture` runs it (the test command builds before the tests).
const MAIN = path.resolve(import.meta.dirname, '../dist/main.js')

describe.skipIf(!existsSync(MAIN))('the suture process', () => {
  it('ends quietly when its reader closes the pipe (`suture --help | head`)', async () => {
    const child = spawn(process.execPath, [MAIN, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] })
    // Closed before the first write: every write then fails with EPIPE, as after `head` has exited.
    child.stdout.destroy()
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(stderr).not.toContain('EPIPE')
    expect(code).toBe(0)
  }, 60_000)
})
