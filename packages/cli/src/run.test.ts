import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { run } from './run.js'

function capture() {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8')
  })
  return { stream, text: () => text }
}

describe('suture CLI', () => {
  it('lists the subcommands with --help', async () => {
    const out = capture()
    const code = await run(['--help'], { stdout: out.stream })
    expect(code).toBe(0)
    expect(out.text()).toContain('Usage: suture <command>')
  })

  it('rejects an unknown command with exit code 2', async () => {
    const err = capture()
    const code = await run(['frobnicate'], { stderr: err.stream })
    expect(code).toBe(2)
    expect(err.text()).toContain("unknown command 'frobnicate'")
  })
})
