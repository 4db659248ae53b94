import { createServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { fingerprint, parseStack } from '@suture/envelope'
import { formatDsn, type RunningServer, sentryIngestRoutes, startServer } from '@suture/service'
import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newTestContext } from '../support/chromium.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
// The app uses the demo app's React and @sentry/react; esbuild is the error-boundary package's dev dependency.
const DEMO_MODULES = join(ROOT, 'examples/demo-app/node_modules')
const requireEsbuild = createRequire(join(ROOT, 'packages/error-boundary/package.json'))

interface Esbuild {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>
}

async function bundleSentryApp(entry = 'main.jsx'): Promise<string> {
  const esbuild = (await import(requireEsbuild.resolve('esbuild'))) as Esbuild
  const result = await esbuild.build({
    entryPoints: [fileURLToPath(new URL(`./sentry-app/${entry}`, import.meta.url))],
    bundle: true,
    write: false,
    format: 'esm',
    jsx: 'automatic',
    target: 'es2022',
    nodePaths: [DEMO_MODULES],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'error',
  })
  const js = result.outputFiles[0]?.text
  if (js === undefined) throw new Error('esbuild produced no bundle')
  return js
}

/** Serves two single-page apps: `/billing/*` runs feedback.jsx, every other path main.jsx. */
async function serveApp(
  bundles: { app: string; feedback: string },
  dsn: () => string,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url === '/app.js' || req.url === '/feedback.js') {
      const js = req.url === '/app.js' ? bundles.app : bundles.feedback
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(js)
      return
    }
    // Every other path is a single-page app, as a static host with SPA fallback serves it.
    const script = req.url?.startsWith('/billing') ? '/feedback.js' : '/app.js'
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        `<!doctype html><html lang="en"><head><title>Acme</title><script>window.SENTRY_DSN = ${JSON.stringify(dsn())}</script></head>` +
          `<body><div id="root"></div><script type="module" src="${script}"></script></body></html>`,
      )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

// One backend is enough here (the Node SDK test covers both): the real Postgres when it runs, else PGlite.
const backend = TEST_DATABASES.find((b) => b.name === 'postgres' && b.available) ?? TEST_DATABASES[0]

describe('@sentry/react in real Chromium → Suture, by changing only the DSN', () => {
  let database: SutureDatabase
  let suture: RunningServer
  let app: { url: string; server: Server }
  let browser: Browser
  let page: Page
  let projectId: string
  let dsn = ''

  const row = (id: string) =>
    database.db
      .selectFrom('envelopes')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('id', '=', id)
      .executeTakeFirst()

  beforeAll(async () => {
    if (backend === undefined) throw new Error('no test database backend')
    const [js, feedbackJs, db, launched] = await Promise.all([
      bundleSentryApp(),
      bundleSentryApp('feedback.jsx'),
      backend.open(),
      // The feedback widget's screenshot asks for this tab with getDisplayMedia; this flag says yes.
      launchChromium({ args: ['--auto-accept-this-tab-capture'] }),
    ])
    database = db
    browser = launched
    app = await serveApp({ app: js, feedback: feedbackJs }, () => dsn)
    const created = await createProject(database.db, { name: 'Acme Projects', origins: [app.url] })
    projectId = created.projectId
    suture = await startServer({ database, routes: [sentryIngestRoutes()], closeDatabase: false })
    dsn = formatDsn({ baseUrl: suture.url, publicKey: created.publicKey, projectId })
    page = await (await newTestContext(browser)).newPage()
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => app?.server.close(resolve))
    await suture?.close()
    await database?.close()
  })

  it('stores the error thrown in a component like a native envelope, then the linked feedback', async () => {
    await page.goto(`${app.url}/projects/7731/settings?tab=danger`)
    await page.click('button[aria-label="Archive project"]')
    const caught = await until('the boundary to catch', async () => {
      const value = await page.evaluate(
        () =>
          (
            window as unknown as {
              __sentryCaught?: { stack: string; name: string; message: string; eventId: string }
            }
          ).__sentryCaught,
      )
      return value ?? undefined
    })

    const stored = await until('the error envelope', () => row(caught.eventId))
    expect(stored.kind).toBe('error')
    expect(stored.error_type).toBe('TypeError')
    expect(stored.route_template).toBe('/projects/:id/settings')
    expect(stored.release).toBe('acme-projects@2026.11.3')
    // Same stack, same grouping key as Suture's own SDK would compute in this browser.
    expect(stored.fingerprint).toBe(
      fingerprint({ type: caught.name, message: caught.message, frames: parseStack(caught.stack) }),
    )
    const body = stored.body as {
      breadcrumbs: { type: string; label: string }[]
      flags: Record<string, unknown>
      tags?: Record<string, string>
      error: { componentStack?: string; handled: boolean }
      attempting?: string
    }
    expect(body.breadcrumbs).toContainEqual(
      expect.objectContaining({ type: 'click', label: "Clicked 'Archive project'" }),
    )
    // Derived at ingest from the mapped breadcrumbs, as for Suture's own SDK.
    expect(body.attempting).toBe("clicking 'Archive project' on /projects/:id/settings")
    expect(body.flags).toEqual({ 'bulk-archive': true })
    expect(body.error.componentStack).toContain('DangerZone')
    expect(body.tags?.browser).toMatch(/Chrom/)
    expect(stored.actor_hash).toMatch(/^[0-9a-f]{32}$/)
    expect(JSON.stringify(stored.body)).not.toMatch(/user_8842|ann@acme\.test/)

    await page.click('#feedback')
    await page.waitForSelector('#thanks')
    const feedback = await until('the feedback envelope', async () =>
      database.db
        .selectFrom('envelopes')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('kind', '=', 'feedback')
        .executeTakeFirst(),
    )
    expect(feedback.message).toBe('Archiving just broke the page')
    expect((feedback.body as { feedback: { linkedTo?: string } }).feedback.linkedTo).toBe(caught.eventId)

    // CORS as on /v1/*: only origins the project allows, for preflights and for real requests.
    const endpoint = `${new URL(dsn).origin}/api/${new URL(dsn).pathname.slice(1)}/envelope/?sentry_key=${new URL(dsn).username}`
    const evil = { origin: 'https://evil.example' }
    expect((await fetch(endpoint, { method: 'OPTIONS', headers: evil })).status).toBe(403)
    const allowed = await fetch(endpoint, { method: 'OPTIONS', headers: { origin: app.url } })
    expect(allowed.status).toBe(204)
    expect(allowed.headers.get('access-control-allow-origin')).toBe(app.url)
    const refused = await fetch(endpoint, { method: 'POST', headers: evil, body: '{}' })
    expect(refused.status).toBe(403)

    // The browser SDK also sends a release-health session: accepted, counted, not stored.
    const metrics = await until('the session to be counted', async () => {
      const text = await (await fetch(`${suture.url}/metrics`)).text()
      return /kind="sentry_session",status="ignored"/.test(text) ? text : undefined
    })
    expect(metrics).not.toMatch(/suture_ingest_rejects_total\{reason="sentry_(?!origin_not_allowed)/)
  })

  it("keeps feedback sent from Sentry's widget with a screenshot over 1 MiB", async () => {
    const feedbackPage = await (await newTestContext(browser)).newPage()
    const sizes: number[] = []
    feedbackPage.on('request', (request) => {
      if (request.url().includes('/envelope/')) sizes.push(request.postDataBuffer()?.length ?? 0)
    })
    await feedbackPage.goto(`${app.url}/billing/acme`)
    await feedbackPage.getByRole('button', { name: 'Report a Bug' }).click()
    await feedbackPage.getByLabel('Description').fill('The usage chart is unreadable noise')
    await feedbackPage.getByRole('button', { name: 'Add a screenshot' }).click()
    await feedbackPage.getByRole('button', { name: 'Remove screenshot' }).waitFor()
    await feedbackPage.getByRole('button', { name: 'Send Bug Report' }).click()
    await feedbackPage.getByText('Thank you for your report!').waitFor()
    const stored = await until('the feedback with a screenshot', async () =>
      database.db
        .selectFrom('envelopes')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('kind', '=', 'feedback')
        .where('message', '=', 'The usage chart is unreadable noise')
        .executeTakeFirst(),
    )
    expect(stored.release).toBe('acme-billing@2026.12.1')
    // The envelope carried the screenshot: over the 1 MiB that used to refuse it whole.
    expect(Math.max(...sizes)).toBeGreaterThan(1024 * 1024)
    const metrics = await (await fetch(`${suture.url}/metrics`)).text()
    expect(metrics).toMatch(/kind="sentry_attachment",status="ignored"\} [1-9]/)
    await feedbackPage.context().close()
  })

  it("opens the crash-report dialog from ErrorBoundary's showDialog and stores the report, linked", async () => {
    const dialogPage = await (await newTestContext(browser)).newPage()
    await dialogPage.goto(`${app.url}/billing/acme`)
    await dialogPage.getByRole('button', { name: 'Show quotas' }).click()
    const dialog = dialogPage.getByRole('dialog', { name: 'The billing page broke.' })
    await dialog.waitFor()
    const eventId = await dialogPage.evaluate(
      () => (window as unknown as { __sentryEventId?: string }).__sentryEventId,
    )
    if (eventId === undefined) throw new Error('the boundary did not report an event id')
    expect(await row(eventId)).toMatchObject({ kind: 'error', error_type: 'TypeError' })

    // Accessible: every field has a label, the comments are required, errors are announced.
    const comments = dialog.getByLabel('What happened?')
    await expect(comments.getAttribute('aria-required')).resolves.toBe('true')
    await dialog.getByRole('button', { name: 'Submit Crash Report' }).click()
    await expect(comments.getAttribute('aria-invalid')).resolves.toBe('true')
    await expect(dialog.getByRole('status').textContent()).resolves.toMatch(/invalid/)

    await dialog.getByLabel('Name').fill('Ann')
    await dialog.getByLabel('Email').fill('ann@acme.test')
    await comments.fill('I opened quotas and the page went blank')
    await dialog.getByRole('button', { name: 'Submit Crash Report' }).click()
    await dialog.getByText('Your feedback has been sent. Thank you!').waitFor()
    await dialog.getByRole('button', { name: 'Close' }).click()
    await until('the dialog to close', async () =>
      (await dialogPage.evaluate(() => (window as unknown as { __dialogClosed?: boolean }).__dialogClosed))
        ? true
        : undefined,
    )
    expect(await dialogPage.getByRole('dialog').count()).toBe(0)

    const report = await until('the user report', async () =>
      database.db
        .selectFrom('envelopes')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('kind', '=', 'feedback')
        .where('message', '=', 'I opened quotas and the page went blank')
        .executeTakeFirst(),
    )
    expect((report.body as { feedback: { linkedTo?: string } }).feedback.linkedTo).toBe(eventId)
    expect(JSON.stringify(report.body)).not.toMatch(/ann@acme|"Ann"/)
    await dialogPage.context().close()
  })
})
