import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { openDatabase } from '@suture/store'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ServerProcess, startServerProcess } from './ingest-server-process.js'
import { launchChromium, newTestContext } from './support/chromium.js'
import { type PackedPackage, packAll, REPO_ROOT } from './support/pack.js'

const run = promisify(execFile)

// The versions the demo app builds with, so npm finds them in its cache after the first run.
const APP_DEPENDENCIES = {
  react: '19.2.3',
  'react-dom': '19.2.3',
  vite: '8.3.8',
  '@vitejs/plugin-react': '6.3.0',
}

const MAIN_JSX = (endpoint: string, publicKey: string) => `
import { ErrorBoundary, FeedbackFallback, init, reactRootOptions, sessionEvents } from '@suture/error-boundary'
import { useState } from 'react'
import { createRoot } from 'react-dom/client'

init({
  endpoint: ${JSON.stringify(endpoint)},
  publicKey: ${JSON.stringify(publicKey)},
  app: { name: 'packed-app', release: '1.0.0' },
  integrations: [sessionEvents()],
})

function Checkout() {
  const [paid, setPaid] = useState(false)
  if (paid) throw new TypeError('Cannot read properties of undefined (reading "total")')
  return <button type="button" onClick={() => setPaid(true)}>Pay now</button>
}

createRoot(document.getElementById('root'), reactRootOptions()).render(
  <ErrorBoundary name="Checkout" FallbackComponent={FeedbackFallback}><Checkout /></ErrorBoundary>,
)
`

const INDEX_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>packed app</title></head>
<body><div id="root"></div><script type="module" src="/src/main.jsx"></script></body></html>
`

const VITE_CONFIG = `import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
export default defineConfig({ plugins: [react()], logLevel: 'error' })
`

/** A static host for the built app (SPA fallback), so its origin is known before the project is created. */
async function serveStatic(dir: () => string): Promise<{ server: Server; origin: string }> {
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }
  const server = createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname
    const file = path.normalize(path.join(dir(), pathname === '/' ? 'index.html' : pathname))
    try {
      if (!file.startsWith(dir())) throw new Error('outside')
      const body = await readFile(file)
      res
        .writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' })
        .end(body)
    } catch {
      res.writeHead(404).end()
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

// A new user's path, outside this workspace: the packed tarballs installed with npm into a fresh Vite +
// React app, built, run in Chromium against `suture serve`; the packed CLI run with npx. Needs
// `pnpm build` first (the root test command builds) and the npm registry (or npm's cache) for React
// and Vite.
describe('the packed packages in a fresh app outside the workspace', () => {
  let root: string
  let appDir: string
  let dataDir: string
  let packed: PackedPackage[]
  let site: Awaited<ReturnType<typeof serveStatic>>
  let publicKey: string
  let serve: ServerProcess | undefined
  let browser: Browser | undefined
  let launching: Promise<Browser> | undefined

  const npx = (args: string[], timeout = 120_000) =>
    run('npx', ['--no', '--', ...args], { cwd: appDir, timeout, maxBuffer: 16 * 1024 * 1024 })

  beforeAll(async () => {
    // Chromium starts while the packages are packed and installed; the last test is the first to use it.
    launching = launchChromium().then((launched) => {
      browser = launched
      return launched
    })
    launching.catch(() => {})
    root = await mkdtemp(path.join(tmpdir(), 'suture-install-'))
    appDir = path.join(root, 'app')
    dataDir = path.join(root, 'data')
    await mkdir(path.join(appDir, 'src'), { recursive: true })
    packed = await packAll(path.join(root, 'tarballs'))
    const local = Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`]))
    await writeFile(
      path.join(appDir, 'package.json'),
      JSON.stringify(
        {
          name: 'packed-app',
          private: true,
          type: 'module',
          dependencies: { ...local, ...APP_DEPENDENCIES },
          // Every @suture/* dependency of a packed package resolves to its tarball too, never the registry.
          overrides: Object.fromEntries(packed.map((p) => [p.name, `$${p.name}`])),
        },
        null,
        2,
      ),
    )
    await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline'], {
      cwd: appDir,
      timeout: 540_000,
      maxBuffer: 64 * 1024 * 1024,
    })
    site = await serveStatic(() => path.join(appDir, 'dist'))
    await launching
  }, 600_000)

  afterAll(async () => {
    // A launch still under way when beforeAll failed: wait for it, so its browser is closed too.
    await launching?.catch(() => {})
    await browser?.close()
    if (serve && serve.child.exitCode === null) {
      serve.child.kill('SIGTERM')
      await serve.exited
    }
    await new Promise<void>((resolve) => (site ? site.server.close(() => resolve()) : resolve()))
    if (root) await rm(root, { recursive: true, force: true })
  })

  it('installed every package from its tarball', async () => {
    for (const pkg of packed) {
      const installed = JSON.parse(
        await readFile(path.join(appDir, 'node_modules', pkg.name, 'package.json'), 'utf8'),
      ) as { version: string }
      expect(installed.version, pkg.name).toBe(pkg.manifest.version)
    }
    const lock = await readFile(path.join(appDir, 'package-lock.json'), 'utf8')
    expect(lock).not.toMatch(/"resolved": "https:\/\/registry\.npmjs\.org\/@suture\//)
  })

  it('runs the packed CLI with npx: --help, then project create', async () => {
    const help = await npx(['suture', '--help'])
    expect(help.stdout).toMatch(/serve/)
    expect(help.stdout).toMatch(/project/)
    const created = await npx([
      'suture',
      'project',
      'create',
      'packed-app',
      '--origin',
      site.origin,
      '--data-dir',
      dataDir,
      '--json',
    ])
    const project = JSON.parse(created.stdout) as { projectId: string; publicKey: string }
    publicKey = project.publicKey
    // The README's example key has the prefix real keys have.
    const readme = await readFile(path.join(REPO_ROOT, 'packages/error-boundary/README.md'), 'utf8')
    const example = /publicKey: '([a-z]+_[a-z]+_)…'/.exec(readme)?.[1]
    expect(example).toBeDefined()
    expect(publicKey.startsWith(example as string)).toBe(true)
  })

  it('installs without Claude Code (an optional peer) and says how to add it when the fixer needs it', async () => {
    // About 400 MB with its native binary: only a team that fixes with Claude Code installs it.
    await expect(
      readFile(path.join(appDir, 'node_modules/@anthropic-ai/claude-agent-sdk/package.json'), 'utf8'),
    ).rejects.toMatchObject({ code: 'ENOENT' })
    const fix = await npx(['suture', 'fix', '--repo', appDir, '--all', '--data-dir', dataDir]).then(
      () => undefined,
      (error: { code?: number; stderr?: string }) => error,
    )
    expect(fix?.code).toBe(1)
    expect(fix?.stderr).toMatch(/npm install @anthropic-ai\/claude-agent-sdk@\d/)
    expect(fix?.stderr).toMatch(/--agent command/)
  })

  it('builds the app with Vite and delivers its error to suture serve from Chromium', async () => {
    expect(publicKey, 'the project from the previous test').toBeDefined()
    // The installed CLI's own `serve`, as the new user runs it.
    serve = await startServerProcess({ dataDir }, 60_000, [], {
      argv: [process.execPath, path.join(appDir, 'node_modules/@suture/cli/bin/suture.js')],
      cwd: appDir,
    })
    await writeFile(path.join(appDir, 'index.html'), INDEX_HTML)
    await writeFile(path.join(appDir, 'vite.config.js'), VITE_CONFIG)
    await writeFile(path.join(appDir, 'src/main.jsx'), MAIN_JSX(serve.url, publicKey))
    await npx(['vite', 'build'], 180_000)

    expect(browser, 'Chromium launched in beforeAll').toBeDefined()
    const context = await newTestContext(browser as Browser)
    const page = await context.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(site.origin)
    await page.getByRole('button', { name: 'Pay now' }).click()
    await page.getByRole('alert').waitFor()
    // The README's snippet: the feedback box of FeedbackFallback, sent linked to the error.
    await page.getByRole('textbox', { name: 'What were you trying to do?' }).fill('paying my invoice')
    await page.getByRole('button', { name: 'Send' }).click()
    // Delivered when the server confirmed them: the SDK's IndexedDB queue is empty again.
    const deadline = Date.now() + 20_000
    for (;;) {
      const queued = await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const open = indexedDB.open('suture-queue:packed-app')
            open.onsuccess = () => {
              const db = open.result
              if (!db.objectStoreNames.contains('envelopes')) return resolve(-1)
              const count = db.transaction('envelopes').objectStore('envelopes').count()
              count.onsuccess = () => resolve(count.result)
            }
            open.onerror = () => resolve(-1)
          }),
      )
      if (queued === 0) break
      if (Date.now() > deadline)
        throw new Error(`the envelope was not confirmed (queue ${queued}):\n${serve.output()}`)
      await new Promise((r) => setTimeout(r, 100))
    }
    await context.close()
    serve.child.kill('SIGTERM')
    await serve.exited

    const database = await openDatabase({ kind: 'pglite', dataDir })
    try {
      const rows = await database.db
        .selectFrom('envelopes')
        .select(['boundary', 'environment', 'error_type', 'message', 'fingerprint', 'release', 'body'])
        .where('kind', '=', 'error')
        .execute()
      expect(rows).toHaveLength(1)
      const row = rows[0]
      expect(row).toMatchObject({
        boundary: 'Checkout',
        // Vite's mode, read by the installed SDK: no environment was configured.
        environment: 'production',
        error_type: 'TypeError',
        release: '1.0.0',
      })
      expect(row?.message).toContain('reading "total"')
      // Derived on the server from the raw stack the SDK sent.
      expect(row?.fingerprint).toMatch(/^[0-9a-f]{16}$/)
      const body = row?.body as { error?: { frames?: unknown[] } } | undefined
      expect(body?.error?.frames?.length).toBeGreaterThan(0)
      const feedback = await database.db
        .selectFrom('envelopes')
        .select(['body'])
        .where('kind', '=', 'feedback')
        .execute()
      expect(feedback.map((f) => (f.body as { feedback?: { text?: string } }).feedback?.text)).toEqual([
        'paying my invoice',
      ])
    } finally {
      await database.close()
    }
  })
})
