import path from 'node:path'
import { type FixConfig, resolveFixConfig } from '@suture/fixer'
import { UsageError } from '../command.js'
import type { SutureConfig } from './schema.js'

export interface FixOverrides {
  readonly repo?: string | undefined
  readonly baseBranch?: string | undefined
  readonly testCommand?: string | undefined
  readonly workers?: number | undefined
}

/** The fixer's settings from the one configuration (flags win), with fixer outputs under the data dir. */
export function fixConfigFrom(config: SutureConfig, overrides: FixOverrides, cwd: string): FixConfig {
  const fix = config.fix
  const repo = overrides.repo ?? fix.repo
  if (!repo) throw new UsageError('no repository: pass --repo PATH|URL or set SUTURE_FIX_REPO')
  const gh = fix.github
  if ((gh.owner || gh.repo) && !(gh.token && gh.owner && gh.repo)) {
    throw new UsageError(
      'draft PRs need GITHUB_TOKEN, SUTURE_GITHUB_OWNER and SUTURE_GITHUB_REPO together (or none: a local patch)',
    )
  }
  const baseBranch = overrides.baseBranch ?? fix.baseBranch
  return resolveFixConfig({
    repo: /^(?:[a-z][a-z0-9+.-]*:\/\/|git@)/i.test(repo) ? repo : path.resolve(cwd, repo),
    ...(baseBranch ? { baseBranch } : {}),
    testCommand: overrides.testCommand ?? fix.testCommand,
    testFileCommand: fix.testFileCommand,
    budgets: {
      perRunUsd: fix.budgetPerRunUsd,
      perLineageUsd: fix.budgetPerLineageUsd,
      maxAttempts: fix.maxAttempts,
    },
    maxChangedLines: fix.maxChangedLines,
    workers: overrides.workers ?? fix.workers,
    passEnv: fix.passEnv,
    outputDir: path.resolve(cwd, config.dataDir, 'fixes'),
    ...(gh.token && gh.owner && gh.repo
      ? {
          github: {
            token: gh.token,
            owner: gh.owner,
            repo: gh.repo,
            ...(gh.apiUrl ? { baseUrl: gh.apiUrl } : {}),
          },
        }
      : {}),
  })
}
