import { copyFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import { git, gitMaybe } from '../checkout/git.js'
import { type CommandResult, runCommand, shellQuote } from '../command/run-command.js'
import { isTestFile } from './scope.js'

/** The line the prompt asks the agent to end with, once per reproduction test. */
export const TEST_MARKER = 'SUTURE-TEST:'
/** The line an agent writes when it could not reproduce the fault (and stops). */
export const CANNOT_REPRODUCE_MARKER = 'SUTURE-CANNOT-REPRODUCE:'

export interface AgentClaims {
  /** Test files the agent named. */
  readonly tests: readonly string[]
  /** Why it could not reproduce, when it said so. */
  readonly cannotReproduce: string | undefined
}

export function parseAgentClaims(finalMessage: string): AgentClaims {
  const tests: string[] = []
  let cannotReproduce: string | undefined
  for (const raw of finalMessage.split(/\r?\n/)) {
    const line = raw.replace(/^[\s>*`-]+/, '').replace(/`+$/, '')
    if (line.startsWith(TEST_MARKER)) {
      const file = line.slice(TEST_MARKER.length).trim().replace(/^`|`$/g, '')
      if (file) tests.push(path.posix.normalize(file).replace(/^\.\//, ''))
    } else if (line.startsWith(CANNOT_REPRODUCE_MARKER)) {
      cannotReproduce = line.slice(CANNOT_REPRODUCE_MARKER.length).trim() || 'no reason given'
    }
  }
  return { tests: [...new Set(tests)], cannotReproduce }
}

/** The reproduction tests: the ones named, else test files the diff added or changed. */
export function reproductionTests(claims: AgentClaims, changedFiles: readonly string[]): string[] {
  const named = claims.tests.filter((t) => !t.startsWith('..') && !path.isAbsolute(t))
  if (named.length > 0) return named
  return changedFiles.filter(isTestFile)
}

export interface ReproductionEvidence {
  readonly test: string
  readonly before: CommandResult
  readonly after: CommandResult
}

export interface ReproductionVerdict {
  readonly ok: boolean
  readonly evidence: readonly ReproductionEvidence[]
  readonly detail: string
}

export interface ReproduceOptions {
  /** The checkout holding the result. */
  readonly dir: string
  readonly baseCommit: string
  /** Where the base checkout for the "before" run is made (removed afterwards). */
  readonly scratchDir: string
  readonly tests: readonly string[]
  readonly testFileCommand: string
  readonly env: Readonly<Record<string, string>>
  readonly timeoutMs: number
  readonly signal?: AbortSignal | undefined
}

function fileCommand(template: string, file: string): string {
  return template.includes('{file}')
    ? template.replaceAll('{file}', shellQuote(file))
    : `${template} ${shellQuote(file)}`
}

/**
 * Runs each reproduction test on the base commit (with the result's version of the test file copied in)
 * and on the result: every one must fail before and pass after. The base checkout is a detached
 * worktree of the same repository, removed whatever happens.
 */
export async function checkReproduction(options: ReproduceOptions): Promise<ReproductionVerdict> {
  if (options.tests.length === 0) {
    return { ok: false, evidence: [], detail: 'no reproduction test was added or named' }
  }
  const baseDir = path.join(options.scratchDir, 'base')
  await git(options.dir, ['worktree', 'add', '--quiet', '--detach', baseDir, options.baseCommit])
  try {
    const evidence: ReproductionEvidence[] = []
    const problems: string[] = []
    for (const test of options.tests) {
      const source = path.join(options.dir, test)
      try {
        await mkdir(path.dirname(path.join(baseDir, test)), { recursive: true })
        await copyFile(source, path.join(baseDir, test))
      } catch {
        problems.push(`${test} does not exist in the result`)
        continue
      }
      const command = fileCommand(options.testFileCommand, test)
      const run = { env: options.env, timeoutMs: options.timeoutMs, signal: options.signal }
      const before = await runCommand(command, { cwd: baseDir, ...run })
      const after = await runCommand(command, { cwd: options.dir, ...run })
      evidence.push({ test, before, after })
      if (before.exitCode === 0)
        problems.push(`${test} passes on the base commit: it does not reproduce the fault`)
      else if (before.killed) problems.push(`${test} timed out on the base commit`)
      if (after.exitCode !== 0)
        problems.push(
          `${test} ${after.killed ? 'timed out' : 'fails'} on the result: the fix does not make it pass`,
        )
    }
    return {
      ok: problems.length === 0,
      evidence,
      detail:
        problems.length === 0
          ? `${options.tests.join(', ')}: fails before, passes after`
          : problems.join('; '),
    }
  } finally {
    await gitMaybe(options.dir, ['worktree', 'remove', '--force', baseDir])
  }
}
