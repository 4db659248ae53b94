import { parseEnvelope } from '@suture/envelope'
import { type RunningServer, startServer } from '@suture/service'
import { type CreatedProject, createProject, type SutureDatabase, storeEnvelopes } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/chromium.js'
import { axeViolations, noHorizontalOverflow } from '../support/page-checks.js'

const backend = TEST_DATABASES.find((b) => b.name === 'postgres' && b.available) ?? TEST_DATABASES[0]
const SHOTS = process.env.DASHBOARD_SCREENSHOTS ?? '/tmp'

async function storeError(database: SutureDatabase, projectId: string, id: string, message: string) {
  const parsed = parseEnvelope({
    id,
    schemaVersion: 1,
    kind: 'error',
    occurredAt: new Date().toISOString(),
    app: { name: 'app', release: '1.0.0', environment: 'production' },
    route: { template: '/settings' },
    error: { type: 'TypeError', message, handled: false, mechanism: 'boundary' },
  })
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
  await storeEnvelopes(database.db, projectId, [parsed.value])
}

/** The header and, when open, the project menu below it. */
async function shootHeader(page: Page, path: string): Promise<void> {
  const header = await page.locator('header.top').boundingBox()
  const menu = await page.locator('#project-menu .menu').boundingBox()
  const width = page.viewportSize()?.width ?? 1280
  const bottom = Math.max((header?.y ?? 0) + (header?.height ?? 60), (menu?.y ?? 0) + (menu?.height ?? 0))
  await page.screenshot({ path, clip: { x: 0, y: 0, width, height: Math.ceil(bottom + 16) } })
}

describe('the project switcher in real Chromium', () => {
  let database: SutureDatabase
  let server: RunningServer
  let web: CreatedProject
  let admin: CreatedProject
  let browser: Browser
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    if (!backend) throw new Error('no test database backend')
    database = await backend.open()
    web = await createProject(database.db, { name: 'Web storefront', allowDuplicate: true })
    admin = await createProject(database.db, { name: 'Admin console (internal)', allowDuplicate: true })
    await storeError(database, web.projectId, 'env_switcher_web', 'Cart total is NaN')
    await storeError(database, admin.projectId, 'env_switcher_admin', 'User table failed to load')
    server = await startServer({ database, closeDatabase: false })
    browser = await launchChromium()
    // bypassCSP: axe-core is injected as a script tag.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
    page = await context.newPage()
    page.on('pageerror', (error) => {
      throw error
    })
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await database?.close()
  })

  it('adds a second project from the menu without leaving the first', async () => {
    await page.goto(`${server.url}/app/errors`)
    await page.fill('#key', web.secretKey)
    await page.click('button[type=submit]')
    await page.waitForURL(/\/app\/errors$/)
    expect(await page.locator('#project-menu summary .name').textContent()).toBe('Web storefront')

    await page.locator('#project-menu summary').click()
    await page.getByRole('link', { name: 'Add another project' }).click()
    await page.waitForURL(/\/app\/login\?add=1$/)
    expect(await page.locator('#signed-in').textContent()).toContain('You stay signed in to Web storefront.')
    await page.screenshot({ path: `${SHOTS}/switcher-add.png` })
    await page.fill('#key', admin.secretKey)
    await page.getByRole('button', { name: 'Add project' }).click()
    await page.waitForURL(/\/app\/issues$/)
    expect(await page.locator('#project-menu summary .name').textContent()).toBe('Admin console (internal)')
  })

  it('switches with the keyboard and stays on the same page, at 1280 px: no overflow, axe clean', async () => {
    await page.goto(`${server.url}/app/errors`)
    expect(await page.locator('main').textContent()).toContain('User table failed to load')
    // A disclosure: focus the summary and press Enter to open it.
    await page.locator('#project-menu summary').focus()
    await page.keyboard.press('Enter')
    expect(await page.locator('#project-menu').getAttribute('open')).not.toBeNull()
    const other = page.getByRole('button', { name: 'Web storefront', exact: true })
    expect(await other.isVisible()).toBe(true)
    expect(await page.locator('#project-menu [aria-current="true"]').textContent()).toContain(
      'Admin console (internal)',
    )
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0)
    expect(await axeViolations(page)).toEqual([])
    await shootHeader(page, `${SHOTS}/switcher-1280.png`)

    // Tab reaches the other project first (the menu lists projects in sign-in order), Enter switches.
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Web storefront')
    await page.keyboard.press('Enter')
    // The page's URL is the same before and after the switch, so waiting for it would not wait at all:
    // wait for the header to name the other project, then check where the switch landed.
    await page
      .locator('#project-menu summary .name')
      .filter({ hasText: /^Web storefront$/ })
      .waitFor()
    expect(page.url()).toMatch(/\/app\/errors$/)
    const main = (await page.locator('main').textContent()) ?? ''
    expect(main).toContain('Cart total is NaN')
    expect(main).not.toContain('User table failed to load')
  })

  it('fits 390 px: the header and the open menu stay inside the viewport, axe clean', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto(`${server.url}/app/issues`)
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0)
    await page.locator('#project-menu summary').click()
    const menu = await page.locator('#project-menu .menu').boundingBox()
    expect(menu?.x ?? -1).toBeGreaterThanOrEqual(0)
    expect((menu?.x ?? 0) + (menu?.width ?? 999)).toBeLessThanOrEqual(390)
    const summary = await page.locator('#project-menu summary').boundingBox()
    expect((summary?.x ?? 0) + (summary?.width ?? 999)).toBeLessThanOrEqual(390)
    const logout = await page.getByRole('button', { name: 'Log out of all 2 projects' }).boundingBox()
    expect((logout?.x ?? 0) + (logout?.width ?? 999)).toBeLessThanOrEqual(390)
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0)
    expect(await axeViolations(page)).toEqual([])
    await shootHeader(page, `${SHOTS}/switcher-390.png`)

    await page.getByRole('button', { name: 'Admin console (internal)', exact: true }).click()
    // Same URL before and after (see above): wait for the header to change.
    await page
      .locator('#project-menu summary .name')
      .filter({ hasText: /^Admin console \(internal\)$/ })
      .waitFor()
    expect(page.url()).toMatch(/\/app\/issues$/)
  })
})
