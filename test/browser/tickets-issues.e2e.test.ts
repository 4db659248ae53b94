import { randomUUID } from 'node:crypto'
import { createRequire } from 'node:module'
import { parseEnvelope } from '@suture/envelope'
import { dashboardLinks, LocalTracker } from '@suture/pm-agent'
import { type RunningServer, startServer } from '@suture/service'
import {
  type SeededProject,
  seedScoredProject,
  seedTicketAndDigest,
  seedTriageWeek,
} from '@suture/service/testing'
import { type SutureDatabase, storeEnvelopes } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/chromium.js'

const backend = TEST_DATABASES.find((b) => b.name === 'postgres' && b.available) ?? TEST_DATABASES[0]
const SHOTS = process.env.DASHBOARD_SCREENSHOTS ?? '/tmp'
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

// Each payload sets `window.__xss` if it ever runs; the page must show all of them as text.
const XSS_BODY = [
  '## What happened',
  '',
  'Users on `/checkout/:id` hit **TypeError**. See [the issue](https://suture.example/app/issues/k).',
  '',
  '<script>window.__xss = "script"</script>',
  '<img src=x onerror="window.__xss = \'img\'">',
  "[click me](javascript:window.__xss='href')",
  "[entity](&#106;avascript:window.__xss='entity')",
  "![pic](javascript:window.__xss='image')",
  '<a href="javascript:window.__xss=\'raw-a\'">raw anchor</a>',
  '<svg onload="window.__xss=\'svg\'"></svg>',
  '<iframe src="javascript:window.__xss=\'iframe\'"></iframe>',
  '',
  '| route | users |',
  '|---|---|',
  '| `/checkout/:id` | 7 |',
  '',
  '- [ ] reproduce',
  '- [x] triaged',
].join('\n')

async function noHorizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE })
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> }
      }
    ).axe
    return axe.run()
  })
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

describe('ticket and issue pages in real Chromium', () => {
  let database: SutureDatabase
  let server: RunningServer
  let seeded: SeededProject
  let browser: Browser
  let context: BrowserContext
  let page: Page
  let identifier: string
  const clusterKey = 'cluster-checkout-typeerror'

  beforeAll(async () => {
    if (!backend) throw new Error('no test database backend')
    database = await backend.open()
    seeded = await seedScoredProject(database, { sessions: 40, days: 14 })
    await seedTicketAndDigest(database, seeded.projectId, {
      clusterKey,
      title: 'TypeError on /checkout/:id',
      week: '2026-W48',
      markdown: '# Digest',
      html: '<h1>Digest</h1>',
    })
    const [a, b] = seeded.errorEnvelopeIds
    await seedTriageWeek(database, seeded.projectId, {
      week: '2026-W48',
      ticketKey: clusterKey,
      pair: [a ?? '', b ?? ''],
    })
    server = await startServer({ database, closeDatabase: false })
    const tracker = new LocalTracker({ db: database.db, projectId: seeded.projectId, baseUrl: server.url })
    const ref = await tracker.create({
      clientId: randomUUID(),
      title: 'Checkout crashes <b>for</b> "everyone"',
      body: XSS_BODY,
      priority: 1,
      labels: ['suture', 'bug', 'auto-fixable'],
    })
    identifier = ref.identifier
    expect(ref.url).toBe(dashboardLinks(server.url).ticket(identifier))
    await tracker.comment(ref.id, {
      clientId: randomUUID(),
      body: '**Suture, 2026-W48:** 12 signals <img src=x onerror="window.__xss=\'comment\'">',
    })
    await tracker.attachLink(ref.id, {
      url: dashboardLinks(server.url).issue(clusterKey, seeded.projectId),
      title: 'Suture issue',
    })
    await tracker.attachLink(ref.id, { url: 'javascript:window.__xss="attachment"', title: 'bad link' })
    browser = await launchChromium()
    // bypassCSP: the page's CSP would block an injected script anyway; the escaping alone must hold, and
    // axe-core is injected as a script tag.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
    page = await context.newPage()
    await page.goto(`${server.url}/app/login`)
    await page.fill('#key', seeded.secretKey)
    await page.click('button[type=submit]')
    await page.waitForURL(/\/app\//)
  }, 120_000)

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await database?.close()
  })

  it('renders a local ticket: markdown as safe HTML, every XSS payload inert, comments, labels, links', async () => {
    const response = await page.goto(dashboardLinks(server.url).ticket(identifier))
    expect(response?.status()).toBe(200)
    expect(await page.locator('h1').textContent()).toContain('Checkout crashes <b>for</b> "everyone"')
    expect(await page.locator('.markdown table td').first().textContent()).toContain('/checkout/:id')
    expect((await page.locator('.markdown h2').textContent())?.trim()).toBe('What happened')
    expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss)).toBeUndefined()
    const dangerous = await page.evaluate(() => ({
      scripts: document.querySelectorAll('main script, main iframe, main svg:not(.spark), main img').length,
      handlers: [...document.querySelectorAll('main *')].filter((el) =>
        [...el.attributes].some((a) => a.name.startsWith('on')),
      ).length,
      scriptHrefs: [...document.querySelectorAll('main a')].filter((a) =>
        /^\s*javascript:/i.test(a.getAttribute('href') ?? ''),
      ).length,
    }))
    expect(dangerous).toEqual({ scripts: 0, handlers: 0, scriptHrefs: 0 })
    // The payloads are there, as text a person can read.
    expect(await page.locator('.markdown').first().textContent()).toContain(
      '<script>window.__xss = "script"</script>',
    )
    expect(await page.locator('.comments').textContent()).toContain('12 signals <img src=x')
    expect(await page.locator('.ticket-meta').textContent()).toContain('auto-fixable')
    expect(await page.locator('a', { hasText: 'Suture issue' }).getAttribute('href')).toBe(
      dashboardLinks(server.url).issue(clusterKey, seeded.projectId),
    )
    expect(await page.locator('a', { hasText: 'bad link' }).count()).toBe(0)
    expect(await axeViolations(page)).toEqual([])
    await page.screenshot({ path: `${SHOTS}/dashboard-ticket.png`, fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0)
    await page.screenshot({ path: `${SHOTS}/dashboard-ticket-390.png`, fullPage: true })
    await page.setViewportSize({ width: 1280, height: 900 })
  }, 60_000)

  it('shows an issue: what users attempted first, the sample with breadcrumbs and stack, ticket, validation, pairs', async () => {
    const response = await page.goto(dashboardLinks(server.url).issue(clusterKey, seeded.projectId))
    expect(response?.status()).toBe(200)
    const firstCard = page.locator('main section.card').first()
    expect((await firstCard.locator('h2').textContent())?.trim()).toBe('What users were attempting')
    expect(await firstCard.textContent()).toContain('paying for an order')
    expect(await page.locator('.stats').textContent()).toContain('12')
    expect(await page.locator('main').textContent()).toContain('back-to-baseline')
    expect(await page.locator('#pairs').textContent()).toContain('semantics agreed')
    expect(await page.locator('details.sample').first().textContent()).toContain('Breadcrumbs')
    expect(await axeViolations(page)).toEqual([])
    await page.screenshot({ path: `${SHOTS}/dashboard-issue.png`, fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0)
    await page.screenshot({ path: `${SHOTS}/dashboard-issue-390.png`, fullPage: true })
    await page.setViewportSize({ width: 1280, height: 900 })
  }, 60_000)

  it('lists the issues of a week: clusters and untriaged errors, searchable, filterable, sortable, paged', async () => {
    const titles = async (query: string) => {
      const response = await page.goto(`${server.url}/app/issues?week=2026-W48${query}`)
      expect(response?.status()).toBe(200)
      return page.locator('table.issues tbody td.issue-cell > :first-child').allTextContents()
    }
    const all = await titles('')
    expect(all).toContain('TypeError on /checkout/:id')
    expect(all).toContain('Invoice download fails on /billing/invoices/:id')
    expect(await titles('&q=BILLING')).toEqual(['Invoice download fails on /billing/invoices/:id'])
    expect(await titles('&q=fp_3f2a9c1d')).toEqual(['TypeError on /checkout/:id'])
    expect(await titles('&q=LOCAL-1')).toEqual(['TypeError on /checkout/:id'])
    expect(await titles('&status=held-for-humans')).toEqual([
      'Invoice download fails on /billing/invoices/:id',
    ])
    expect(await titles('&held=yes')).toEqual(['Invoice download fails on /billing/invoices/:id'])
    expect(await titles('&fixable=yes&department=Engineering')).toEqual(['TypeError on /checkout/:id'])
    expect((await titles('&sort=users'))[0]).toBe('TypeError on /checkout/:id')
    // Paging: one row a page, every row reachable, none twice.
    const paged: string[] = []
    for (let n = 1; n <= all.length; n++) paged.push(...(await titles(`&per=1&page=${n}`)))
    expect(paged.sort()).toEqual([...all].sort())
    expect(await page.locator('.pager').textContent()).toContain(`Page ${all.length} of ${all.length}`)
    // The ticket column links to the ticket's page.
    await page.goto(`${server.url}/app/issues?week=2026-W48&q=checkout`)
    expect(await page.locator('table.issues a', { hasText: 'LOCAL-1' }).getAttribute('href')).toBe(
      '/app/tickets/LOCAL-1',
    )
    expect(await page.locator('table.issues svg.spark').count()).toBeGreaterThan(0)
    expect(await axeViolations(page)).toEqual([])
    await page.goto(`${server.url}/app/issues?week=2026-W48`)
    await page.screenshot({ path: `${SHOTS}/dashboard-issues.png`, fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0)
    await page.screenshot({ path: `${SHOTS}/dashboard-issues-390.png`, fullPage: true })
    await page.setViewportSize({ width: 1280, height: 900 })
  }, 120_000)

  it('shows an error stored this week on the Issues page at once, before any triage, by environment', async () => {
    const envelope = (id: string, environment: string) => {
      const parsed = parseEnvelope({
        id,
        schemaVersion: 1,
        kind: 'error',
        occurredAt: new Date().toISOString(),
        app: { name: 'shop', release: '2.0.0', environment },
        route: { template: '/onboarding', url: 'https://shop.example/onboarding' },
        error: {
          type: 'RangeError',
          message: `First error of a new app (${environment})`,
          handled: false,
          mechanism: 'boundary',
        },
      })
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
      return parsed.value
    }
    await storeEnvelopes(database.db, seeded.projectId, [
      envelope('env_first_prod', 'production'),
      envelope('env_first_stage', 'staging'),
    ])
    const response = await page.goto(`${server.url}/app/issues`)
    expect(response?.status()).toBe(200)
    expect(await page.locator('h1 + .sub').textContent()).toContain('not triaged yet')
    const text = await page.locator('table.issues').textContent()
    expect(text).toContain('RangeError: First error of a new app')
    expect(text).toContain('not triaged yet')
    await page.goto(`${server.url}/app/issues?env=staging`)
    const staging = await page.locator('table.issues tbody td.issue-cell > :first-child').allTextContents()
    expect(staging).toEqual(['RangeError: First error of a new app (staging)'])
  })

  it('names the filter it cannot read instead of failing', async () => {
    const response = await page.goto(`${server.url}/app/issues?status=bogus`)
    expect(response?.status()).toBe(400)
    expect(await page.locator('.error').textContent()).toContain('"status"')
  })

  it('draws the sessions charts legibly: department names not clipped, "No department", the NPS line in the legend', async () => {
    await page.goto(`${server.url}/app/sessions`)
    expect(await page.locator('.legend').first().textContent()).toContain('Implied NPS (line, right axis')
    const labels = await page.locator('#nps-departments g.dept').evaluateAll((groups) =>
      groups.map((g) => {
        const text = g.querySelector('text') as SVGTextElement
        return { label: text.textContent ?? '', left: text.getBBox().x }
      }),
    )
    expect(labels.length).toBeGreaterThan(0)
    for (const { label, left } of labels) {
      expect(label).not.toBe('None')
      expect(left, `"${label}" starts inside the chart`).toBeGreaterThanOrEqual(0)
    }
  })

  it('shows each needs-confirmation pair side by side: title, route, first frames, sample, the agreeing signal', async () => {
    await page.goto(`${server.url}/app/clusters#pairs`)
    const row = page.locator('#pairs-table tbody tr').first()
    const sides = row.locator('td.pair-side')
    expect(await sides.count()).toBe(2)
    for (const n of [0, 1]) {
      const side = sides.nth(n)
      expect(await side.locator('code').count(), 'the route').toBe(1)
      expect(await side.locator('.frames li').count(), 'first frames').toBeGreaterThan(0)
      expect(await side.locator('a[href^="/app/issues/"]').count(), 'a link to its issue').toBe(1)
    }
    expect(await row.textContent()).toContain('semantics')
    expect(await axeViolations(page)).toEqual([])
    await page.screenshot({ path: `${SHOTS}/dashboard-pairs.png`, fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0)
    await page.locator('#pairs').screenshot({ path: `${SHOTS}/dashboard-pairs-390.png` })
    await page.setViewportSize({ width: 1280, height: 900 })
  }, 60_000)

  it('answers unknown tickets and issues with a 404 page, and another project’s issue with whose it is', async () => {
    expect((await page.goto(`${server.url}/app/tickets/LOCAL-999999`))?.status()).toBe(404)
    expect((await page.goto(`${server.url}/app/issues/nope`))?.status()).toBe(404)
    const other = await page.goto(`${server.url}/app/issues/nope?project=someone-else`)
    expect(other?.status()).toBe(403)
    expect(await page.locator('.empty').textContent()).toContain('belongs to another project')
  })

  it('redirects the links older versions wrote, and / to the dashboard', async () => {
    const legacy = await fetch(`${server.url}/clusters/${seeded.projectId}/${clusterKey}`, {
      redirect: 'manual',
    })
    expect(legacy.status).toBe(301)
    expect(legacy.headers.get('location')).toBe(`/app/issues/${clusterKey}?project=${seeded.projectId}`)
    const ticket = await fetch(`${server.url}/tickets/${identifier}`, { redirect: 'manual' })
    expect(ticket.headers.get('location')).toBe(`/app/tickets/${identifier}`)
    const root = await fetch(`${server.url}/`, { redirect: 'manual' })
    expect(root.headers.get('location')).toBe('/app')
  })
})
