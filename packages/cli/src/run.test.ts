import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { manifestOf } from './command-manifest.js'
import { COMMANDS } from './commands/index.js'
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

describe('suture CLI parsing and errors', () => {
  it('suggests the command and the option that were meant', async () => {
    const err = capture()
    expect(await run(['servve'], { stderr: err.stream })).toBe(2)
    expect(err.text()).toContain('(Did you mean serve?)')
    const err2 = capture()
    expect(await run(['serve', '--prot', '9000'], { stderr: err2.stream })).toBe(2)
    expect(err2.text()).toContain('(Did you mean --port?)')
    expect(err2.text()).toContain("Run 'suture serve --help'")
  })

  it('generates help for every command, with its forms and a described option each', async () => {
    const out = capture()
    expect(await run(['serve', '--help'], { stdout: out.stream })).toBe(0)
    expect(out.text()).toContain('Usage: suture serve [options]')
    expect(out.text()).toMatch(/--port <value> +port to listen on \(default SUTURE_PORT/)
    expect(out.text()).toMatch(/--data-dir <value> +directory of the embedded database/)
    expect(out.text()).toContain('Forms:\n  suture serve [--port N]')
    // Every option of every command: its help line carries its own description.
    for (const spec of manifestOf(COMMANDS)) {
      const help = capture()
      expect(await run([spec.name, '--help'], { stdout: help.stream })).toBe(0)
      for (const [name, option] of Object.entries(spec.options)) {
        expect(option.description.trim(), `${spec.name} --${name}`).not.toBe('')
        const flag = new RegExp(`^ +(-\\w, )?--${name}( <value>)? `)
        const line = help
          .text()
          .split('\n')
          .find((l) => flag.test(l))
        expect(line, `${spec.name} --${name}`).toContain(option.description.split(' ').slice(0, 3).join(' '))
      }
    }
  })

  it('names the variable a bad value came from, and the flag when it came from one', async () => {
    const err = capture()
    const env = { SUTURE_PORT: 'abc', SUTURE_DATA_DIR: '/nonexistent-never-opened' }
    expect(await run(['serve'], { stderr: err.stream, env })).toBe(2)
    expect(err.text()).toContain("SUTURE_PORT must be a whole number, got 'abc'")
    const err2 = capture()
    expect(await run(['serve', '--port', 'x1'], { stderr: err2.stream, env: {} })).toBe(2)
    expect(err2.text()).toContain("--port must be a whole number, got 'x1'")
  })

  it('refuses a Postgres pool size that is not a whole number ≥ 1, naming where it came from', async () => {
    const env = { SUTURE_DB_POOL_SIZE: '0', SUTURE_DATA_DIR: '/nonexistent-never-opened' }
    const err = capture()
    expect(await run(['serve'], { stderr: err.stream, env })).toBe(2)
    expect(err.text()).toContain("SUTURE_DB_POOL_SIZE must be a whole number ≥ 1, got '0'")
    const err2 = capture()
    expect(await run(['worker', '--db-pool-size', 'ten'], { stderr: err2.stream, env })).toBe(2)
    expect(err2.text()).toContain("--db-pool-size must be a whole number ≥ 1, got 'ten'")
  })

  it('refuses a DATABASE_URL that is not a Postgres URL, naming it and not echoing its password', async () => {
    const err = capture()
    const env = { DATABASE_URL: 'mysql://root:hunter2@localhost/db' }
    expect(await run(['migrate'], { stderr: err.stream, env })).toBe(2)
    expect(err.text()).toContain('DATABASE_URL must be a Postgres URL')
    expect(err.text()).not.toContain('hunter2')
  })
})

describe('suture serve on a taken port', () => {
  it('says the port is in use and how to pick another, and exits 1', async () => {
    const { createServer } = await import('node:net')
    const { mkdtemp, rm } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const path = await import('node:path')
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    const port = (blocker.address() as { port: number }).port
    const dir = await mkdtemp(path.join(tmpdir(), 'suture-port-'))
    try {
      const err = capture()
      const code = await run(['serve', '--port', String(port), '--data-dir', dir, '--log-format', 'json'], {
        stderr: err.stream,
        stdout: capture().stream,
        env: {},
      })
      expect(code).toBe(1)
      expect(err.text()).toContain(`port ${port} on 127.0.0.1 is in use: pass --port`)
    } finally {
      blocker.close()
      await rm(dir, { recursive: true, force: true })
    }
  }, 120_000)
})
