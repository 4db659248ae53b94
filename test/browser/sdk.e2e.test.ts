import { mkdir } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { completeEnvelope, parseEnvelope, parseStack } from '@suture/envelope'
import { type ReceivedRequest, type Receiver, startReceiver, waitFor } from '@suture/error-boundary/testing'
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, newTestContext } from '../support/chromium.js'
import { buildDemoApp, serveDemoApp } from './sdk-demo-server.js'

const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url))
const QUEUE_DB = 'suture-queue:acme-projects'

type Envelope = Record<string, unknown> & {
  id: string
  kind: string
  boundary?: string
  route: { template: string; url?: string }
  breadcrumbs: { label: string; type: string }[]
  error?: { type: string; message: string; stack?: string; frames: unknown[]; mechanism: string }
  feedback?: { text: string; linkedTo?: string }
}

/** Ids of envelopes waiting in the page's IndexedDB queue. */
function queuedIds(page: Page): Promise<string[]> {
  return page.evaluate(
    (name) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open(name)
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          if (!db.objectStoreNames.contains('envelopes')) {
            db.close()
            resolve([])
            return
          }
          const keys = db.transaction('envelopes').objectStore('envelopes').getAllKeys()
          keys.onsuccess = () => {
            db.close()
            resolve(keys.result.map(String))
          }
          keys.onerror = () => reject(keys.error)
        }
      }),
    QUEUE_DB,
  )
}

describe('the SDK in real Chromium, in the demo app', () => {
  let receiver: Receiver
  let app: Awaited<ReturnType<typeof serveDemoApp>>
  let removeBuild: () => Promise<void>
  let browser: Browser
  let context: BrowserContext
  let page: Page

  const received = () => receiver.envelopes() as Envelope[]
  /** What reached the receiver, for failure messages. */
  const wire = () =>
    receiver.requests
      .map(
        (r) =>
          `${r.at} ${r.url} ${r.envelopes.map((e) => `${e.kind}:${e.id}:${String(e.boundary)}`).join(' ')}`,
      )
      .join('\n')
  const errorFrom = (boundary: string) =>
    received().find((e) => e.kind === 'error' && e.boundary === boundary)
  const errorFromId = (id: string | undefined) => received().find((e) => e.id === id)

  beforeAll(async () => {
    const [build, started, launched] = await Promise.all([buildDemoApp(), startReceiver(), launchChromium()])
    removeBuild = build.remove
    receiver = started
    browser = launched
    app = await serveDemoApp(build.dir, {
      endpoint: receiver.url,
      publicKey: 'pk_e2e_demo',
      debug: process.env.DEBUG_BROWSER === '1',
      exposeClient: true,
    })
    context = await newTestContext(browser)
    page = await context.newPage()
  })

  // A test that fails while offline must not take the next tests down with it.
  afterEach(async () => {
    await context.setOffline(false)
  })

  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await app?.close()
    await receiver?.close()
    await removeBuild?.()
  })

  it('records the journey and sends a readable envelope when a named boundary catches an error', async () => {
    await page.goto(`${app.url}/`)
    await page.getByRole('link', { name: 'Members' }).click()
    await page.getByRole('heading', { name: 'Members' }).waitFor()
    await page.getByLabel('Email').fill('new.teammate@example.com')
    await page.getByLabel('Email').blur()
    await page.getByLabel('Role').selectOption('admin')
    await page.getByRole('button', { name: 'Send invite' }).click()

    const fallback = page.getByRole('alert')
    await fallback.waitFor()
    expect(await fallback.textContent()).toContain('Something went wrong here')
    expect(await fallback.getAttribute('data-suture-boundary')).toBe('MembersPage')
    await mkdir(RESULTS_DIR, { recursive: true })
    await fallback.screenshot({ path: `${RESULTS_DIR}sdk-fallback.png` })

    const envelope = await waitFor(() => errorFrom('MembersPage'), 10_000, 'the MembersPage error envelope')
    const parsed = parseEnvelope(envelope)
    expect(parsed.ok, JSON.stringify(parsed.ok ? null : parsed.issues)).toBe(true)
    expect(receiver.requests[0]?.headers['x-suture-key']).toBe('pk_e2e_demo')
    expect(envelope.route.template).toBe('/settings/members')
    expect(envelope.flags).toEqual({
      newInviteFlow: true,
      billingV2: false,
      projectReports: 'beta',
      maxSeats: 25,
    })
    // The page sends no derived line: Suture's ingest derives it from these breadcrumbs.
    expect(envelope.attempting).toBeUndefined()
    expect(parsed.ok && completeEnvelope(parsed.value).attempting).toBe(
      "submitting the 'Invite teammate' form on /settings/members",
    )
    expect(envelope.app).toEqual({ name: 'acme-projects', release: '2026.11.3', environment: 'demo' })
    expect(envelope.workspace).toEqual({ id: 'ws_acme', name: 'Acme', plan: 'team' })
    expect((envelope.actor as { idHash: string }).idHash).toMatch(/^[0-9a-f]{64}$/)
    const labels = envelope.breadcrumbs.map((b) => b.label)
    expect(labels).toEqual(
      expect.arrayContaining([
        "Clicked link 'Members'",
        'Navigated to /settings/members',
        "Changed field 'Email'",
        "Changed field 'Role'",
        "Clicked button 'Send invite'",
        "Submitted form 'Invite teammate'",
      ]),
    )
    expect(envelope.error?.type).toBe('TypeError')
    expect(envelope.error?.mechanism).toBe('boundary')
    // The raw stack goes out; the server parses the frames and computes the fingerprint from it.
    expect(parseStack(envelope.error?.stack ?? '').length).toBeGreaterThan(0)
    // What the user typed never leaves the page.
    expect(JSON.stringify(receiver.requests)).not.toContain('new.teammate@example.com')
    // React's root handler, the boundary and window.onerror all saw it: one envelope.
    expect(received().filter((e) => e.error?.message === envelope.error?.message)).toHaveLength(1)

    await page.getByLabel('What were you trying to do?').fill('Inviting our new designer')
    await page.getByRole('button', { name: 'Send' }).click()
    await page.getByText('Thanks').waitFor()
    const feedback = await waitFor(
      () => received().find((e) => e.kind === 'feedback'),
      10_000,
      'the feedback',
    )
    expect(feedback.feedback).toMatchObject({ text: 'Inviting our new designer', linkedTo: envelope.id })
  })

  it('keeps an error captured offline across a reload and delivers it exactly once when back online', async () => {
    await page.getByRole('link', { name: 'Home' }).click()
    await page.getByRole('link', { name: 'Website redesign settings' }).click()
    await page.getByRole('button', { name: 'Archive project' }).waitFor()

    // A batch already on the wire when the network drops may still land; what matters is that the
    // envelope captured offline does not.
    await context.setOffline(true)
    await page.getByRole('button', { name: 'Archive project' }).click()
    await page.getByRole('alert').waitFor()
    const ids = await pollQueue(page, (list) => list.length > 0)
    const offlineId = ids[0] as string
    expect(received().some((e) => e.id === offlineId)).toBe(false)

    // Load the app again while still offline (from the HTTP cache, as a returning visitor would): the
    // old page leaves without a beacon (navigator.onLine is false) and the new one finds the envelope
    // in IndexedDB but cannot send it yet.
    await page.goto(`${app.url}/`)
    await page.getByRole('heading', { name: 'Welcome back' }).waitFor()
    expect(await queuedIds(page)).toContain(offlineId)
    expect(received().some((e) => e.id === offlineId)).toBe(false)
    // Back online: the `online` event drains the queue.
    await context.setOffline(false)
    const delivered = await waitFor(
      () => received().find((e) => e.id === offlineId),
      10_000,
      'the offline envelope',
    )
    expect(delivered).toMatchObject({
      boundary: 'ProjectDangerZone',
      attempting: 'archiving a project',
      route: { template: '/projects/:id/settings' },
    })
    await pollQueue(page, (list) => !list.includes(offlineId))

    // Offline again, on the live page this time: the `online` event drains the queue.
    await context.setOffline(true)
    await page.getByRole('link', { name: 'Billing' }).click()
    await page.getByRole('alert').waitFor()
    const [billingId] = await pollQueue(page, (list) => list.length > 0)
    await context.setOffline(false)
    await waitFor(
      () => received().some((e) => e.id === billingId),
      10_000,
      'the billing envelope after `online`',
    )

    if (process.env.DEBUG_BROWSER === '1')
      console.log(
        receiver.requests.map((r) => `${r.at} ${r.url} ${r.envelopes.map((e) => e.id).join(',')}`).join('\n'),
        offlineId,
      )
    expect(received().filter((e) => e.id === offlineId).length, wire()).toBe(1)
    expect(received().filter((e) => e.id === billingId).length, wire()).toBe(1)
  })

  it('detects rage clicks and dead clicks on the planted buttons and reports them with the next error', async () => {
    receiver.setResponder(() => undefined)
    await page.goto(`${app.url}/projects/982/settings`)
    await page.getByRole('button', { name: 'Export CSV' }).click()
    // The dead-click verdict comes 2.5 s after the click; poll the SDK's own counters for it.
    const deadline = Date.now() + 10_000
    for (;;) {
      const dead = await page.evaluate(() => {
        const client = (window as { suture?: { frustration: { counts: { deadClicks: number } } } }).suture
        return client?.frustration.counts.deadClicks ?? 0
      })
      if (dead >= 1) break
      if (Date.now() > deadline) throw new Error('no dead click was detected within 10 s')
      await new Promise((r) => setTimeout(r, 100))
    }
    const sync = page.getByRole('button', { name: 'Sync with GitHub' })
    // One action of four clicks, as a frustrated hand makes them: four separate Playwright actions each wait
    // for actionability and can drift past the 1 s window on a busy machine.
    // The sync request's breadcrumb is written when its 500 comes back: wait for it, or on a busy machine the
    // next click's error can be captured before the answer arrives and the envelope lacks the breadcrumb.
    const syncAnswered = page.waitForResponse((r) => r.url().includes('/sync') && r.status() === 500)
    await sync.click({ clickCount: 4 })
    await syncAnswered
    await page.getByRole('button', { name: 'Archive project' }).click()
    await page.getByRole('alert').waitFor()
    const envelope = await waitFor(
      () =>
        received().find((e) => e.boundary === 'ProjectDangerZone' && e.route.url?.includes('/projects/982/')),
      10_000,
      'the envelope from /projects/982/settings',
    )
    const frustration = envelope.frustration as {
      rageClicks: number
      deadClicks: number
      errorClicks: number
    }
    expect(frustration.rageClicks).toBe(1)
    expect(frustration.deadClicks).toBeGreaterThanOrEqual(1)
    expect(frustration.errorClicks).toBeGreaterThanOrEqual(1)
    const labels = envelope.breadcrumbs.map((b) => b.label)
    expect(labels).toEqual(
      expect.arrayContaining([
        "Rage-clicked 'Sync with GitHub' (3 times in 1 s)",
        'POST /api/projects/:id/sync → 500',
        "Dead click on 'Export CSV' (nothing happened for 2.5 s)",
        "Clicked button 'Archive project'",
      ]),
    )
  })

  it('waits for Retry-After when the server answers 429', async () => {
    let limited = false
    receiver.setResponder(() => {
      if (limited) return undefined
      limited = true
      return { status: 429, headers: { 'retry-after': '2' }, body: { error: 'rate_limited' } }
    })
    const before = receiver.requests.length
    // A different error from the last test's: the same one again within 2 s would be de-duplicated.
    await page.getByRole('link', { name: 'Billing' }).click()
    await page.getByRole('alert').waitFor()
    await waitFor(() => receiver.requests.length >= before + 2, 15_000, 'the retry after 429').catch(
      (error) => {
        throw new Error(`${String(error)}; received:\n${wire()}`)
      },
    )
    const [refused, retried] = receiver.requests.slice(before)
    expect(
      retried?.envelopes.map((e) => e.id),
      wire(),
    ).toEqual(refused?.envelopes.map((e) => e.id))
    expect((retried?.at ?? 0) - (refused?.at ?? 0)).toBeGreaterThanOrEqual(2_000)
  })

  it('keeps an error captured while the server is down across a reload, and delivers it exactly once when it is back', async () => {
    receiver.setResponder(() => undefined)
    await page.goto(`${app.url}/projects/7/settings`)
    await page.getByRole('button', { name: 'Archive project' }).waitFor()
    const port = receiver.port
    const before = new Set(received().map((e) => e.id))
    await receiver.close()

    await page.getByRole('button', { name: 'Archive project' }).click()
    await page.getByRole('alert').waitFor()
    const [downId] = (await pollQueue(page, (list) => list.some((id) => !before.has(id)))).filter(
      (id) => !before.has(id),
    )
    // Leaving fires pagehide: the beacon goes out (the browser is online) but nobody is listening, so
    // the envelope must still be in IndexedDB for the next page.
    await page.reload()
    await page.getByRole('button', { name: 'Archive project' }).waitFor()
    expect(await queuedIds(page)).toContain(downId)

    receiver = await startReceiver(() => undefined, port)
    await waitFor(
      () => receiver.stored.has(downId as string),
      15_000,
      'the envelope after the server is back',
    )
    await pollQueue(page, (list) => !list.includes(downId as string))
    expect(received().filter((e) => e.id === downId).length, wire()).toBe(1)
    expect(errorFromId(downId)).toMatchObject({
      boundary: 'ProjectDangerZone',
      attempting: 'archiving a project',
    })
  })

  it('keeps errors while the key is refused, warns once with the server message, and delivers them after a rebuild with the right key', async () => {
    const right = 'pk_e2e_demo'
    const message = 'This key is unknown or revoked; check it with `suture project keys list`.'
    const keyOf = (r: ReceivedRequest) =>
      r.headers['x-suture-key'] ?? new URL(r.url, 'http://x').searchParams.get('key') ?? undefined
    receiver.setResponder((r) =>
      keyOf(r) === right ? undefined : { status: 401, body: { error: 'invalid_key', message } },
    )
    // The app as deployed with a wrong key: the served config says so (a route bypasses the HTTP cache).
    const deploy = (publicKey: string) =>
      context.route('**/suture-config.js', (route) =>
        route.fulfill({
          contentType: 'text/javascript',
          body: `window.SUTURE_CONFIG = ${JSON.stringify({ endpoint: receiver.url, publicKey, exposeClient: true })}`,
        }),
      )
    const warnings: string[] = []
    const onConsole = (m: ConsoleMessage) => {
      if (m.type() === 'warning' && m.text().startsWith('[suture]')) warnings.push(m.text())
    }
    page.on('console', onConsole)
    try {
      await deploy('sut_pub_wrong')
      await page.goto(`${app.url}/projects/8/settings`)
      await page.getByRole('button', { name: 'Archive project' }).click()
      await page.getByRole('alert').waitFor()
      await waitFor(() => warnings.length > 0, 10_000, 'the console warning')
      expect(warnings[0]).toContain(message)
      expect(warnings[0]).toContain('401')
      const refused = receiver.requests.filter((r) => keyOf(r) === 'sut_pub_wrong')
      const wrongId = refused[0]?.envelopes[0]?.id as string
      expect(wrongId).toBeTruthy()
      expect(await queuedIds(page)).toContain(wrongId)

      // The fix: a rebuild with the right key, and the user comes back.
      await context.unroute('**/suture-config.js')
      await deploy(right)
      await page.reload()
      await waitFor(() => receiver.stored.has(wrongId), 15_000, 'the envelope with the right key')
      await pollQueue(page, (list) => !list.includes(wrongId))
      const accepted = receiver.requests.filter(
        (r) => keyOf(r) === right && r.envelopes.some((e) => e.id === wrongId),
      )
      expect(accepted.length, wire()).toBe(1)
      expect(warnings).toHaveLength(1)
    } finally {
      page.off('console', onConsole)
      await context.unroute('**/suture-config.js')
      receiver.setResponder(() => undefined)
    }
  })
})

async function pollQueue(page: Page, until: (ids: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const ids = await queuedIds(page)
    if (until(ids)) return ids
    if (Date.now() > deadline)
      throw new Error(`IndexedDB queue never reached the expected state (now: ${ids.join(', ')})`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
