import { existsSync } from 'node:fs'
import { type Browser, type BrowserContext, chromium, type LaunchOptions } from 'playwright-core'

/** Debian's Chromium; never a browser downloaded by `playwright install`. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
] as const

export class ChromiumMissingError extends Error {
  constructor(readonly path: string) {
    super(
      `No Chromium at ${path}: install it with 'apt-get install -y chromium' (as .ci/run does) or set CHROMIUM_PATH.`,
    )
    this.name = 'ChromiumMissingError'
  }
}

/**
 * Launches headless Chromium for browser tests. Close it in `afterAll`.
 * @example
 * const browser = await launchChromium()
 * const page = await (await browser.newContext()).newPage()
 */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new ChromiumMissingError(CHROMIUM_PATH)
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  })
}

/** A fresh context (own storage, own IndexedDB) that forwards page console errors when `debug` is set. */
export async function newTestContext(
  browser: Browser,
  debug = process.env.DEBUG_BROWSER === '1',
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 700 } })
  if (debug) {
    context.on('console', (message) => console.log(`[browser ${message.type()}] ${message.text()}`))
    context.on('weberror', (error) => console.log(`[browser error] ${error.error().message}`))
  }
  return context
}
