import { execFile } from 'node:child_process'
import { constants } from 'node:fs'
import { access } from 'node:fs/promises'
import { delimiter, isAbsolute, join, relative, resolve } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** Where an executable is on a PATH, if anywhere. */
export async function findExecutable(name: string, path: string): Promise<string | undefined> {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue
    try {
      await access(join(dir, name), constants.X_OK)
      return join(dir, name)
    } catch {
      // not here
    }
  }
  return undefined
}

/** Where `bwrap` (Debian/Ubuntu package `bubblewrap`) is on this machine's PATH, if anywhere. */
export function findBubblewrap(path = process.env.PATH ?? ''): Promise<string | undefined> {
  return findExecutable('bwrap', path)
}

export interface BubblewrapMounts {
  /** The worktree: writable. */
  readonly root: string
  /** The run's HOME: writable. */
  readonly home: string
  /** Read-only on top of the fresh /tmp (the PATH wrappers, the prompt file). */
  readonly readOnly: readonly string[]
  /** Writable on top of everything else (the wrappers' refusal log, the repository's git directory). */
  readonly writable: readonly string[]
  /** Share the host's network (default true: the agent has to reach its model API). */
  readonly shareNetwork?: boolean
}

/**
 * The repository's git directory when it lies outside the worktree (a `git worktree` keeps its index and
 * HEAD there and writes objects to the common directory), so `git add` and `git commit` work inside the
 * sandbox. Undefined when the worktree holds its own `.git` directory, or is not a repository.
 */
export async function gitDirectoriesOutside(root: string): Promise<string[]> {
  try {
    const { stdout } = await run(
      'git',
      ['rev-parse', '--path-format=absolute', '--git-dir', '--git-common-dir'],
      { cwd: root },
    )
    const dirs = stdout.split('\n').filter(Boolean)
    return [...new Set(dirs)].filter((dir) => {
      const rel = relative(root, resolve(dir))
      return rel.startsWith('..') || isAbsolute(rel)
    })
  } catch {
    return []
  }
}

/**
 * The bubblewrap arguments that run a command with the whole filesystem read-only except the worktree,
 * the run's HOME, a fresh empty `/tmp` and the listed writable paths; its own PID namespace (killing
 * bwrap kills everything inside) and, unless `shareNetwork`, no network at all.
 */
export function bubblewrapArgs(mounts: BubblewrapMounts): string[] {
  const args = [
    '--die-with-parent',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    ...(mounts.shareNetwork === false ? ['--unshare-net'] : []),
    '--ro-bind',
    '/',
    '/',
    '--dev',
    '/dev',
    '--proc',
    '/proc',
    '--tmpfs',
    '/tmp',
  ]
  for (const path of mounts.readOnly) args.push('--ro-bind', path, path)
  for (const path of [mounts.root, mounts.home, ...mounts.writable]) args.push('--bind', path, path)
  args.push('--chdir', mounts.root)
  return args
}
