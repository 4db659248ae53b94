/**
 * Variables that carry Suture's own secrets and storage: never copied into an agent's environment, even
 * when listed in `passEnv` (the agent runs untrusted code paths with a shell).
 */
const NEVER_PASS = [
  /^DATABASE_URL$/,
  /^SUTURE_/,
  /^PG[A-Z]*$/,
  /^LINEAR_/,
  /^POSTHOG_/,
  /^GITHUB_TOKEN$/,
  /^GH_TOKEN$/,
  /^AWS_/,
  /^NPM_TOKEN$/,
]

export function isNeverPassed(name: string): boolean {
  return NEVER_PASS.some((pattern) => pattern.test(name))
}

export interface AgentEnvInput {
  /** The environment the harness runs in: only `passEnv` names are read from it. */
  readonly from: NodeJS.ProcessEnv
  readonly passEnv: readonly string[]
  readonly extraEnv: Readonly<Record<string, string>>
  readonly home: string
  readonly port: number
  readonly ticket: string
}

/**
 * The only environment an agent (and the tests it runs) sees: a PATH, a fresh HOME (so `~/.npmrc`,
 * `~/.ssh`, `~/.gitconfig` do not leak in), the worker's PORT, and what the config names explicitly.
 */
export function buildAgentEnv(input: AgentEnvInput): Record<string, string> {
  const env: Record<string, string> = {
    PATH: input.from.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: input.home,
    LANG: input.from.LANG ?? 'C.UTF-8',
    CI: '1',
    PORT: String(input.port),
    SUTURE_FIX_TICKET: input.ticket,
    GIT_AUTHOR_NAME: 'Suture fixer',
    GIT_AUTHOR_EMAIL: 'fixer@suture.invalid',
    GIT_COMMITTER_NAME: 'Suture fixer',
    GIT_COMMITTER_EMAIL: 'fixer@suture.invalid',
    GIT_TERMINAL_PROMPT: '0',
  }
  for (const name of input.passEnv) {
    const value = input.from[name]
    if (value !== undefined && !isNeverPassed(name)) env[name] = value
  }
  for (const [name, value] of Object.entries(input.extraEnv)) {
    if (!isNeverPassed(name)) env[name] = value
  }
  return env
}
