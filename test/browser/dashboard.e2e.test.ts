import { loadTicketableTriage, produceDigest, runTriage } from '@suture/pm-agent'
import { writeConstructedWeek } from '@suture/pm-agent/testing'
import { type RunningServer, startServer } from '@suture/service'
import {
  type SeededProject,
  seedScoredProject,
  seedTicketAndDigest,
  seedTriageWeek,
} from '@suture/service/testing'
import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/chromium.js'

// The real Postgres opens in about a second; PGlite is the fallback when it is not running.
const backend = TEST_DATABASES.find((b) => b.name === 'postgres' && b.available) ?? TEST_DATABASES[0]
const SHOTS = process.env.DASHBOARD_SCREENSHOTS ?? '/tmp'

describe('the dashboard in real Chromium', () => {
  let database: SutureDatabase
  let server: RunningServer
  let seeded: SeededProject
  let browser: Browser
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    if (!backend) throw new Error('no test database backend')
    database = await backend.open()
    seeded = await seedScoredProject(database, { sessions: 80, days: 21 })
    await seedTicketAndDigest(database, seeded.projectId, {
      clusterKey: 'cluster-checkout-typeerror',
      title: 'TypeError: Cannot read properties of undefined on /checkout/:id',
      week: '2026-W48',
      markdown: '# Suture digest 2026-W48\n\n- TypeError on /checkout/:id',
      html:
        '<!doctype html><html><head><style>body{font-family:system-ui;padding:16px}</style></head><body>' +
        '<h1>Suture digest 2026-W48</h1><p>1 ticket filed: <b>TypeError on /checkout/:id</b></p>' +
        '<script>document.body.dataset.ran = "yes"</script></body></html>',
    })
    const [a, b] = seeded.errorEnvelopeIds
    await seedTriageWeek(database, seeded.projectId, {
      week: '2026-W48',
      ticketKey: 'cluster-checkout-typeerror',
      pair: [a ?? '', b ?? ''],
    })
    server = await startServer({
      database,
      closeDatabase: false,
    })
    browser = await launchChromium()
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    page = await context.newPage()
    page.on('pageerror', (error) => {
      throw error
    })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await database?.close()
  })

  it('refuses the public key on the login form', async () => {
    await page.goto(`${server.url}/app/sessions`)
    expect(new URL(page.url()).pathname).toBe('/app/login')
    await page.fill('#key', seeded.publicKey)
    await page.click('button[type=submit]')
    await expect.poll(() => page.locator('.error').textContent()).toContain('public ingest key')
    await page.screenshot({ path: `${SHOTS}/dashboard-login.png` })
  })

  it('logs in with the secret key and draws the charts with the scored sessions', async () => {
    await page.fill('#key', seeded.secretKey)
    await page.click('button[type=submit]')
    await page.waitForURL(/\/app\/sessions$/)
    const cookies = await context.cookies()
    const session = cookies.find((c) => c.name === 'suture_dash')
    expect(session?.httpOnly).toBe(true)
    expect(session?.sameSite).toBe('Strict')

    const bars = page.locator('#nps-daily g.bar')
    expect(await bars.count()).toBe(30)
    const totals = await bars.evaluateAll((gs) => gs.map((g) => Number(g.getAttribute('data-total'))))
    expect(totals.reduce((a, b) => a + b, 0)).toBe(seeded.scored)
    // Drawn, not just present: the tallest bar has a real height on screen.
    const tallest = totals.indexOf(Math.max(...totals))
    const box = await bars.nth(tallest).locator('rect[fill^="#"]').first().boundingBox()
    expect(box?.height ?? 0).toBeGreaterThan(5)
    expect(await page.locator('#nps-daily circle.nps-point').count()).toBeGreaterThan(10)
    expect(await page.locator('#nps-departments g.dept').count()).toBeGreaterThan(0)
    expect(await page.locator('#sessions-list tbody tr').count()).toBe(50)
    await page.screenshot({ path: `${SHOTS}/dashboard-sessions.png`, fullPage: true })
  })

  it('opens a low session and shows its timeline with the error and the feedback', async () => {
    const errored = seeded.erroredSessionIds[0] ?? ''
    await page.goto(`${server.url}/app/sessions/${encodeURIComponent(errored)}`)
    await expect.poll(() => page.locator('#timeline li.error').count()).toBe(1)
    expect(await page.locator('#timeline li.feedback').count()).toBe(1)
    await page.screenshot({ path: `${SHOTS}/dashboard-session.png`, fullPage: true })
  })

  it('shows clusters with their ticket and validation, and confirms a pair with "Same"', async () => {
    await page.goto(`${server.url}/app/clusters`)
    await expect.poll(() => page.locator('#clusters tbody tr[data-cluster]').count()).toBe(2)
    expect(await page.getByText('back-to-baseline').count()).toBe(1)
    await page.locator('#clusters details summary').first().click()
    expect(await page.locator('#clusters pre.sample').first().isVisible()).toBe(true)
    await page.screenshot({ path: `${SHOTS}/dashboard-clusters.png`, fullPage: true })

    const pair = page.locator('#pairs-table tbody tr').first()
    expect(await pair.getAttribute('data-answer')).toBe('')
    await pair.locator('button[data-answer=same]').click()
    await page.waitForURL(/decided=same/)
    await expect.poll(() => page.locator('.notice').textContent()).toContain('merge these two')
    expect(await page.locator('#pairs-table tbody tr').first().getAttribute('data-answer')).toBe('same')
    const stored = await database.db
      .selectFrom('pair_decisions')
      .select(['answer', 'cluster_a', 'cluster_b'])
      .where('project_id', '=', seeded.projectId)
      .execute()
    expect(stored).toHaveLength(1)
    expect(stored[0]?.answer).toBe('same')
    expect(new Set([stored[0]?.cluster_a, stored[0]?.cluster_b])).toEqual(
      new Set(['cluster-checkout-typeerror', 'cluster-billing-invoice']),
    )
    await page.screenshot({ path: `${SHOTS}/dashboard-pair-confirmed.png`, fullPage: true })
  })

  it('shows the digest inline, from its Markdown, with no script of it running', async () => {
    await page.click('text=Digest')
    await expect.poll(() => page.locator('#digest h1').textContent()).toBe('Suture digest 2026-W48')
    expect(await page.locator('iframe').count()).toBe(0)
    expect(await page.locator('body').getAttribute('data-ran')).toBeNull()
    await page.screenshot({ path: `${SHOTS}/dashboard-digest.png`, fullPage: true })
  })

  it('logs out', async () => {
    // Logging out sits in the header's project menu, with the other projects of the session.
    await page.click('#project-menu summary')
    await page.click('text=Log out')
    await page.waitForURL(/\/app\/login\?out=1$/)
    await page.goto(`${server.url}/app/sessions`)
    expect(new URL(page.url()).pathname).toBe('/app/login')
  })

  it('confirms a pair from a real triage run, and the next run merges it', async () => {
    const project = await createProject(database.db, { name: 'Triage week' })
    const constructed = await writeConstructedWeek(database.db, project.projectId)
    await runTriage({ db: database.db, projectId: project.projectId, week: constructed.week })

    await page.goto(`${server.url}/app/login`)
    await page.fill('#key', project.secretKey)
    await page.click('button[type=submit]')
    await page.waitForURL(/\/app\/issues$/)
    await page.click('text=Clusters & tickets')
    const pair = page.locator('#pairs-table tr[data-pair*="exp-"]').first()
    await expect.poll(() => pair.count()).toBe(1)
    expect(await page.locator('#clusters tbody tr[data-cluster]').count()).toBeGreaterThan(3)
    await page.screenshot({ path: `${SHOTS}/dashboard-triage.png`, fullPage: true })
    await pair.locator('button[data-answer=same]').click()
    await page.waitForURL(/decided=same/)

    await runTriage({ db: database.db, projectId: project.projectId, week: constructed.week })
    await page.goto(`${server.url}/app/clusters`)
    expect(await page.locator('#pairs-table tr[data-pair*="exp-"]').count()).toBe(0)
    const merged = page.locator('#clusters tbody tr[data-cluster]', { hasText: 'human ×1' })
    expect(await merged.count()).toBe(1)
    expect(await merged.locator('.pill', { hasText: /^ticket$/ }).count()).toBe(1)
    await page.screenshot({ path: `${SHOTS}/dashboard-triage-merged.png`, fullPage: true })

    // The digest job's own output, as the Digest page shows it.
    const triage = await loadTicketableTriage(database.db, project.projectId, constructed.week)
    await produceDigest({
      db: database.db,
      projectId: project.projectId,
      week: constructed.week,
      shadow: true,
      clusters: triage.clusters,
    })
    await page.click('text=Digest')
    await expect.poll(() => page.locator('#digest h1').first().textContent()).toContain(constructed.week)
    // The digest says it was written in shadow mode, and the project's mode card says it still is.
    expect(await page.locator('.pill.warn', { hasText: 'shadow mode: nothing was filed' }).count()).toBe(1)
    expect(await page.locator('#mode .pill.warn', { hasText: 'shadow mode' }).count()).toBe(1)
    await page.screenshot({ path: `${SHOTS}/dashboard-digest-real.png`, fullPage: true })
  })
})
