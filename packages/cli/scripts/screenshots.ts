/**
 * The README's dashboard screenshots: runs `suture demo --replay` into a throwaway embedded database, starts
 * the server on it, logs in with the demo project's secret key and saves one 1280×800 PNG per dashboard page
 * into `docs/screenshots/`. Not part of the test suite; run it after changing what a page looks like:
 *
 *   pnpm screenshots            (OUT=dir to write elsewhere)
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer } from '@suture/service'
import { openDatabase } from '@suture/store'
import type { Page } from 'playwright-core'
import { launchChromium } from '../src/demo/chromium.js'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const OUT = path.resolve(process.env.OUT ?? path.join(ROOT, 'docs/screenshots'))
const VIEWPORT = { width: 1280, height: 800 }

const work = mkdtempSync(path.join(tmpdir(), 'suture-screenshots-'))
const dataDir = path.join(work, 'pglite')
try {
  // The recorded journeys, so the pictures do not depend on how a Chromium run of the demo app went.
  const demo = spawnSync('pnpm', ['-s', 'suture', 'demo', '--replay', '--json', '--data-dir', dataDir], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  })
  if (demo.status !== 0) throw new Error(`suture demo exited with ${demo.status}`)
  const summary = JSON.parse(demo.stdout) as { secretKey?: string }
  if (!summary.secretKey) throw new Error('the demo printed no secret key (it was not a fresh data dir?)')

  const database = await openDatabase({ kind: 'pglite', dataDir })
  const server = await startServer({ database, port: 0 })
  const browser = await launchChromium()
  try {
    const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 })
    await page.goto(`${server.url}/app/login`)
    await page.fill('#key', summary.secretKey)
    await Promise.all([page.waitForURL(/\/app\/(?!login)/), page.click('button[type=submit]')])

    const shot = async (name: string, url: string, prepare?: (p: Page) => Promise<void>) => {
      const response = await page.goto(url.startsWith('http') ? url : `${server.url}${url}`)
      if (!response?.ok()) throw new Error(`${url} answered ${response?.status()}`)
      await prepare?.(page)
      const file = path.join(OUT, `${name}.png`)
      await page.screenshot({ path: file })
      const kb = Math.round(statSync(file).size / 1024)
      // Playwright writes PNGs uncompressed-ish; a busy page can pass the README's budget.
      console.log(`${path.relative(ROOT, file)}  ${kb} KB  ${url}${kb > 200 ? '  (over 200 KB)' : ''}`)
    }
    // The first link of a list, to show one item's page.
    const firstHref = async (list: string, selector: string) => {
      await page.goto(`${server.url}${list}`)
      const href = await page.locator(selector).first().getAttribute('href', { timeout: 5_000 })
      if (!href) throw new Error(`no ${selector} on ${list}`)
      return href
    }

    await shot('issues', '/app/issues')
    await shot('issue', await firstHref('/app/issues', 'table.issues td.issue-cell a[href*="/app/issues/"]'))
    await shot('sessions', '/app/sessions')
    await shot('sessions-list', '/app/sessions?error=yes', (p) =>
      p.locator('#sessions-list-title').evaluate((el) => el.scrollIntoView()),
    )
    await shot('session', await firstHref('/app/sessions?error=yes', '#sessions-list .session-cell a'))
    await shot('latest-errors', '/app/errors')
    await shot('clusters', '/app/clusters')
    await shot('needs-confirmation', '/app/clusters', (p) =>
      p.locator('#pairs').evaluate((el) => el.scrollIntoView()),
    )
    await shot('ticket', '/app/tickets/LOCAL-1')
    await shot('review', '/app/review')
    await shot('andon', '/app/andon')
    await shot('digest', '/app/digest')
    await shot('new-project', '/app/projects/new')
    await page.fill('#project-name', 'My app')
    await Promise.all([
      page.waitForURL(/\/app\/projects$/),
      page.click('form.project-form button[type=submit]'),
    ])
    await page.screenshot({ path: path.join(OUT, 'project-created.png') })
    console.log('docs/screenshots/project-created.png')
  } finally {
    await browser.close()
    await server.close()
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
