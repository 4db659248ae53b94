import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { configSchema, ENV_VARIABLES, type SutureConfig } from './schema.js'

/** The configuration is wrong; the message names the variable or file key and what was expected. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  constructor(
    message: string,
    readonly problems: readonly string[],
  ) {
    super(message)
  }
}

export const CONFIG_FILES = [
  'suture.config.json',
  'suture.config.mjs',
  'suture.config.js',
  'suture.config.ts',
]

type Tree = Record<string, unknown>

function setPath(tree: Tree, dotted: string, value: unknown): void {
  const keys = dotted.split('.')
  let node = tree
  for (const key of keys.slice(0, -1)) {
    const next = node[key]
    if (typeof next !== 'object' || next === null) node[key] = {}
    node = node[key] as Tree
  }
  const last = keys.at(-1)
  if (last !== undefined) node[last] = value
}

function merge(base: Tree, over: Tree): Tree {
  const out: Tree = { ...base }
  for (const [key, value] of Object.entries(over)) {
    const current = out[key]
    const bothObjects =
      typeof value === 'object' && value !== null && !Array.isArray(value) && typeof current === 'object'
    out[key] = bothObjects && current !== null ? merge(current as Tree, value as Tree) : value
  }
  return out
}

async function readConfigFile(file: string): Promise<Tree> {
  if (file.endsWith('.json')) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Tree
    } catch (error: unknown) {
      const reason = error instanceof Error ? error.message : String(error)
      throw new ConfigError(`${file} is not valid JSON: ${reason}`, [reason])
    }
  }
  const mod = (await import(pathToFileURL(file).href)) as { config?: unknown; default?: unknown }
  const value = mod.config ?? mod.default
  if (typeof value !== 'object' || value === null) {
    throw new ConfigError(`${file} must export a config object as \`config\` (or default)`, [])
  }
  return value as Tree
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** An explicit config file; otherwise the first of CONFIG_FILES found in cwd is used. */
  file?: string
  /** Values from command-line flags: they win over everything else. */
  overrides?: Tree
}

/**
 * Defaults < config file < environment variables < command-line flags. A wrong value fails here, at start,
 * with a message naming the variable.
 * @example
 * const config = await loadConfig({ env: process.env })
 * config.thresholds.ticketMinUsers // 5 unless SUTURE_TICKET_MIN_USERS says otherwise
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<SutureConfig> {
  const env = options.env ?? process.env
  const cwd = options.cwd ?? process.cwd()
  const file = options.file
    ? path.resolve(cwd, options.file)
    : CONFIG_FILES.map((f) => path.join(cwd, f)).find((f) => existsSync(f))
  if (options.file && file && !existsSync(file))
    throw new ConfigError(`config file ${file} does not exist`, [])
  const fromFile = file ? await readConfigFile(file) : {}
  const fromEnv: Tree = {}
  const sourceOf = new Map<string, string>()
  for (const [variable, dotted] of Object.entries(ENV_VARIABLES)) {
    const value = env[variable]
    if (value !== undefined && value !== '') {
      setPath(fromEnv, dotted, value)
      sourceOf.set(dotted, variable)
    }
  }
  const raw = merge(merge(fromFile, fromEnv), options.overrides ?? {})
  const result = configSchema.safeParse(raw)
  if (result.success) return result.data
  const problems = result.error.issues.map((issue) => {
    const parts = issue.path.map(String)
    const dotted = parts.join('.')
    // A list variable's bad item (`environments.1`) is still that variable's fault.
    let variable: string | undefined
    for (let n = parts.length; n > 0 && variable === undefined; n--)
      variable = sourceOf.get(parts.slice(0, n).join('.'))
    const where = variable ?? (file ? `${path.basename(file)}: ${dotted}` : dotted)
    return `${where}: ${issue.message}`
  })
  throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`, problems)
}
