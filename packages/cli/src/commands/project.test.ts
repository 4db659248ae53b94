import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { sentryProjectNumber } from '@suture/service'
import { afterAll, describe, expect, it } from 'vitest'
import { runCli } from '../testing/run-cli.js'

const dir = mkdtempSync(path.join(tmpdir(), 'suture-project-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const suture = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { cwd: dir, env })

interface Created {
  projectId: string
  publicKey: string
  secretKey: string
  dsn: string
}

describe('suture project create', () => {
  const dataDir = path.join(dir, 'data')

  it('prints the keys and a Sentry DSN for the configured server (JSON and text)', async () => {
    const json = await suture(['project', 'create', 'Shop', '--json', '--data-dir', dataDir], {
      SUTURE_PORT: '9100',
    })
    // No --origin: a warning on stderr (stdout stays the JSON), with the command that restricts it.
    expect(json.stderr).toMatch(/^Warning: no --origin given, so any website may send/)
    expect(json.stderr).toContain('suture project origins set prj_')
    expect(json.code).toBe(0)
    const created = JSON.parse(json.stdout) as Created
    expect(created.publicKey).toMatch(/^sut_pub_/)
    // The DSN's key is the public ingest key, its host the server, its project the Sentry-style number.
    expect(created.dsn).toBe(
      `http://${created.publicKey}@127.0.0.1:9100/${sentryProjectNumber(created.projectId)}`,
    )
    const dsn = new URL(created.dsn)
    expect(dsn.username).toBe(created.publicKey)
    expect(dsn.pathname).toMatch(/^\/\d+$/)

    const text = await suture([
      'project',
      'create',
      'Admin',
      '--server-url',
      'https://ingest.shop.example/suture/',
      '--data-dir',
      dataDir,
    ])
    expect(text.code).toBe(0)
    const projectId = /Project (prj_\S+) created/.exec(text.stdout)?.[1] ?? ''
    const publicKey = /Public ingest key[^:]*: (\S+)/.exec(text.stdout)?.[1] ?? ''
    expect(text.stdout).toContain(
      `Sentry DSN (for apps already on @sentry/*): https://${publicKey}@ingest.shop.example/suture/${sentryProjectNumber(projectId)}`,
    )
    // What to do next: the SDK's init with this server and key, and where the errors show.
    expect(text.stdout).toContain(
      `Next: in your app, init({ endpoint: 'https://ingest.shop.example/suture', publicKey: '${publicKey}'`,
    )
    expect(text.stdout).toContain(
      'https://ingest.shop.example/suture/app/issues once suture serve runs there',
    )
  })

  it('refuses a --server-url that is not an http(s) URL, before touching storage', async () => {
    for (const bad of ['ingest.shop.example', 'ftp://ingest.shop.example']) {
      const result = await suture(['project', 'create', 'Shop', '--server-url', bad, '--data-dir', dataDir])
      expect(result.code).toBe(2)
      expect(result.stderr).toContain(`--server-url must be an http(s) URL`)
      expect(result.stderr).toContain(bad)
    }
  })
})

describe('suture project go-live', () => {
  const dataDir = path.join(dir, 'live')

  it('takes a project out of shadow mode, recording who and when; list shows the mode', async () => {
    const created = await suture(['project', 'create', 'Shop', '--json', '--data-dir', dataDir])
    const { projectId } = JSON.parse(created.stdout) as Created
    const before = await suture(['project', 'list', '--data-dir', dataDir])
    expect(before.stdout).toContain('shadow mode')

    const live = await suture([
      'project',
      'go-live',
      projectId,
      '--by',
      'ana@example.com',
      '--json',
      '--data-dir',
      dataDir,
    ])
    expect(live.stderr).toBe('')
    expect(live.code).toBe(0)
    const record = JSON.parse(live.stdout) as { projectId: string; wentLiveAt: string; wentLiveBy: string }
    expect(record.wentLiveBy).toBe('ana@example.com')
    expect(Number.isNaN(Date.parse(record.wentLiveAt))).toBe(false)
    const after = await suture(['project', 'list', '--data-dir', dataDir])
    expect(after.stdout).toContain(`live since ${record.wentLiveAt} (ana@example.com)`)
  }, 180_000)

  it('takes a project live by its name; again, it answers the first decision', async () => {
    const created = await suture(['project', 'create', 'Checkout', '--json', '--data-dir', dataDir])
    const { projectId } = JSON.parse(created.stdout) as Created
    const live = await suture(['project', 'go-live', ' checkout ', '--by', 'ana', '--data-dir', dataDir])
    expect(live.stderr).toBe('')
    expect(live.code).toBe(0)
    expect(live.stdout).toMatch(
      new RegExp(`^Project ${projectId} is live since \\S+ \\(decided by ana\\): the next runs file`),
    )
    const again = await suture(['project', 'go-live', projectId, '--by', 'bo', '--data-dir', dataDir])
    expect(again).toEqual(live)
  }, 180_000)

  it('refuses without a person, for an unknown project, or a name several projects share', async () => {
    const nobody = await suture(['project', 'go-live', 'prj_x', '--data-dir', dataDir], { USER: '' })
    expect(nobody.code).toBe(2)
    expect(nobody.stderr).toContain('--by NAME')
    const unknown = await suture(['project', 'go-live', 'prj_missing', '--by', 'ana', '--data-dir', dataDir])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain("No project with id or name 'prj_missing'")

    const first = await suture(['project', 'create', 'Twin', '--json', '--data-dir', dataDir])
    const second = await suture([
      'project',
      'create',
      'twin',
      '--allow-duplicate',
      '--json',
      '--data-dir',
      dataDir,
    ])
    const ids = [first, second].map((r) => (JSON.parse(r.stdout) as Created).projectId)
    const ambiguous = await suture(['project', 'go-live', 'Twin', '--by', 'ana', '--data-dir', dataDir])
    expect(ambiguous.code).toBe(1)
    expect(ambiguous.stderr).toContain(
      `suture project: 2 projects are named 'Twin' (${ids.join(', ')}): give the id of the one you mean.`,
    )
    const list = await suture(['project', 'list', '--data-dir', dataDir])
    for (const id of ids) expect(list.stdout).toContain(`${id}  `)
    expect(list.stdout.match(/ {2}[Tt]win .*shadow mode/g)).toHaveLength(2)
  }, 180_000)
})

describe('suture project keys by project name', () => {
  const dataDir = path.join(dir, 'keys')

  it('lists and adds keys of the project a name means, and refuses a name several share', async () => {
    const created = await suture(['project', 'create', 'Shop', '--json', '--data-dir', dataDir])
    const { projectId } = JSON.parse(created.stdout) as Created
    const added = await suture([
      'project',
      'keys',
      'add',
      'SHOP',
      '--secret',
      '--json',
      '--data-dir',
      dataDir,
    ])
    expect(added.code).toBe(0)
    const key = JSON.parse(added.stdout) as { id: string }
    const byName = await suture(['project', 'keys', 'list', 'shop', '--data-dir', dataDir])
    expect(byName.code).toBe(0)
    // The key went to that project: listed under its id.
    expect(byName.stdout).toContain(`${key.id}  secret`)
    expect(await suture(['project', 'keys', 'list', projectId, '--data-dir', dataDir])).toEqual(byName)

    const twin = await suture([
      'project',
      'create',
      'Shop',
      '--allow-duplicate',
      '--json',
      '--data-dir',
      dataDir,
    ])
    const twinId = (JSON.parse(twin.stdout) as Created).projectId
    for (const args of [
      ['keys', 'list', 'Shop'],
      ['keys', 'add', 'Shop', '--secret'],
    ]) {
      const refused = await suture(['project', ...args, '--data-dir', dataDir])
      expect(refused.code, args.join(' ')).toBe(1)
      expect(refused.stdout).toBe('')
      expect(refused.stderr).toContain(`2 projects are named 'Shop' (${projectId}, ${twinId})`)
    }
    // The refused add made nothing: the first project has its two keys from create and the one added above.
    const keys = await suture(['project', 'keys', 'list', projectId, '--json', '--data-dir', dataDir])
    expect(JSON.parse(keys.stdout)).toHaveLength(3)
    const unknown = await suture(['project', 'keys', 'list', 'Nope', '--data-dir', dataDir])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain("No project with id or name 'Nope'")
  }, 180_000)
})

describe('suture project delete at a terminal', () => {
  const dataDir = path.join(dir, 'delete')
  const typed = (line: string) => Object.assign(new PassThrough(), { isTTY: true }).end(`${line}\n`)

  it('shows what goes, and deletes only when the name is typed back', async () => {
    const created = await suture(['project', 'create', 'Doomed', '--json', '--data-dir', dataDir])
    const { projectId } = JSON.parse(created.stdout) as Created
    const wrong = await runCli(['project', 'delete', projectId, '--data-dir', dataDir], {
      cwd: dir,
      stdin: typed('doomed?'),
    })
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain(
      `Deleting project ${projectId} (Doomed) removes it with everything stored for it: api keys 2.`,
    )
    expect(wrong.stderr).toContain("Type the project's name (Doomed) to delete it:")
    expect(wrong.stderr).toContain('Not deleted')

    const right = await runCli(['project', 'delete', projectId, '--json', '--data-dir', dataDir], {
      cwd: dir,
      stdin: typed('Doomed'),
    })
    expect(right.code).toBe(0)
    expect(JSON.parse(right.stdout)).toEqual({ projectId, name: 'Doomed', counts: { api_keys: 2 } })
    // Gone: the same delete finds nothing now (the wrong answer above left it: the right one found it).
    const missing = await suture(['project', 'delete', 'Doomed', '--yes', '--data-dir', dataDir])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain("No project with id or name 'Doomed'")
  }, 180_000)
})
