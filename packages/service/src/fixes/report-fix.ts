import { createHash } from 'node:crypto'
import { safeParseWith } from '@suture/envelope'
import { applyPullRequestState } from '@suture/fixer'
import type { Database, ItemResult } from '@suture/store'
import type { Kysely } from 'kysely'
import { z } from 'zod'
import { startValidationOnMerge } from '../github/start-validation.js'

/** The release prefix pm-agent's `FixerTicketSource` counts as a fixer attempt (its `RUN_RELEASE`). */
const ATTEMPT_RELEASE = 'suture-fix:'

const httpUrl = z
  .string()
  .max(2_000)
  .url()
  .refine((value) => /^https?:\/\//i.test(value), 'expected an http(s) URL of the pull request')

/**
 * What an external fixer reports (`POST /v1/fixes`, `suture fix report`, the MCP `report_fix` tool).
 * `(project, ticket, pr)` is the idempotency key: reporting again updates state and cost.
 */
export const fixReportSchema = z.strictObject({
  /** The ticket's id or identifier (`LOCAL-3`, `ENG-42`), as Suture filed it. */
  ticket: z.string().trim().min(1).max(200),
  pr: httpUrl,
  /** What the fix cost, in US dollars; counts against the lineage's budget. */
  costUsd: z.number().finite().min(0).max(100_000).optional(),
  state: z.enum(['open', 'merged', 'closed']).default('open'),
  /** Who made it: `cursor`, `devin`, `alice`. */
  agent: z.string().trim().min(1).max(100).default('external'),
  /** One line: what the fix does (shown on the Review page under the ticket). */
  summary: z.string().trim().min(1).max(300).optional(),
  /** The fixer's explanation (root cause, why this fix): the Review page's "reasoning". */
  reasoning: z.string().trim().min(1).max(20_000).optional(),
})

export type FixReport = z.infer<typeof fixReportSchema>

/** What storing one report did. */
export interface StoredFixReport {
  readonly runId: string
  readonly ticketId: string
  readonly identifier: string
  readonly clusterKey: string
  readonly attempt: number
  /** `accepted`: new or changed; `duplicate`: the same report was already stored. */
  readonly status: 'accepted' | 'duplicate'
}

/** The reported ticket is not one Suture filed in this project. */
export class FixTicketNotFoundError extends Error {
  override readonly name = 'FixTicketNotFoundError'
  constructor(readonly ticket: string) {
    super(
      `No ticket '${ticket}' in this project: pass the id or identifier Suture filed (list them with the MCP tool list_fix_queue or the dashboard).`,
    )
  }
}

/** Parses a report; issues carry field paths (`pr: Invalid URL`). */
export function parseFixReport(input: unknown) {
  return safeParseWith(fixReportSchema, input)
}

function runIdFor(projectId: string, ticketId: string, pr: string): string {
  return `ext-${createHash('sha256').update(`${projectId}\0${ticketId}\0${pr}`).digest('hex').slice(0, 20)}`
}

function repoOf(pr: string): string {
  const url = new URL(pr)
  const parts = url.pathname.split('/').filter(Boolean).slice(0, 2)
  return `${url.host}/${parts.join('/')}`
}

/**
 * Records an external fixer's proposal as Suture's own fixer records a run: one `fix_runs` row
 * (`trigger_source = 'external'`, outcome `proposed`, the PR as `proposal_url`, the summary and reasoning
 * the Review page shows) and one `fix_attempts` row under pm-agent's attempt prefix, so the lineage's
 * attempt count and spent budget — the stopping conditions — include it. The state goes through the
 * same `applyPullRequestState` as a state seen on GitHub: `merged` is a merged decision (counted in the
 * loop's numbers, validation started), `closed` sends the ticket to a person, `open` waits for review.
 * Idempotent on `(project, ticket, pr)`: a repeat is `duplicate`, a change updates the same rows.
 *
 * @example
 * await reportFix(db, projectId, { ticket: 'LOCAL-1', pr: 'https://github.com/acme/web/pull/12', state: 'open', agent: 'cursor' })
 */
export async function reportFix(
  db: Kysely<Database>,
  projectId: string,
  report: FixReport,
  now: Date = new Date(),
): Promise<StoredFixReport> {
  const link = await db
    .selectFrom('ticket_links')
    .select(['ticket_id', 'identifier', 'cluster_key'])
    .where('project_id', '=', projectId)
    .where((eb) => eb.or([eb('ticket_id', '=', report.ticket), eb('identifier', '=', report.ticket)]))
    .orderBy('updated_at', 'desc')
    .executeTakeFirst()
  if (!link?.ticket_id) throw new FixTicketNotFoundError(report.ticket)
  const ticketId = link.ticket_id
  const runId = runIdFor(projectId, ticketId, report.pr)
  const costUsd = report.costUsd ?? 0
  const detail = report.summary ?? `external proposal ${report.pr} by ${report.agent}`
  const reasoning = report.reasoning ?? null
  return db.transaction().execute(async (trx) => {
    const applyState = () =>
      applyPullRequestState(
        trx,
        { url: report.pr, state: report.state, at: now, mergeCommit: null, by: report.agent },
        { projectId, via: 'report', onMerged: startValidationOnMerge },
      )
    const existing = await trx
      .selectFrom('fix_runs')
      .select(['attempt', 'pr_state', 'cost_usd', 'agent', 'detail', 'reasoning'])
      .where('run_id', '=', runId)
      .forUpdate()
      .executeTakeFirst()
    const base = {
      runId,
      ticketId,
      identifier: link.identifier ?? ticketId,
      clusterKey: link.cluster_key,
    }
    if (existing) {
      const same =
        existing.pr_state === report.state &&
        Number(existing.cost_usd) === costUsd &&
        existing.agent === report.agent &&
        existing.detail === detail &&
        existing.reasoning === reasoning
      if (!same) {
        await trx
          .updateTable('fix_runs')
          .set({ cost_usd: costUsd, agent: report.agent, detail, reasoning, finished_at: now })
          .where('run_id', '=', runId)
          .execute()
        await applyState()
        await trx
          .updateTable('fix_attempts')
          .set({ cost_usd: costUsd })
          .where('project_id', '=', projectId)
          .where('cluster_key', '=', link.cluster_key)
          .where('release', '=', `${ATTEMPT_RELEASE}${runId}`)
          .execute()
      }
      return { ...base, attempt: existing.attempt, status: same ? 'duplicate' : 'accepted' }
    }
    const previous = await trx
      .selectFrom('fix_attempts')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('project_id', '=', projectId)
      .where('cluster_key', '=', link.cluster_key)
      .where('release', 'like', `${ATTEMPT_RELEASE}%`)
      .executeTakeFirst()
    const attempt = Number(previous?.n ?? 0) + 1
    const inserted = await trx
      .insertInto('fix_runs')
      .values({
        run_id: runId,
        project_id: projectId,
        ticket_id: ticketId,
        ticket_identifier: link.identifier ?? ticketId,
        cluster_key: link.cluster_key,
        attempt,
        trigger_source: 'external',
        agent: report.agent,
        repo: repoOf(report.pr),
        branch: '',
        worker: 0,
        started_at: now,
        finished_at: now,
        stages: JSON.stringify({}),
        outcome: 'proposed',
        detail,
        cost_usd: costUsd,
        tokens: JSON.stringify({}),
        proposal_url: report.pr,
        review_outcome: null,
        reasoning,
      })
      .onConflict((oc) => oc.column('run_id').doNothing())
      .returning('run_id')
      .executeTakeFirst()
    if (!inserted) return { ...base, attempt, status: 'duplicate' }
    await trx
      .insertInto('fix_attempts')
      .values({
        project_id: projectId,
        cluster_key: link.cluster_key,
        release: `${ATTEMPT_RELEASE}${runId}`,
        cost_usd: costUsd,
      })
      .onConflict((oc) =>
        oc.columns(['project_id', 'cluster_key', 'release']).doUpdateSet({ cost_usd: costUsd }),
      )
      .execute()
    await applyState()
    return { ...base, attempt, status: 'accepted' }
  })
}

/** The batch form for `ingestBatch`: an unknown ticket is a per-item rejection naming `ticket`. */
export async function storeFixReports(
  db: Kysely<Database>,
  projectId: string,
  reports: readonly FixReport[],
): Promise<ItemResult[]> {
  const results: ItemResult[] = []
  for (const report of reports) {
    try {
      const stored = await reportFix(db, projectId, report)
      results.push({ id: stored.runId, status: stored.status })
    } catch (error: unknown) {
      if (!(error instanceof FixTicketNotFoundError)) throw error
      results.push({ id: null, status: 'rejected', issues: [{ path: 'ticket', message: error.message }] })
    }
  }
  return results
}
