import type { Browser, BrowserContext, Request } from 'playwright-core'
import { START_PATH, USER_INIT_SCRIPT } from './demo-app.js'
import { type JourneyPlan, runJourney } from './journeys.js'

export interface DriveResult {
  /** The SDK's session id of each journey that completed. */
  readonly sessions: readonly string[]
  readonly failed: readonly { readonly journey: number; readonly kind: string; readonly error: string }[]
}

export interface DriveOptions {
  readonly browser: Browser
  readonly appUrl: string
  readonly plans: readonly JourneyPlan[]
  readonly concurrency: number
  readonly onProgress?: (done: number, total: number) => void
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  return true
}

/**
 * Drives the real app in several browser contexts at once. Each journey is its own tab, so its own
 * session (the SDK keeps the session id in sessionStorage). A journey ends when the SDK's queues are
 * empty (everything it captured was acknowledged by the server); leaving for about:blank then fires
 * `pagehide`, which beacons `$pageleave`.
 */
export async function driveJourneys(options: DriveOptions): Promise<DriveResult> {
  const sessions: string[] = []
  const failed: { journey: number; kind: string; error: string }[] = []
  let next = 0
  let done = 0
  options.onProgress?.(0, options.plans.length)

  const worker = async (context: BrowserContext) => {
    const page = await context.newPage()
    await page.addInitScript(USER_INIT_SCRIPT)
    const fetching = new Set<Request>()
    const posted = new Set<string>()
    page.on('request', (r) => {
      if (r.method() !== 'POST' || !/\/v1\/(envelopes|events)/.test(r.url())) return
      fetching.add(r)
      if (!r.url().includes('/v1/envelopes')) return
      try {
        const body = JSON.parse(r.postData() ?? '{}') as { envelopes?: { id?: unknown }[] }
        for (const e of body.envelopes ?? []) if (typeof e.id === 'string') posted.add(e.id)
      } catch {}
    })
    const settle = (r: Request) => fetching.delete(r)
    page.on('requestfinished', settle)
    page.on('requestfailed', settle)
    try {
      for (;;) {
        const plan = options.plans[next++]
        if (!plan) return
        try {
          // Leaving the previous journey's page fires its pagehide: what it still queued leaves by beacon.
          await page.goto(`${options.appUrl}${START_PATH}#${encodeURIComponent(JSON.stringify(plan.user))}`)
          posted.clear()
          await runJourney(page, plan)
          // The SDK reports on its own schedule (batches, a lazily loaded capture kit): the journey is
          // over once what it caused has been sent.
          await waitUntil(async () => posted.size >= plan.envelopes, 10_000)
          // A request already on the wire would be cut by the next navigation: let it finish first.
          await waitUntil(async () => fetching.size === 0, 15_000)
          const sid = (await page.evaluate(`sessionStorage.getItem('suture.sid')`)) as string | null
          if (sid) sessions.push(sid)
        } catch (error: unknown) {
          failed.push({
            journey: plan.index,
            kind: plan.kind,
            error: error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error),
          })
        } finally {
          options.onProgress?.(++done, options.plans.length)
        }
      }
    } finally {
      await page.goto('about:blank').catch(() => {})
      await page.close().catch(() => {})
    }
  }

  const contexts = await Promise.all(
    Array.from({ length: Math.max(1, Math.min(options.concurrency, options.plans.length)) }, () =>
      options.browser.newContext({ viewport: { width: 1000, height: 700 } }),
    ),
  )
  try {
    await Promise.all(contexts.map(worker))
  } finally {
    await Promise.all(contexts.map((c) => c.close().catch(() => {})))
  }
  return { sessions, failed }
}
