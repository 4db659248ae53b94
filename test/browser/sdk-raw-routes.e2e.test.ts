import { createServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type RunningServer, startServer } from '@suture/service'
import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newTestContext } from '../support/chromium.js'

const SDK_DIR = fileURLToPath(new URL('../../packages/error-boundary/', import.meta.url))
const requireEsbuild = createRequire(join(SDK_DIR, 'package.json'))

// An app with no router template: the SDK sends raw paths, and ingest must store templates.
const ENTRY = `
import { captureError, init } from '@suture/error-boundary'
init({
  endpoint: window.SUTURE.endpoint,
  publicKey: window.SUTURE.publicKey,
  app: { name: 'raw-routes' },
  transport: { flushIntervalMs: 20 },
})
window.captureError = captureError
`

async function bundleSdkPage(): Promise<string> {
  const esbuild = (await import(requireEsbuild.resolve('esbuild'))) as typeof import('esbuild')
  const result = await esbuild.build({
    stdin: { contents: ENTRY, resolveDir: SDK_DIR, loader: 'ts', sourcefile: 'main.ts' },
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    conditions: ['@suture/source', 'browser', 'import'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  })
  const js = result.outputFiles[0]?.text
  if (js === undefined) throw new Error('esbuild produced no bundle')
  return js
}

async function serve(js: string, config: () => unknown): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url === '/sdk.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(js)
      return
    }
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        `<!doctype html><html lang="en"><head><title>Shop</title><script>window.SUTURE = ${JSON.stringify(config())}</script></head>` +
          '<body><button type="button">Save</button><script type="module" src="/sdk.js"></script></body></html>',
      )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

// One backend is enough: the ingest test in the service package runs the same normaliser on both.
const backend = TEST_DATABASES.find((b) => b.name === 'postgres' && b.available) ?? TEST_DATABASES[0]

describe('the SDK without getRouteTemplate in real Chromium → ingest', () => {
  let database: SutureDatabase
  let suture: RunningServer
  let app: { url: string; server: Server }
  let browser: Browser
  let page: Page
  let projectId: string
  let config: unknown = {}

  beforeAll(async () => {
    if (backend === undefined) throw new Error('no test database backend')
    const [js, db, launched] = await Promise.all([bundleSdkPage(), backend.open(), launchChromium()])
    database = db
    browser = launched
    app = await serve(js, () => config)
    const created = await createProject(database.db, { name: 'Shop', origins: [app.url] })
    projectId = created.projectId
    suture = await startServer({ database, closeDatabase: false })
    config = { endpoint: suture.url, publicKey: created.publicKey }
    page = await (await newTestContext(browser)).newPage()
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => app?.server.close(resolve))
    await suture?.close()
    await database?.close()
  })

  async function stored(id: string) {
    const deadline = Date.now() + 15_000
    for (;;) {
      const row = await database.db
        .selectFrom('envelopes')
        .select(['route_template', 'body'])
        .where('project_id', '=', projectId)
        .where('id', '=', id)
        .executeTakeFirst()
      if (row) return row
      if (Date.now() > deadline) throw new Error(`envelope ${id} was not stored within 15 s`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  const capture = (message: string) =>
    page.evaluate(
      (m) => (window as unknown as { captureError(e: unknown): string }).captureError(new Error(m)),
      message,
    )

  it('stores the raw paths it sends as templates: route, navigation breadcrumbs and attempting', async () => {
    await page.goto(`${app.url}/orders/77`)
    await page.waitForFunction(() => 'captureError' in window)
    await page.evaluate(() => history.pushState(null, '', '/users/123'))
    await page.getByRole('button', { name: 'Save' }).click()
    const id = await capture('save failed')
    const row = await stored(id)
    const body = row.body as {
      route: { template: string; url: string }
      breadcrumbs: { type: string; label: string; data?: unknown }[]
      attempting: string
    }
    expect(row.route_template).toBe('/users/:id')
    expect(body.route).toEqual({ template: '/users/:id', url: `${app.url}/users/123` })
    expect(body.breadcrumbs.find((b) => b.type === 'navigation')).toMatchObject({
      label: 'Navigated to /users/:id',
      data: { from: '/orders/:id', to: '/users/:id', how: 'push' },
    })
    expect(body.attempting).toBe("clicking 'Save' on /users/:id")
  })

  it('templates a path segment the page already scrubbed (an email) as an id', async () => {
    await page.evaluate(() => history.pushState(null, '', '/members/ann.lee@acme.test/edit'))
    const id = await capture('member missing')
    const row = await stored(id)
    expect(row.route_template).toBe('/members/:id/edit')
    expect(JSON.stringify(row.body)).not.toContain('ann.lee')
    expect((row.body as { attempting: string }).attempting).toBe('viewing /members/:id/edit')
  })
})
