import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { errorEnvelopeFromStack, realStacks } from '@suture/store/testing'
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

/**
 * The same command run in this process: the server stays a separate process, so the command still finds
 * the data dir held by another process and goes through its admin API. Each spawn costs a Node start and,
 * on the database itself, a module load; the spawned `suture` above keeps proving the binary in both modes.
 */
async function sutureInProcess(
  args: string[],
  dataDir: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runCli([...args, '--data-dir', dataDir], {
    cwd: path.dirname(dataDir),
    env: { ...process.env, SUTURE_PORT: '' },
  })
}

describe('project commands while suture serve holds the embedded database', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'suture-through-serve-'))
  const dataDir = path.join(dir, 'data')
  let server: ChildProcess
  let url = ''
  // Everything serve prints: a secret key made through it must never be in it.
  let output = ''
  // What the key and go-live commands answered through the server, to compare with the database itself after
  // it stops.
  const comparedCalls: string[][] = []
  const throughServe: { code: number; stdout: string; stderr: string }[] = []

  beforeAll(async () => {
    server = spawn(
      process.execPath,
      [MAIN, 'serve', '--port', '0', '--log-format', 'json', '--data-dir', dataDir],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        // Debug: every request is logged, so the check that no secret key is logged has lines to look at.
        env: { ...process.env, LOG_LEVEL: 'debug' },
      },
    )
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

  it('lists, adds and revokes keys through the server; a secret key is shown once and never logged', async () => {
    const note = `(suture serve holds this data dir: done through it at ${url}, pid ${server.pid})\n`
    const created = await suture(
      ['project', 'create', 'Keys', '--origin', 'https://keys.example', '--json'],
      dataDir,
    )
    expect(created.code).toBe(0)
    const { projectId } = JSON.parse(created.stdout) as { projectId: string }

    // A newcomer who lost the dashboard's secret key makes a new one while serve runs.
    const secret = await sutureInProcess(
      ['project', 'keys', 'add', projectId, '--secret', '--label', 'laptop'],
      dataDir,
    )
    expect(secret.stderr).toBe(note)
    expect(secret.code).toBe(0)
    const made = /^Secret key \(shown once, store it now\) (key_\S+): (sut_sec_\S+)\n$/.exec(secret.stdout)
    expect(made, secret.stdout).not.toBeNull()
    const [, secretId = '', secretToken = ''] = made ?? []
    // It logs in to this server's dashboard at once.
    const form = await fetch(`${url}/app/login`)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? ''
    const cookie = form.headers
      .getSetCookie()
      .map((line) => line.split(';')[0])
      .join('; ')
    const login = await fetch(`${url}/app/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ key: secretToken, _csrf: csrf }),
      redirect: 'manual',
    })
    expect(login.status).toBe(303)
    expect(login.headers.getSetCookie().some((line) => line.startsWith('suture_dash='))).toBe(true)

    const pub = await sutureInProcess(['project', 'keys', 'add', projectId, '--json'], dataDir)
    expect(pub.code).toBe(0)
    const added = JSON.parse(pub.stdout) as { id: string; kind: string; token: string }
    expect(added).toMatchObject({ kind: 'public', token: expect.stringMatching(/^sut_pub_/) })

    const revoked = await sutureInProcess(['project', 'keys', 'revoke', secretId], dataDir)
    expect(revoked).toEqual({
      code: 0,
      stdout: `Key ${secretId} revoked (servers stop accepting it within seconds).\n`,
      stderr: note,
    })
    // Revoking again changes nothing and says the same.
    expect(await sutureInProcess(['project', 'keys', 'revoke', secretId], dataDir)).toEqual(revoked)

    const listed = await sutureInProcess(['project', 'keys', 'list', projectId], dataDir)
    expect(listed.code).toBe(0)
    expect(listed.stdout).toContain(
      `${secretId}  secret  sut_sec_…${secretToken.slice(-4)}  (laptop)  REVOKED\n`,
    )
    expect(listed.stdout).toContain(`${added.id}  public  ${added.token}\n`)
    expect(listed.stdout.split('\n').filter(Boolean)).toHaveLength(4)
    expect(listed.stdout).not.toContain(secretToken)

    // Mistakes get the store's own messages, as on the database itself.
    const unknownProject = await sutureInProcess(['project', 'keys', 'add', 'prj_nope', '--secret'], dataDir)
    expect(unknownProject.code).toBe(1)
    expect(unknownProject.stderr).toContain("suture project: No project with id or name 'prj_nope'.")
    const unknownKey = await sutureInProcess(['project', 'keys', 'revoke', 'key_nope'], dataDir)
    expect(unknownKey.code).toBe(1)
    expect(unknownKey.stderr).toContain("suture project: No key with id 'key_nope'.")
    const missing = await sutureInProcess(['project', 'keys', 'revoke'], dataDir)
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('missing <key-id>')

    for (const args of [
      ['project', 'keys', 'list', projectId],
      ['project', 'keys', 'list', projectId, '--json'],
      ['project', 'keys', 'list', 'prj_nope'],
      ['project', 'keys', 'revoke', secretId],
      ['project', 'keys', 'revoke', 'key_nope'],
      ['project', 'keys', 'add', 'prj_nope'],
    ]) {
      comparedCalls.push(args)
      // The first compared call as the built binary runs it; the others in this process.
      throughServe.push(await (comparedCalls.length === 1 ? suture : sutureInProcess)(args, dataDir))
    }

    // The admin token of an earlier run (a serve.json restored from a backup) is refused, and nothing is made.
    const file = await readServerFile(dataDir)
    if (file === undefined) throw new Error('serve.json is gone while serve runs')
    await writeServerFile(dataDir, { ...file, adminToken: 'token-of-an-earlier-run' })
    try {
      const stale = await sutureInProcess(['project', 'keys', 'add', projectId, '--secret'], dataDir)
      expect(stale.code).toBe(1)
      expect(stale.stderr).toContain(
        `suture serve (pid ${server.pid}, ${url}) refused the admin token in its serve.json: the file is not from its current run`,
      )
      expect(stale.stdout).toBe('')
    } finally {
      await writeServerFile(dataDir, file)
    }
    const after = await sutureInProcess(['project', 'keys', 'list', projectId, '--json'], dataDir)
    expect(JSON.parse(after.stdout)).toHaveLength(4)

    expect(output).toContain('"path":"/admin/v1/projects/')
    expect(output).not.toContain(secretToken)
  }, 180_000)

  it('takes a project live and finds projects by name through the server; its revoke is refused at once', async () => {
    const note = `(suture serve holds this data dir: done through it at ${url}, pid ${server.pid})\n`
    const created = await suture(['project', 'create', 'Live Shop', '--json'], dataDir)
    expect(created.code).toBe(0)
    const { projectId } = JSON.parse(created.stdout) as { projectId: string }

    const live = await sutureInProcess(
      ['project', 'go-live', ' live shop', '--by', 'ana@example.com'],
      dataDir,
    )
    expect(live.stderr).toBe(note)
    expect(live.code).toBe(0)
    const at = new RegExp(
      `^Project ${projectId} is live since (\\S+) \\(decided by ana@example\\.com\\)`,
    ).exec(live.stdout)?.[1]
    expect(at, live.stdout).toBeDefined()
    expect((await sutureInProcess(['project', 'list'], dataDir)).stdout).toContain(
      `${projectId}  Live Shop  origins: (any)  live since ${at} (ana@example.com)`,
    )

    // A key added by the project's name works at once; revoked through this server, the very next request
    // with it is refused (its key cache would otherwise accept it for up to 5 s).
    const added = await sutureInProcess(['project', 'keys', 'add', 'Live Shop', '--json'], dataDir)
    expect(added.code).toBe(0)
    const key = JSON.parse(added.stdout) as { id: string; token: string }
    const ingest = async () =>
      (
        await fetch(`${url}/v1/envelopes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-suture-key': key.token },
          body: JSON.stringify(
            errorEnvelopeFromStack(realStacks(1)[0] as ReturnType<typeof realStacks>[number]),
          ),
        })
      ).status
    expect(await ingest()).toBe(200)
    expect((await sutureInProcess(['project', 'keys', 'revoke', key.id], dataDir)).code).toBe(0)
    expect(await ingest()).toBe(401)

    const twins = [
      await sutureInProcess(['project', 'create', 'Twin', '--json'], dataDir),
      await sutureInProcess(['project', 'create', 'twin', '--allow-duplicate', '--json'], dataDir),
    ].map((r) => (JSON.parse(r.stdout) as { projectId: string }).projectId)
    const ambiguous = await sutureInProcess(['project', 'go-live', 'Twin', '--by', 'ana'], dataDir)
    expect(ambiguous.code).toBe(1)
    expect(ambiguous.stderr).toBe(
      `${note}suture project: 2 projects are named 'Twin' (${twins.join(', ')}): give the id of the one you mean.\n`,
    )

    for (const args of [
      // Going live again answers the first decision, whoever asks.
      ['project', 'go-live', 'Live Shop', '--by', 'bo', '--json'],
      ['project', 'go-live', projectId, '--by', 'bo'],
      ['project', 'go-live', 'Twin', '--by', 'ana'],
      ['project', 'go-live', 'Nope', '--by', 'ana'],
      ['project', 'keys', 'list', 'live shop'],
      ['project', 'keys', 'list', 'Twin', '--json'],
      ['project', 'keys', 'add', 'twin', '--secret'],
      ['project', 'list'],
    ]) {
      comparedCalls.push(args)
      throughServe.push(await sutureInProcess(args, dataDir))
    }
    const [again, , , nope, keys] = throughServe.slice(-8)
    expect(JSON.parse(again?.stdout ?? '')).toEqual({
      projectId,
      wentLiveAt: at,
      wentLiveBy: 'ana@example.com',
    })
    expect(nope?.code).toBe(1)
    expect(nope?.stderr).toContain("No project with id or name 'Nope'")
    expect(keys?.stdout).toContain(`${key.id}  public  ${key.token}  REVOKED\n`)
  }, 180_000)

  it('removes its file when it stops', async () => {
    const exited = new Promise((resolve) => server.once('exit', resolve))
    server.kill('SIGTERM')
    await exited
    expect(await readServerFile(dataDir)).toBeUndefined()
  }, 60_000)

  it('answers the key and go-live commands on the database itself as it did through the server', async () => {
    const note = /^\(suture serve holds this data dir: done through it at [^\n]*\)\n/
    // Filled by the tests through the server: without them there is nothing to compare.
    expect(comparedCalls).toHaveLength(14)
    for (const [i, args] of comparedCalls.entries()) {
      // The first as the built binary runs it, the rest in this process: the same code, without a Node
      // start and a module load each.
      const direct = i === 0 ? await suture(args, dataDir) : await sutureInProcess(args, dataDir)
      const through = throughServe[i]
      expect(direct.stderr, args.join(' ')).not.toMatch(note)
      expect(direct, args.join(' ')).toEqual({ ...through, stderr: through?.stderr.replace(note, '') })
    }
  }, 120_000)
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
    const keys = await runCli(['project', 'keys', 'add', 'prj_x', '--secret', '--data-dir', dataDir], {
      cwd: dir,
    })
    expect(keys.code).toBe(1)
    expect(keys.stdout).toBe('')
    expect(keys.stderr).toContain(`suture serve (pid ${holder}) holds this data dir but does not answer`)
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
    const projectId = result.stdout.split('  ')[0] ?? ''
    const keys = await runCli(['project', 'keys', 'list', projectId, '--data-dir', dataDir], { cwd: dir })
    expect(keys.stderr).toBe('')
    // Keys made in the same instant list in id order: which comes first is chance.
    const lines = keys.stdout.split('\n')
    expect(lines.pop()).toBe('')
    expect(lines).toHaveLength(2)
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^key_\S+ {2}public {2}sut_pub_\S+ {2}\(default\)$/),
        expect.stringMatching(/^key_\S+ {2}secret {2}sut_sec_…\S{4} {2}\(default\)$/),
      ]),
    )
  }, 120_000)
})
