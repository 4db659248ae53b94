import type { Database, JobDefinition } from '@suture/store'
import type { Kysely } from 'kysely'
import type { PullStateReader } from '../proposal/pull-state.js'
import { type AppliedPrState, applyPullRequestState, type OnMerged } from './pr-state.js'

export const PR_SYNC_JOB = 'fixer.pr-sync'

/** What one sync pass did. */
export interface PrSyncResult {
  /** Pull requests asked about. */
  readonly checked: number
  /** Proposals whose PR state changed. */
  readonly changed: readonly AppliedPrState[]
  /** PRs GitHub could not answer for (404: deleted, or the token cannot see the repository; or an error). */
  readonly failed: readonly { readonly url: string; readonly error: string }[]
}

/**
 * Asks GitHub for the state of every proposal whose PR is not known to be merged or closed yet, and
 * applies what changed (`applyPullRequestState`: merged → decision and `onMerged`, closed → wrong-tree
 * unless a person decided first). One PR failing does not stop the others; each failure is returned.
 *
 * @example
 * const result = await syncPullRequestStates(db, new GitHubPullStates({ token }), { onMerged })
 */
export async function syncPullRequestStates(
  db: Kysely<Database>,
  reader: PullStateReader,
  options: { readonly onMerged?: OnMerged | undefined; readonly now?: Date | undefined } = {},
): Promise<PrSyncResult> {
  const rows = await db
    .selectFrom('fix_runs')
    .select('proposal_url')
    .distinct()
    .where('outcome', '=', 'proposed')
    .where('proposal_url', 'like', 'http%')
    .where((eb) => eb.or([eb('pr_state', 'is', null), eb('pr_state', '=', 'open')]))
    .orderBy('proposal_url')
    .execute()
  const changed: AppliedPrState[] = []
  const failed: { url: string; error: string }[] = []
  for (const { proposal_url: url } of rows) {
    if (url === null) continue
    try {
      const state = await reader.get(url)
      if (state === null) {
        failed.push({
          url,
          error: 'not found on GitHub (deleted, or the token cannot read this repository)',
        })
        continue
      }
      // Match on the stored URL: GitHub's html_url of the same PR can differ in case or host alias.
      const applied = await applyPullRequestState(db, { ...state, url }, options)
      changed.push(...applied.filter((a) => a.changed))
    } catch (error: unknown) {
      failed.push({ url, error: error instanceof Error ? error.message : String(error) })
    }
  }
  return { checked: rows.length, changed, failed }
}

/**
 * The scheduled PR state sync (every 15 minutes by default): the webhook is the fast path, this catches
 * what a missed or unconfigured webhook would lose. Throws when every PR failed (a bad token, GitHub
 * down) so the job ledger shows it; partial failures are logged and returned.
 *
 * @example
 * await startWorker({ database, jobs: [prSyncJob({ createReader: () => new GitHubPullStates({ token }), onMerged })] })
 */
export function prSyncJob(options: {
  readonly createReader: () => PullStateReader
  readonly onMerged?: OnMerged | undefined
  readonly cron?: string | undefined
  readonly now?: (() => Date) | undefined
}): JobDefinition {
  return {
    name: PR_SYNC_JOB,
    cron: options.cron ?? '*/15 * * * *',
    retryLimit: 0,
    expireInHours: 1,
    async run({ database, log }) {
      const result = await syncPullRequestStates(database.db, options.createReader(), {
        onMerged: options.onMerged,
        now: options.now?.(),
      })
      for (const c of result.changed) log(`${PR_SYNC_JOB}: ${c.runId} is ${c.state} (decision ${c.decision})`)
      for (const f of result.failed) log(`${PR_SYNC_JOB}: ${f.url}: ${f.error}`)
      if (result.checked > 0 && result.failed.length === result.checked) {
        throw new Error(
          `${PR_SYNC_JOB}: none of ${result.checked} pull requests could be read (first: ${result.failed[0]?.error}); check GITHUB_TOKEN and GITHUB_API_URL.`,
        )
      }
      return { checked: result.checked, changed: result.changed.length, failed: result.failed.length }
    },
  }
}
