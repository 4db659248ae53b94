import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { killGroup, shellQuote } from '../command/run-command.js'
import { git, gitMaybe, isRemoteRepo } from './git.js'

/** `suture/<ticket>-<short id>`: the short id is derived from ticket and attempt, so a rerun finds its branch. */
export function fixBranchName(identifier: string, ticketId: string, attempt: number): string {
  const slug = identifier.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'ticket'
  const short = createHash('sha256').update(`${ticketId}\u0000${attempt}`).digest('hex').slice(0, 8)
  return `suture/${slug}-${short}`
}

/** The repository's default branch: origin's HEAD for a clone, else the branch checked out. */
export async function defaultBranch(repo: string): Promise<string> {
  if (isRemoteRepo(repo)) {
    const out = await git(process.cwd(), ['ls-remote', '--symref', repo, 'HEAD'])
    const match = /^ref: refs\/heads\/(\S+)\s+HEAD/m.exec(out)
    if (!match?.[1]) throw new Error(`Could not read the default branch of ${repo}; pass --base BRANCH.`)
    return match[1]
  }
  const origin = await gitMaybe(repo, ['symbolic-ref', '--short', 'refs/remotes/origin/HEAD'])
  if (origin) return origin.trim().replace(/^origin\//, '')
  return (await git(repo, ['symbolic-ref', '--short', 'HEAD'])).trim()
}

export interface Checkout {
  /** The working directory the agent gets. */
  readonly dir: string
  readonly branch: string
  readonly baseBranch: string
  readonly baseCommit: string
  readonly port: number
  /** A fresh HOME for the agent, outside the checkout. */
  readonly home: string
  /** Where scratch worktrees for this run go (the reproduction check's base checkout). */
  readonly scratch: string
  /** Starts a background process in the checkout; it is killed on clean-up whatever happens. */
  spawnBackground(command: string, env: Readonly<Record<string, string>>, logFile: string): ChildProcess
  /**
   * Kills the run's processes and removes the checkout. The branch survives only with `keepBranch`
   * (a proposal was made); a clone's directory is always removed.
   */
  cleanup(options: { readonly keepBranch: boolean }): Promise<void>
}

export interface CheckoutOptions {
  readonly repo: string
  readonly baseBranch?: string | undefined
  readonly branch: string
  readonly workDir: string
  readonly runId: string
  readonly port: number
}

/**
 * A clean checkout for one run: a `git worktree` of a local repository (or a shallow clone of a URL) at
 * the base branch, on the run's own branch. The caller must call `cleanup` in a `finally`.
 */
export async function createCheckout(options: CheckoutOptions): Promise<Checkout> {
  const runDir = path.join(options.workDir, options.runId)
  const dir = path.join(runDir, 'repo')
  const home = path.join(runDir, 'home')
  const scratch = path.join(runDir, 'scratch')
  await mkdir(home, { recursive: true })
  await mkdir(scratch, { recursive: true })
  const remote = isRemoteRepo(options.repo)
  const baseBranch = options.baseBranch ?? (await defaultBranch(options.repo))
  const children: ChildProcess[] = []
  let created = false

  const cleanup = async ({ keepBranch }: { keepBranch: boolean }) => {
    for (const child of children) killGroup(child.pid)
    if (!remote && created) {
      await gitMaybe(options.repo, ['worktree', 'remove', '--force', dir])
      await gitMaybe(options.repo, ['worktree', 'prune'])
      if (!keepBranch) await gitMaybe(options.repo, ['branch', '-D', options.branch])
    }
    await rm(runDir, { recursive: true, force: true })
  }

  try {
    if (remote) {
      await git(runDir, ['clone', '--quiet', '--branch', baseBranch, '--single-branch', options.repo, dir])
      created = true
      await git(dir, ['checkout', '--quiet', '-b', options.branch])
    } else {
      // A branch left by a crashed run of the same attempt is reset to the base: the attempt starts over.
      await git(options.repo, ['worktree', 'prune'])
      await git(options.repo, ['worktree', 'add', '--quiet', '-B', options.branch, dir, baseBranch])
      created = true
    }
    const baseCommit = (await git(dir, ['rev-parse', 'HEAD'])).trim()
    return {
      dir,
      branch: options.branch,
      baseBranch,
      baseCommit,
      port: options.port,
      home,
      scratch,
      spawnBackground(command, env, logFile) {
        const child = spawn(
          '/bin/sh',
          [
            '-c',
            `{ ${command}
} >>${shellQuote(logFile)} 2>&1`,
          ],
          {
            cwd: dir,
            env: { ...env },
            detached: true,
            stdio: 'ignore',
          },
        )
        child.on('error', () => {})
        children.push(child)
        return child
      },
      cleanup,
    }
  } catch (error) {
    await cleanup({ keepBranch: false })
    throw error
  }
}
