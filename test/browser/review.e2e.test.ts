import { seedProposal } from '@suture/fixer/testing'
import { type RunningServer, reportFix, startServer } from '@suture/service'
import { seedTicketAndDigest } from '@suture/service/testing'
import { createProject, type SutureDatabase } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../support/chromium.js'

const backend = TEST_DATABASES.find((b) => b.name === 'postgres' && b.available) ?? TEST_DATABASES[0]
const SHOTS = process.env.DASHBOARD_SCREENSHOTS ?? '/tmp'

describe('the Review page in real Chromium, driven by the keyboard', () => {
  let database: SutureDatabase
  let server: RunningServer
  let browser: Browser
  let page: Page
  let secretKey: string
  let projectId: string

  beforeAll(async () => {
    if (!backend) throw new Error('no test database backend')
    database = await backend.open()
    const project = await createProject(database.db, { name: 'Review e2e' })
    secretKey = project.secretKey
    projectId = project.projectId
    for (const [i, id] of ['LOCAL-1', 'LOCAL-2', 'LOCAL-3'].entries()) {
      await seedProposal(database.db, project.projectId, {
        run_id: `run-${i + 1}`,
        ticket_id: `t-${i + 1}`,
        ticket_identifier: id,
        cluster_key: `k-${i + 1}`,
        finished: `2026-12-02T0${i + 3}:00:00.000Z`,
      })
    }
    server = await startServer({ database, closeDatabase: false })
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await database?.close()
  })

  const decisions = () =>
    database.db
      .selectFrom('fix_reviews')
      .select(['run_id', 'decision', 'comment'])
      .orderBy('run_id')
      .execute()

  it('shows the queue at 1280 and 390 px, then merges, redirects and closes with m / j / r / w', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
    page = await context.newPage()
    const errors: Error[] = []
    page.on('pageerror', (error) => errors.push(error))
    await page.goto(`${server.url}/app/review`)
    await page.fill('#key', secretKey)
    await page.click('button[type=submit]')
    // Login returns to the page that was asked for.
    await page.waitForURL(/\/app\/review$/)
    await page.goto(`${server.url}/app/review`)
    await expect.poll(() => page.locator('article.proposal').count()).toBe(3)
    // The keyboard script ran (same-origin script allowed by the CSP) and selected the first card.
    await expect.poll(() => page.locator('article.proposal.selected').getAttribute('data-run')).toBe('run-1')
    expect(await page.locator('pre.diff span.add').first().textContent()).toContain('inviter?.name')
    await page.screenshot({ path: `${SHOTS}/review-1280.png`, fullPage: true })

    await page.setViewportSize({ width: 390, height: 844 })
    await page.screenshot({ path: `${SHOTS}/review-390.png`, fullPage: true })
    const overflow = await page.evaluate(() => {
      const wide = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        // Inside a horizontal scroller (the diff, the numbers table) is fine: the page itself does not scroll.
        .filter((e) => e.closest('pre.diff, .wrap') === null)
        .map((e) => `${e.tagName}.${e.className}`)
      return { by: document.documentElement.scrollWidth - window.innerWidth, wide: wide.slice(0, 8) }
    })
    expect(overflow).toEqual({ by: 0, wide: [] })

    // j then k comes back; m merges the selected (first) proposal.
    await page.keyboard.press('j')
    await expect.poll(() => page.locator('article.proposal.selected').getAttribute('data-run')).toBe('run-2')
    await page.keyboard.press('k')
    await expect.poll(() => page.locator('article.proposal.selected').getAttribute('data-run')).toBe('run-1')
    await page.keyboard.press('m')
    await page.waitForURL(/done=merged/)
    await expect.poll(() => page.locator('article.proposal').count()).toBe(2)

    // r focuses the redirect comment of the selected card; Ctrl+Enter sends it.
    await page.keyboard.press('r')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('comment')
    await page.keyboard.type('Guard in the serializer, not the view')
    await page.keyboard.press('Control+Enter')
    await page.waitForURL(/done=redirected/)
    await expect.poll(() => page.locator('article.proposal').count()).toBe(1)

    // w on the last one: an empty reason is refused by the form, a reason closes it.
    await page.keyboard.press('w')
    await page.keyboard.press('Control+Enter')
    expect(await page.locator('article.proposal').count()).toBe(1)
    await page.keyboard.type('Needs a product decision')
    await page.keyboard.press('Control+Enter')
    await page.waitForURL(/done=closed-wrong-tree/)
    await expect.poll(() => page.locator('.empty').textContent()).toContain('Nothing waits for review')
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.screenshot({ path: `${SHOTS}/review-done-1280.png`, fullPage: true })

    expect(await decisions()).toEqual([
      { run_id: 'run-1', decision: 'merged', comment: null },
      { run_id: 'run-2', decision: 'redirected', comment: 'Guard in the serializer, not the view' },
      { run_id: 'run-3', decision: 'closed-wrong-tree', comment: 'Needs a product decision' },
    ])
    expect(errors).toEqual([])
    await context.close()
  })
  it("shows an external fixer's proposal and the decided list at 390 px without page overflow", async () => {
    await seedTicketAndDigest(database, projectId, {
      clusterKey: 'cluster-members',
      title: 'TypeError: inviter is null',
      week: '2026-W48',
      html: '',
      markdown: '',
    })
    await reportFix(database.db, projectId, {
      ticket: 'LOCAL-1',
      pr: 'https://github.com/acme/web/pull/31',
      costUsd: 4.2,
      state: 'open',
      agent: 'cursor',
      summary: 'Guard the missing inviter in inviteLine and fall back to "a teammate"',
      reasoning:
        'Invites created by the new invite flow carry inviter: null, and inviteLine read .name of it. The fix guards the value where the line is built, so every caller gets the fallback.',
    })
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } })
    const mobile = await context.newPage()
    const errors: Error[] = []
    mobile.on('pageerror', (error) => errors.push(error))
    await mobile.goto(`${server.url}/app/review`)
    await mobile.fill('#key', secretKey)
    await mobile.click('button[type=submit]')
    await mobile.waitForURL(/\/app\/review$/)
    await mobile.goto(`${server.url}/app/review`)
    await expect.poll(() => mobile.locator('article.proposal').count()).toBe(1)
    expect(await mobile.locator('article.proposal .pill').first().textContent()).toBe('external fixer')
    expect(await mobile.locator('article.proposal .summary').textContent()).toContain(
      'Guard the missing inviter',
    )
    expect(await mobile.locator('#decided tbody tr').count()).toBe(3)
    await mobile.screenshot({ path: `${SHOTS}/review-external-390.png`, fullPage: true })
    const overflow = await mobile.evaluate(() => {
      const wide = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .filter((e) => e.closest('pre.diff, .wrap') === null)
        .map((e) => `${e.tagName}.${e.className}`)
      return { by: document.documentElement.scrollWidth - window.innerWidth, wide: wide.slice(0, 8) }
    })
    expect(overflow).toEqual({ by: 0, wide: [] })
    expect(errors).toEqual([])
    await context.close()
  })
})
