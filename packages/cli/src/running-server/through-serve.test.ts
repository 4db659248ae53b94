import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../testing/run-cli.js'
import { readServerFile, SERVER_FILE, writeServerFile } from './server-file.js'

// The built CLI, as a user runs it: the server and the commands are separate processes.
const MAIN = path.resolve(import.meta.dirname, '../../dist/main.js')
const run = promisify(execFile)

async function suture(
  args: string[],
  dataDir: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [MAIN, ...args, '--data-dir', dataDir], {
      env: { ...process.env, SUTURE_PORT: '' },
    })
    return { code: 0, stdout, stderr }
  } catch (error: unknown) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

describe('project commands while suture serve holds the embedded database', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'suture-through-serve-'))
  const dataDir = path.join(dir, 'data')
  let server: ChildProcess
  let url = ''

  beforeAll(async () => {
    server = spawn(
      process.execPath,
      [MAIN, 'serve', '--port', '0', '--log-format', 'json', '--data-dir', dataDir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, LOG_LEVEL: 'info' },
      },
    )
    let output = ''
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 90_000)
      const read = (chunk: Buffer) => {
        output += chunk.toString('utf8')
        const match = /listening on (http:\/\/[^\s"]+)/.exec(output)
        if (match?.[1]) {
          clearTimeout(timer)
          resolve(match[1])
        }
      }
      server.stdout?.on('data', read)
      server.stderr?.on('data', read)
      server.once('exit', () => reject(new Error(`serve exited:\n${output}`)))
    })
  }, 120_000)
  afterAll(() => {
    if (server.exitCode === null) server.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  })

  it('creates, lists and deletes through the server; other commands say who holds the data dir', async () => {
    const file = await readServerFile(dataDir)
    expect(file?.pid).toBe(server.pid)
    expect(file?.url).toBe(url)
    // Only its owner may read the admin token.
    expect(statSync(path.join(dataDir, SERVER_FILE)).mode & 0o777).toBe(0o600)

    // The admin API answers only this run's token.
    for (const authorization of [undefined, 'Bearer not-the-token', `Bearer ${file?.adminToken}x`]) {
      const refused = await fetch(`${url}/admin/v1/projects`, {
        headers: authorization === undefined ? {} : { authorization },
      })
      expect(refused.status).toBe(401)
      expect(((await refused.json()) as { error: string }).error).toBe('admin_token_required')
    }

    const created = await suture(['project', 'create', 'Shop', '--json'], dataDir)
    expect(created.stderr).toContain(`through it at ${url}`)
    expect(created.stderr).toContain('Warning: no --origin given, so any website may send')
    expect(created.code).toBe(0)
    const { projectId, dsn } = JSON.parse(created.stdout) as { projectId: string; dsn: string }
    // The DSN points at the server that is actually running.
    expect(new URL(dsn).host).toBe(new URL(url).host)

    const listed = await suture(['project', 'list'], dataDir)
    expect(listed.code).toBe(0)
    expect(listed.stdout).toContain(`${projectId}  Shop  origins: (any)  shadow mode`)

    const duplicate = await suture(['project', 'create', 'shop'], dataDir)
    expect(duplicate.code).toBe(1)
    expect(duplicate.stderr).toContain(`A project named 'shop' already exists (${projectId})`)
    expect(duplicate.stderr).toContain('--allow-duplicate')

    const unconfirmed = await suture(['project', 'delete', 'Shop'], dataDir)
    expect(unconfirmed.code).toBe(2)
    expect(unconfirmed.stderr).toContain('api keys 2')
    expect(unconfirmed.stderr).toContain('confirm with --yes')
    const deleted = await suture(['project', 'delete', 'Shop', '--yes'], dataDir)
    expect(deleted.code).toBe(0)
    expect(deleted.stdout).toContain(`Deleted project ${projectId} (Shop): api keys 2.`)
    expect((await suture(['project', 'list'], dataDir)).stdout).toContain('No projects yet')

    const other = await suture(['privacy', 'export', '--actor', 'user-1'], dataDir)
    expect(other.code).toBe(1)
    expect(other.stderr).toContain(`suture serve is running with this data dir (pid ${server.pid}, ${url})`)
    expect(other.stderr).toContain('--database-url')
  }, 180_000)

  it('removes its file when it stops', async () => {
    const exited = new Promise((resolve) => server.once('exit', resolve))
    server.kill('SIGTERM')
    await exited
    expect(await readServerFile(dataDir)).toBeUndefined()
  }, 60_000)
})

describe('a serve file left behind', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'suture-stale-serve-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('names a server that holds the lock but does not answer', async () => {
    const dataDir = path.join(dir, 'hung')
    // A live process that is not this one holds the lock; its file names a port nobody listens on.
    const holder = process.ppid
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(path.join(dataDir, 'suture.lock'), String(holder))
    await writeServerFile(dataDir, { pid: holder, url: 'http://127.0.0.1:9', adminToken: 't', startedAt: '' })
    const result = await runCli(['project', 'list', '--data-dir', dataDir], { cwd: dir })
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `suture serve (pid ${holder}) holds this data dir but does not answer at http://127.0.0.1:9`,
    )
  }, 120_000)

  it('is ignored when its server died: the command opens the database itself', async () => {
    const dataDir = path.join(dir, 'died')
    await runCli(['project', 'create', 'Shop', '--origin', 'https://shop.example', '--data-dir', dataDir], {
      cwd: dir,
    })
    const dead = spawn(process.execPath, ['-e', '0'])
    await new Promise((resolve) => dead.once('exit', resolve))
    writeFileSync(path.join(dataDir, 'suture.lock'), String(dead.pid))
    await writeServerFile(dataDir, {
      pid: dead.pid ?? -1,
      url: 'http://127.0.0.1:9',
      adminToken: 't',
      startedAt: '',
    })
    const result = await runCli(['project', 'list', '--data-dir', dataDir], { cwd: dir })
    expect(result.stderr).toBe('')
    expect(result.stdout).toContain('Shop  origins: https://shop.example')
  }, 120_000)
})
