import { readFileSync } from 'node:fs'
import type { Command, CommandSpec } from './command.js'

/** The file the build writes next to the built CLI: every command's name, summary, usage and options. */
export const MANIFEST_FILE = 'commands.json'

/** What `suture --help`, a command's `--help` and parsing need, without the modules behind the commands. */
export function manifestOf(commands: readonly Command[]): CommandSpec[] {
  return commands.map(({ name, summary, usage, options }) => ({ name, summary, usage, options }))
}

/**
 * The manifest the build wrote, when running built code. Loading every command pulls in Postgres, Hono,
 * Octokit, the Anthropic and Linear SDKs (~2 s on a busy 2-core machine); help and argument errors need
 * none of them, so the built CLI parses with this file and loads the commands only to run one. Running
 * from source (`pnpm suture`) there is no such file and the caller loads the commands themselves.
 */
export function readManifest(): CommandSpec[] | undefined {
  try {
    return JSON.parse(readFileSync(new URL(`./${MANIFEST_FILE}`, import.meta.url), 'utf8')) as CommandSpec[]
  } catch {
    return undefined
  }
}
