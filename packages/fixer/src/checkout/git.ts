import { execFile } from 'node:child_process'

/** A git command failed; the message carries git's own words. */
export class GitCommandError extends Error {
  override readonly name = 'GitCommandError'
  constructor(
    readonly args: readonly string[],
    readonly cwd: string,
    readonly stderr: string,
  ) {
    super(
      `git ${args.join(' ')} failed in ${cwd}: ${stderr.trim() || 'no output'}. ` +
        'Check that the path is a git repository with the base branch checked in.',
    )
  }
}

/** Git with a fixed identity and no user config, so runs do not depend on the machine's git setup. */
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Suture fixer',
  GIT_AUTHOR_EMAIL: 'fixer@suture.invalid',
  GIT_COMMITTER_NAME: 'Suture fixer',
  GIT_COMMITTER_EMAIL: 'fixer@suture.invalid',
  GIT_TERMINAL_PROMPT: '0',
}

/** What git itself needs (credentials for a push) and nothing of Suture's: repository hooks run with it. */
const PASSED = [
  'PATH',
  'HOME',
  'LANG',
  'SSH_AUTH_SOCK',
  'GIT_SSH_COMMAND',
  'GIT_ASKPASS',
  'SSH_ASKPASS',
  'TMPDIR',
]

function gitEnv(): Record<string, string> {
  const env: Record<string, string> = { ...GIT_ENV }
  for (const name of PASSED) {
    const value = process.env[name]
    if (value !== undefined) env[name] = value
  }
  return env
}

export function git(cwd: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...args],
      { cwd, env: gitEnv(), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new GitCommandError(args, cwd, String(stderr || error.message)))
        else resolve(String(stdout))
      },
    )
  })
}

/** Like `git` but resolves null instead of throwing (for probes: does this ref exist?). */
export async function gitMaybe(cwd: string, args: readonly string[]): Promise<string | null> {
  try {
    return await git(cwd, args)
  } catch (error) {
    if (error instanceof GitCommandError) return null
    throw error
  }
}

export function isRemoteRepo(repo: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:\/\/|git@[^:]+:)/i.test(repo)
}
