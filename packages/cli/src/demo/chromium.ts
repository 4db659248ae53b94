import { existsSync } from 'node:fs'
import { type Browser, chromium, type LaunchOptions } from 'playwright-core'

/** Debian's Chromium (`apt-get install chromium`); never a browser downloaded by `playwright install`. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH ?? '/usr/bin/chromium'
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
] as const

export class ChromiumMissingError extends Error {
  override readonly name = 'ChromiumMissingError'
  constructor(readonly path: string) {
    super(
      `No Chromium at ${path}: install it with 'sudo apt-get install -y chromium' (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary.`,
    )
  }
}

/** Headless Chromium with the flags Suture's browser runs use. */
export async function launchChromium(
  options: LaunchOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<Browser> {
  const executablePath = chromiumPath(env)
  if (!existsSync(executablePath)) throw new ChromiumMissingError(executablePath)
  return chromium.launch({
    executablePath,
    headless: true,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  })
}
