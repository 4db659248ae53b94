import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { run } from '@suture/cli'
import { type RunningServer, startServer } from '@suture/service'
import { openDatabase, type SutureDatabase } from '@suture/store'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/** A port nothing listens on right now: the demo writes its links for it, then the server takes it. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

/** Every absolute URL in the CLI's output: each one is a link Suture wrote. */
function urlsIn(text: string): string[] {
  return [...text.matchAll(/\b(?:https?|suture):\/\/[^\s"'<>)\]]+/g)].map((m) => m[0].replace(/[.,;:]+$/, ''))
}

/**
 * The links of a Markdown or HTML document (`[text](url)`, `href="url"`). Bare URLs there are quoted
 * evidence (a stack frame, the page a user was on), not links Suture made.
 */
function linksIn(text: string): string[] {
  const markdown = [...text.matchAll(/\]\(((?:https?|suture):\/\/[^\s)]+)\)/g)].map((m) => m[1] ?? '')
  const html = [...text.matchAll(/href="([^"]+)"/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'))
  return [...markdown, ...html].filter((u) => /^(https?|suture):/.test(u))
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))
}

describe('every link Suture writes during the demo resolves on the dashboard', () => {
  let dir: string
  let port: number
  let stdout = ''
  let stderr = ''
  let database: SutureDatabase
  let server: RunningServer
  const sources = new Map<string, Set<string>>()
  const note = (source: string, text: string, extract: (text: string) => string[] = linksIn) => {
    for (const url of extract(text)) {
      const where = sources.get(url) ?? new Set<string>()
      where.add(source)
      sources.set(url, where)
    }
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'suture-demo-links-'))
    port = await freePort()
    const io = {
      env: { SUTURE_PORT: String(port), CHROMIUM_PATH: path.join(dir, 'no-chromium') },
      cwd: dir,
      stdout: {
        write: (s: string) => {
          stdout += s
          return true
        },
      } as never,
      stderr: {
        write: (s: string) => {
          stderr += s
          return true
        },
      } as never,
    }
    expect(await run(['demo', '--data-dir', path.join(dir, 'data'), '--replay'], io), stderr).toBe(0)
    note('CLI output', stdout, urlsIn)
    database = await openDatabase({ kind: 'pglite', dataDir: path.join(dir, 'data') })
    const db = database.db
    for (const t of await db.selectFrom('local_tickets').select(['number', 'body']).execute())
      note(`LOCAL-${t.number} body`, t.body)
    for (const c of await db.selectFrom('local_ticket_comments').select(['ticket_id', 'body']).execute())
      note('a ticket comment', c.body)
    for (const a of await db.selectFrom('local_ticket_attachments').select('url').execute())
      note('a ticket attachment', a.url, urlsIn)
    for (const l of await db.selectFrom('ticket_links').select('url').execute())
      note('ticket_links', l.url ?? '', urlsIn)
    for (const d of await db.selectFrom('digests').select(['week', 'markdown', 'html']).execute()) {
      note(`digest ${d.week} (stored markdown)`, d.markdown)
      note(`digest ${d.week} (stored html)`, d.html)
    }
    for (const file of await filesUnder(path.join(dir, 'data', 'digests')))
      note(path.relative(dir, file), await readFile(file, 'utf8'))
    server = await startServer({ database, closeDatabase: false, host: '127.0.0.1', port })
  }, 600_000)

  afterAll(async () => {
    await server?.close()
    await database?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('writes only links to this server (no suture:// placeholders), to tickets, issues and digests', () => {
    const urls = [...sources.keys()]
    const foreign = urls.filter((u) => !u.startsWith(server.url))
    expect(foreign, 'links that do not point at the service').toEqual([])
    const paths = urls.map((u) => new URL(u).pathname)
    expect(paths.some((p) => p.startsWith('/app/tickets/LOCAL-'))).toBe(true)
    expect(paths.some((p) => p.startsWith('/app/issues/'))).toBe(true)
    expect(paths.some((p) => p.startsWith('/app/digest/'))).toBe(true)
    expect(sources.size).toBeGreaterThan(5)
  })

  it('answers every one of them, logged in, with a page (no 404)', async () => {
    const secret = /admin secret key (sut_sec_\S+)/.exec(stdout)?.[1]
    expect(secret, 'the demo prints the secret key on its first run').toBeDefined()
    const login = await fetch(`${server.url}/app/login`)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())?.[1] ?? ''
    const loginCookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')
    const posted = await fetch(`${server.url}/app/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
      body: new URLSearchParams({ key: secret ?? '', _csrf: csrf }).toString(),
      redirect: 'manual',
    })
    expect(posted.status).toBe(303)
    const cookie = posted.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ')

    const failures: string[] = []
    for (const [url, where] of sources) {
      if (!url.startsWith(server.url)) continue
      let target = url
      let res = await fetch(target, { headers: { cookie }, redirect: 'manual' })
      for (let hops = 0; hops < 3 && res.status >= 300 && res.status < 400; hops++) {
        target = new URL(res.headers.get('location') ?? '', target).toString()
        res = await fetch(target, { headers: { cookie }, redirect: 'manual' })
      }
      if (res.status !== 200) failures.push(`${res.status} ${url} (from ${[...where].join(', ')})`)
    }
    expect(failures).toEqual([])
  }, 120_000)
})
