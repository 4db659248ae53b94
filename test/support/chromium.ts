import type { Browser, BrowserContext } from 'playwright-core'

// One launcher for the demo and the tests: Debian's Chromium with the flags this machine needs.
export { CHROMIUM_ARGS, ChromiumMissingError, launchChromium } from '@suture/cli/demo'

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
