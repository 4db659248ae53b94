import { randomUUID } from 'node:crypto'
import { parseEnvelope } from '@suture/envelope'
import { dashboardLinks, LocalTracker } from '@suture/pm-agent'
import { type RunningServer, startServer } from '@suture/service'
import {
  type SeededProject,
  seedScoredProject,
  seedTicketAndDigest,
  seedTriageWeek,
} from '@suture/service/testing'
import { resolveKey, type SutureDatabase, storeEnvelopes } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/chromium.js'
import { axeViolations, noHorizontalOverflow } from '../support/page-checks.js'

const backend = TEST_DATABASES.find((b) => b.name === 'postgres' && b.available) ?? TEST_DATABASES[0]
const SHOTS = process.env.DASHBOARD_SCREENSHOTS ?? '/tmp'

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

describe('ticket, issue, session and project pages in real Chromium', () => {
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
    // A link as long as a real one, with no hyphen to break at: its URL must wrap at 390 px, not widen the page.
    await tracker.attachLink(ref.id, {
      url: 'https://linear.app/acme/issue/ENG1234?focusedCommentId=0c1d1f60c6c9689c25a7b3e1d2f4c5a6b7c8d9e0',
      title: 'Linear issue',
    })
    browser = await launchChromium()
    // bypassCSP: the page's CSP would block an injected script anyway; the escaping alone must hold, and
    // axe-core is injected as a script tag.
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true })
    page = await context.newPage()
    await page.goto(`${server.url}/app/login`)
    await page.fill('#key', seeded.secretKey)
    await page.click('button[type=submit]')
    // Not /\/app\//: the login page matches that already.
    await page.waitForURL(/\/app\/issues$/)
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
    // Its row opens a page before any triage: the stack and breadcrumbs of the newest sample, no priority.
    await page.locator('table.issues tbody td.issue-cell > a').first().click()
    await page.waitForURL(/\/app\/issues\/[^/?]+\?week=\d{4}-W\d{2}$/)
    expect(await page.locator('h1').textContent()).toBe('RangeError: First error of a new app (staging)')
    const issuePage = (await page.locator('body').textContent()) ?? ''
    expect(issuePage).toContain('not triaged yet')
    expect(issuePage).toContain('Breadcrumbs')
    expect(issuePage).toContain('2.0.0')
    expect(issuePage).not.toMatch(/P0 none/)
    // The envelope names no user: the page says why there is no count instead of "0 users".
    expect(issuePage).toContain('users (no getActor)')
    expect(await axeViolations(page)).toEqual([])
    await page.screenshot({ path: `${SHOTS}/dashboard-untriaged-issue.png`, fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0)
    await page.setViewportSize({ width: 1280, height: 900 })
    // Latest errors lists it too, readable at phone width (its table scrolls inside its own box).
    await page.goto(`${server.url}/app/errors`)
    expect(await page.locator('table').textContent()).toContain('RangeError: First error of a new app')
    await page.setViewportSize({ width: 390, height: 844 })
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0)
    await page.screenshot({ path: `${SHOTS}/dashboard-errors-390.png`, fullPage: true })
    await page.setViewportSize({ width: 1280, height: 900 })
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
    // Each row's figure, made as wide as it gets, stays inside the chart and clear of its bar.
    const figures = await page.locator('#nps-departments g.dept').evaluateAll((groups) =>
      groups.map((g) => {
        const svg = (g as SVGGElement).ownerSVGElement as SVGSVGElement
        const texts = g.querySelectorAll('text')
        const figure = texts[texts.length - 1] as SVGTextElement
        figure.textContent = 'NPS -100 · 9999'
        const box = figure.getBBox()
        const barEnd = Math.max(
          ...[...g.querySelectorAll('rect')].map((r) => r.getBBox().x + r.getBBox().width),
        )
        return { left: box.x, right: box.x + box.width, barEnd, width: svg.viewBox.baseVal.width }
      }),
    )
    for (const f of figures) {
      expect(f.right).toBeLessThanOrEqual(f.width)
      expect(f.left).toBeGreaterThan(f.barEnd)
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

  it('lists every session: paged, each filter, sorted, each row linking its issues; a bad filter is a 400 naming it', async () => {
    const rows = async (query: string, status = 200) => {
      const response = await page.goto(`${server.url}/app/sessions${query}`)
      expect(response?.status(), query).toBe(status)
      return page.locator('#sessions-list tbody tr').evaluateAll((trs) =>
        trs.map((tr) => ({
          id: tr.getAttribute('data-session') ?? '',
          score: Number(tr.querySelector('.score')?.textContent ?? Number.NaN),
          department: tr.querySelector('td[data-label=Department] .pill')?.textContent ?? '',
          started: tr.querySelector('.session-cell .meta')?.textContent ?? '',
        })),
      )
    }
    // Paging: 7 a page, every session of the project reachable, none twice — not only the lowest 15.
    const seen: string[] = []
    for (let n = 1; n <= Math.ceil(seeded.sessionIds.length / 7); n++)
      seen.push(...(await rows(`?per=7&sort=newest&page=${n}`)).map((r) => r.id))
    expect([...seen].sort()).toEqual([...seeded.sessionIds].sort())
    expect(await page.locator('.pager').textContent()).toContain('Page 6 of 6')
    // The pager keeps the filters.
    expect(await page.locator('.pager a').first().getAttribute('href')).toBe(
      '/app/sessions?sort=newest&per=7&page=5',
    )
    const newest = await rows('?sort=newest&per=200')
    expect(newest.map((r) => r.started)).toEqual([...newest.map((r) => r.started)].sort().reverse())

    // Score range, against the latest scores as stored.
    const stored = await database.db
      .selectFrom('scores')
      .select(['session_id', 'score', 'scored_at'])
      .where('project_id', '=', seeded.projectId)
      .where('status', '=', 'scored')
      .orderBy('scored_at', 'asc')
      .execute()
    const latest = new Map(stored.map((r) => [r.session_id, r.score ?? -1]))
    const inRange = [...latest.values()].filter((v) => v >= 3 && v <= 6).length
    const ranged = await rows('?min=3&max=6&per=200')
    expect(ranged.length).toBe(inRange)
    for (const r of ranged) expect(r.score >= 3 && r.score <= 6, String(r.score)).toBe(true)
    expect([...ranged.map((r) => r.score)].sort((a, b) => a - b)).toEqual(ranged.map((r) => r.score))

    const department = (await rows('?per=200')).find((r) => r.department !== '')?.department ?? ''
    const inDepartment = await rows(`?department=${encodeURIComponent(department)}&per=200`)
    expect(inDepartment.length).toBeGreaterThan(0)
    expect(new Set(inDepartment.map((r) => r.department))).toEqual(new Set([department]))

    const errored = await rows('?error=yes&per=200')
    expect(errored.map((r) => r.id).sort()).toEqual([...seeded.erroredSessionIds].sort())
    expect((await rows('?error=no&per=200')).length).toBe(
      seeded.sessionIds.length - seeded.erroredSessionIds.length,
    )
    const onCheckout = (await rows('?route=%2Fcheckout%2F%3Aid&per=200')).map((r) => r.id)
    expect(onCheckout).toEqual(expect.arrayContaining([...seeded.erroredSessionIds]))
    const one = seeded.sessionIds[3] ?? ''
    const found = (await rows(`?q=${encodeURIComponent(one)}`)).map((r) => r.id)
    expect(found).toContain(one)
    for (const id of found) expect(id).toContain(one)
    expect(await page.locator('input[name=q]').inputValue()).toBe(one)

    for (const [query, field] of [
      ['?min=11', 'min'],
      ['?min=8&max=2', 'max'],
      ['?sort=bogus', 'sort'],
      ['?route=checkout', 'route'],
      ['?error=maybe', 'error'],
    ] as const) {
      await rows(query, 400)
      expect(await page.locator('.error').textContent(), query).toContain(`"${field}"`)
    }

    // Each errored row links its issue: a triaged cluster opens its page; an error no triage has grouped
    // opens the Issues list searched for its fingerprint. Both answer 200 and show the issue.
    await rows('?error=yes&per=200')
    const clustered = page.locator(`tr[data-session="${seeded.erroredSessionIds[0]}"] .issue-links a`)
    expect(await clustered.getAttribute('href')).toBe(dashboardLinks('').issue(clusterKey))
    const ungrouped = page.locator(`tr[data-session="${seeded.erroredSessionIds[2]}"] .issue-links a`)
    const ungroupedHref = (await ungrouped.getAttribute('href')) ?? ''
    expect(ungroupedHref).toMatch(/^\/app\/issues\?week=\d{4}-W\d{2}&q=/)
    expect(await axeViolations(page)).toEqual([])
    await page.screenshot({ path: `${SHOTS}/dashboard-sessions.png`, fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0)
    await page.screenshot({ path: `${SHOTS}/dashboard-sessions-390.png`, fullPage: true })
    await page.setViewportSize({ width: 1280, height: 900 })
    const list = await page.goto(`${server.url}${ungroupedHref}`)
    expect(list?.status()).toBe(200)
    expect(await page.locator('table.issues tbody tr').count()).toBe(1)

    const session = await page.goto(dashboardLinks(server.url).session(seeded.erroredSessionIds[0] ?? ''))
    expect(session?.status()).toBe(200)
    const [issue] = await Promise.all([
      page.waitForResponse((r) => r.url().includes(`/app/issues/${clusterKey}`)),
      page.locator('#session-issues + .issue-links a').first().click(),
    ])
    expect(issue.status()).toBe(200)
    expect(await page.locator('h1').textContent()).toContain('TypeError on /checkout/:id')
  }, 180_000)

  it('creates a project from the dashboard: keys shown once, any-origin warning, duplicate and CSRF refused', async () => {
    const submit = async (fill: () => Promise<void>) => {
      await fill()
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith('/app/projects') && r.request().method() === 'POST'),
        page.click('form.project-form button[type=submit]'),
      ])
      await page.waitForLoadState()
      return response.status()
    }
    await page.goto(`${server.url}/app/projects/new`)
    expect(await axeViolations(page)).toEqual([])
    await page.screenshot({ path: `${SHOTS}/dashboard-project-new.png`, fullPage: true })

    expect(
      await submit(async () => {
        await page.fill('#project-name', 'Checkout web')
        await page.fill('#project-origins', 'https://shop.example\nnot a url')
      }),
    ).toBe(400)
    expect(await page.locator('.error').textContent()).toContain('"origins"')
    expect(await page.locator('#project-name').inputValue()).toBe('Checkout web')

    expect(await submit(() => page.fill('#project-origins', ''))).toBe(201)
    const publicKey = (await page.locator('#public-key').textContent()) ?? ''
    const secretKey = (await page.locator('#secret-key').textContent()) ?? ''
    expect(publicKey).toMatch(/^sut_pub_/)
    expect(await page.locator('#any-origin').textContent()).toContain('any origin may send')
    expect(await page.locator('#sdk-snippet').textContent()).toContain(`publicKey: '${publicKey}'`)
    expect(await page.locator('#sdk-snippet').textContent()).toContain(`endpoint: '${server.url}'`)
    const key = await resolveKey(database.db, secretKey)
    expect(key?.kind).toBe('secret')
    expect(await axeViolations(page)).toEqual([])
    await page.screenshot({ path: `${SHOTS}/dashboard-project-created.png`, fullPage: true })
    await page.setViewportSize({ width: 390, height: 844 })
    expect(await noHorizontalOverflow(page)).toBeLessThanOrEqual(0)
    await page.screenshot({ path: `${SHOTS}/dashboard-project-created-390.png`, fullPage: true })
    await page.setViewportSize({ width: 1280, height: 900 })

    // The same name again is refused until "Create anyway" is ticked.
    await page.goto(`${server.url}/app/projects/new`)
    expect(await submit(() => page.fill('#project-name', 'checkout WEB'))).toBe(409)
    expect(await page.locator('.error').textContent()).toContain('exists already')
    expect(await submit(() => page.check('input[name=allow_duplicate]'))).toBe(201)
    const named = await database.db
      .selectFrom('projects')
      .select('id')
      .where((eb) => eb.fn<string>('lower', ['name']), '=', 'checkout web')
      .execute()
    expect(named).toHaveLength(2)

    // A form without this session's token, or posted from another site, creates nothing.
    const forged = await page.request.post(`${server.url}/app/projects`, {
      form: { name: 'Forged', _csrf: 'x'.repeat(40) },
    })
    expect(forged.status()).toBe(403)
    expect(await forged.text()).toContain('"_csrf"')
    const csrf = (await page.locator('input[name=_csrf]').first().inputValue()) ?? ''
    const crossSite = await page.request.post(`${server.url}/app/projects`, {
      form: { name: 'Forged', _csrf: csrf },
      headers: { origin: 'https://evil.example' },
    })
    expect(crossSite.status()).toBe(403)
    const forgedRows = await database.db
      .selectFrom('projects')
      .select('id')
      .where('name', '=', 'Forged')
      .execute()
    expect(forgedRows).toEqual([])
  }, 120_000)

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
