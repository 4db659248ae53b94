import os from 'node:os'
import path from 'node:path'

export interface FixBudgets {
  /** USD one run may spend (the runner stops it; the harness double-checks the reported cost). */
  readonly perRunUsd: number
  /** USD a ticket's lineage may spend across all its runs. */
  readonly perLineageUsd: number
  /** Runs per lineage before a person takes over. */
  readonly maxAttempts: number
}

export interface GitHubTarget {
  readonly token: string
  readonly owner: string
  readonly repo: string
  /** API root; a local fake in tests, GitHub Enterprise in some shops. */
  readonly baseUrl?: string | undefined
  /** The git remote the branch is pushed to before the PR is opened. */
  readonly pushRemote?: string | undefined
}

export interface FixConfig {
  /** A local path (worktrees) or a remote URL (clones). */
  readonly repo: string
  /** Default: the repository's current branch (local) or its default branch (remote). */
  readonly baseBranch?: string | undefined
  /** The repository's own test command, run in the checkout: must pass on the result. */
  readonly testCommand: string
  /** Runs one test file; `{file}` is replaced by the quoted path. Used for the reproduction check. */
  readonly testFileCommand: string
  /** Optional dev server started in the checkout on the worker's `PORT`, killed at the end. */
  readonly devCommand?: string | undefined
  readonly budgets: FixBudgets
  /** Changed lines (added + deleted) a proposal may have. */
  readonly maxChangedLines: number
  readonly idleTimeoutMs: number
  readonly wallClockMs: number
  readonly maxTurns: number
  /** Per test command. */
  readonly testTimeoutMs: number
  /** First worker's port; worker `i` gets `basePort + i`. */
  readonly basePort: number
  readonly workers: number
  /** Where checkouts are made (each run its own directory, removed at the end). */
  readonly workDir: string
  /** Where patch files go without a GitHub token, and the outcome log. */
  readonly outputDir: string
  /** Names of variables copied from the harness's environment into the agent's (e.g. `ANTHROPIC_API_KEY`). */
  readonly passEnv: readonly string[]
  /** Set verbatim in the agent's environment. */
  readonly extraEnv: Readonly<Record<string, string>>
  /** Markdown documents put in the prompt (ranked by similarity to the ticket). */
  readonly maxDocs: number
  readonly github?: GitHubTarget | undefined
}

export const DEFAULT_FIX_CONFIG = {
  testCommand: 'npm test',
  testFileCommand: 'node --test {file}',
  budgets: { perRunUsd: 5, perLineageUsd: 25, maxAttempts: 3 },
  maxChangedLines: 200,
  idleTimeoutMs: 5 * 60_000,
  wallClockMs: 30 * 60_000,
  maxTurns: 80,
  testTimeoutMs: 10 * 60_000,
  basePort: 5180,
  workers: 1,
  passEnv: [] as readonly string[],
  extraEnv: {},
  maxDocs: 3,
} as const

export type FixConfigInput = Partial<Omit<FixConfig, 'budgets'>> & {
  readonly repo: string
  readonly budgets?: Partial<FixBudgets> | undefined
}

/** Fills defaults: `workDir` under the OS temp dir, `outputDir` `./.suture/fixes` (Suture's data dir, never the target repo). */
export function resolveFixConfig(input: FixConfigInput): FixConfig {
  if (input.workers !== undefined && (!Number.isInteger(input.workers) || input.workers < 1)) {
    throw new FixConfigError('workers', `must be a whole number ≥ 1, got ${input.workers}`)
  }
  if (input.maxChangedLines !== undefined && input.maxChangedLines < 1) {
    throw new FixConfigError('maxChangedLines', `must be ≥ 1, got ${input.maxChangedLines}`)
  }
  const local = !/^(?:[a-z][a-z0-9+.-]*:\/\/|git@)/i.test(input.repo)
  const { budgets, ...rest } = input
  return {
    ...DEFAULT_FIX_CONFIG,
    workDir: path.join(os.tmpdir(), 'suture-fix'),
    outputDir: path.join(process.cwd(), '.suture', 'fixes'),
    ...rest,
    repo: local ? path.resolve(input.repo) : input.repo,
    budgets: { ...DEFAULT_FIX_CONFIG.budgets, ...budgets },
  }
}

export class FixConfigError extends Error {
  override readonly name = 'FixConfigError'
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`fix config '${field}' ${problem}; correct it in suture.config.json or the matching flag.`)
  }
}
