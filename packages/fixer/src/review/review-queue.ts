import type { Database, FixReviewsTable } from '@suture/store'
import { type Kysely, type Selectable, sql } from 'kysely'
import type { ReviewOutcome } from '../outcome/db-outcome-sink.js'

/** One reproduction test's result in the review queue: it must fail before the fix and pass after. */
export interface ReviewEvidence {
  readonly test: string
  readonly before: { readonly code: number | null; readonly tail: string }
  readonly after: { readonly code: number | null; readonly tail: string }
}

/** What a reviewer sees of a proposal (the dashboard renders this; it never reads `fix_runs` itself). */
export interface OpenProposal {
  readonly runId: string
  readonly ticketId: string
  readonly ticketIdentifier: string
  readonly clusterKey: string
  readonly attempt: number
  readonly agent: string
  /** `external`: reported by another fixer (`POST /v1/fixes`, `suture fix report`, MCP `report_fix`). */
  readonly triggerSource: 'manual' | 'schedule' | 'external'
  readonly branch: string
  readonly proposalUrl: string | null
  /** The PR's state on GitHub as last synced (null: not seen yet, or a local patch). */
  readonly prState: 'open' | 'merged' | 'closed' | null
  /** The run's one-line result; an external fixer's summary. */
  readonly detail: string
  readonly reasoning: string | null
  readonly evidence: readonly ReviewEvidence[]
  readonly diff: string | null
  readonly costUsd: number
  readonly finishedAt: Date
  readonly ageMs: number
}

/**
 * The run `runId` of the project if it ended in a proposal, else {@link ProposalNotFoundError}; with
 * `lock`, the row is held (`FOR UPDATE`) until the caller's transaction ends, so two reviewers of one
 * proposal decide one after the other.
 */
export async function proposedRun(
  db: Kysely<Database>,
  projectId: string,
  runId: string,
  options: { readonly lock?: boolean } = {},
): Promise<{
  run_id: string
  ticket_id: string
  cluster_key: string
  proposal_url: string | null
  head_commit: string | null
}> {
  const query = db
    .selectFrom('fix_runs')
    .select(['run_id', 'ticket_id', 'cluster_key', 'outcome', 'proposal_url', 'head_commit'])
    .where('project_id', '=', projectId)
    .where('run_id', '=', runId)
  const run = await (options.lock ? query.forUpdate() : query).executeTakeFirst()
  if (run === undefined || run.outcome !== 'proposed') throw new ProposalNotFoundError(runId)
  return run
}

/** A decision recorded on a proposal. */
export interface ProposalReview {
  readonly runId: string
  readonly ticketId: string
  readonly decision: ReviewOutcome
  readonly comment: string | null
  readonly reviewedBy: string
  readonly reviewedAt: Date
}

export class ProposalNotFoundError extends Error {
  constructor(readonly runId: string) {
    super(
      `No proposal ${runId} in this project (or the run did not end in a proposal); reload the Review page.`,
    )
    this.name = 'ProposalNotFoundError'
  }
}

export class ReviewReasonRequiredError extends Error {
  constructor(readonly decision: ReviewOutcome) {
    super(
      decision === 'redirected'
        ? 'A redirect needs a comment: say which way the next attempt should go.'
        : 'Closing as wrong-tree needs a reason: say why this needs a person or should not be fixed.',
    )
    this.name = 'ReviewReasonRequiredError'
  }
}

/** Stores what the review page shows of a run: the agent's reasoning, the reproduction evidence, the diff. */
export async function recordProposalDetails(
  db: Kysely<Database>,
  runId: string,
  details: {
    readonly reasoning: string
    readonly evidence: readonly ReviewEvidence[]
    readonly diff: string
  },
): Promise<void> {
  await db
    .updateTable('fix_runs')
    .set({ reasoning: details.reasoning, evidence: JSON.stringify(details.evidence), diff: details.diff })
    .where('run_id', '=', runId)
    .execute()
}

function parseEvidence(value: unknown): ReviewEvidence[] {
  const list = typeof value === 'string' ? (JSON.parse(value) as unknown) : value
  if (!Array.isArray(list)) return []
  const side = (s: unknown) => {
    const o = (s ?? {}) as Record<string, unknown>
    return {
      code: typeof o.code === 'number' ? o.code : null,
      tail: typeof o.tail === 'string' ? o.tail : '',
    }
  }
  return list.flatMap((e: unknown) => {
    const o = (e ?? {}) as Record<string, unknown>
    return typeof o.test === 'string' ? [{ test: o.test, before: side(o.before), after: side(o.after) }] : []
  })
}

/**
 * Proposals waiting for a person: runs that ended `proposed` and have no review yet, oldest first (the
 * morning queue is worked from the top).
 *
 * @example
 * const queue = await listOpenProposals(db, projectId)
 */
export async function listOpenProposals(
  db: Kysely<Database>,
  projectId: string,
  now: Date = new Date(),
): Promise<OpenProposal[]> {
  const rows = await db
    .selectFrom('fix_runs as r')
    .leftJoin('fix_reviews as v', 'v.run_id', 'r.run_id')
    .selectAll('r')
    .where('r.project_id', '=', projectId)
    .where('r.outcome', '=', 'proposed')
    .where('r.review_outcome', 'is', null)
    .where('v.run_id', 'is', null)
    .orderBy('r.finished_at', 'asc')
    .orderBy('r.run_id', 'asc')
    .execute()
  return rows.map((r) => {
    const finishedAt = new Date(r.finished_at)
    return {
      runId: r.run_id,
      ticketId: r.ticket_id,
      ticketIdentifier: r.ticket_identifier,
      clusterKey: r.cluster_key,
      attempt: r.attempt,
      agent: r.agent,
      triggerSource: r.trigger_source,
      branch: r.branch,
      proposalUrl: r.proposal_url,
      prState: r.pr_state,
      detail: r.detail,
      reasoning: r.reasoning,
      evidence: parseEvidence(r.evidence),
      diff: r.diff,
      costUsd: Number(r.cost_usd),
      finishedAt,
      ageMs: Math.max(0, now.getTime() - finishedAt.getTime()),
    }
  })
}

/**
 * Records a person's decision on a proposal: `merged`, `redirected` (comment required: the next
 * attempt's context, same lineage) or `closed-wrong-tree` (reason required: the ticket leaves the
 * auto-fixable queue — pm-agent reads `fix_reviews`). The first decision wins: a second submit (a double
 * click, a retried POST) changes nothing and returns the decision already recorded with `created: false`.
 *
 * @example
 * await reviewProposal(db, projectId, { runId, decision: 'redirected', comment: 'fix the caller', reviewedBy: 'dashboard:key_1' })
 */
export async function reviewProposal(
  db: Kysely<Database>,
  projectId: string,
  input: {
    readonly runId: string
    readonly decision: ReviewOutcome
    readonly comment?: string | undefined
    readonly reviewedBy: string
  },
  at: Date = new Date(),
): Promise<{ readonly review: ProposalReview; readonly created: boolean }> {
  const comment = input.comment?.trim() ?? ''
  if (input.decision !== 'merged' && comment === '') throw new ReviewReasonRequiredError(input.decision)
  return db.transaction().execute(async (trx) => {
    const run = await proposedRun(trx, projectId, input.runId, { lock: true })
    const inserted = await trx
      .insertInto('fix_reviews')
      .values({
        run_id: run.run_id,
        project_id: projectId,
        ticket_id: run.ticket_id,
        cluster_key: run.cluster_key,
        decision: input.decision,
        comment: comment === '' ? null : comment,
        reviewed_by: input.reviewedBy,
        reviewed_at: at,
      })
      .onConflict((oc) => oc.column('run_id').doNothing())
      .returning('run_id')
      .executeTakeFirst()
    if (inserted !== undefined) {
      await trx
        .updateTable('fix_runs')
        .set({ review_outcome: input.decision, completed_at: at })
        .where('run_id', '=', run.run_id)
        .execute()
    }
    const row = await trx
      .selectFrom('fix_reviews')
      .selectAll()
      .where('run_id', '=', run.run_id)
      .executeTakeFirstOrThrow()
    return { created: inserted !== undefined, review: proposalReviewOf(row) }
  })
}

/** A stored `fix_reviews` row as the decision callers see. */
export function proposalReviewOf(row: Selectable<FixReviewsTable>): ProposalReview {
  return {
    runId: row.run_id,
    ticketId: row.ticket_id,
    decision: row.decision,
    comment: row.comment,
    reviewedBy: row.reviewed_by,
    reviewedAt: new Date(row.reviewed_at),
  }
}

/** A decided proposal, for the "decided recently" list: what was decided, by whom (a person or GitHub). */
export interface DecidedProposal extends ProposalReview {
  readonly ticketIdentifier: string
  readonly attempt: number
  readonly agent: string
  readonly triggerSource: 'manual' | 'schedule' | 'external'
  readonly proposalUrl: string | null
  readonly prState: 'open' | 'merged' | 'closed' | null
  readonly costUsd: number
}

/**
 * The latest decisions, newest first: a merge made on GitHub shows here as merged (by `github:<login>`)
 * once the sync job or webhook saw it.
 *
 * @example
 * const recent = await listRecentDecisions(db, projectId, 10)
 */
export async function listRecentDecisions(
  db: Kysely<Database>,
  projectId: string,
  limit = 10,
): Promise<DecidedProposal[]> {
  const rows = await db
    .selectFrom('fix_reviews as v')
    .innerJoin('fix_runs as r', 'r.run_id', 'v.run_id')
    .select([
      'v.run_id',
      'v.ticket_id',
      'v.decision',
      'v.comment',
      'v.reviewed_by',
      'v.reviewed_at',
      'r.ticket_identifier',
      'r.attempt',
      'r.agent',
      'r.trigger_source',
      'r.proposal_url',
      'r.pr_state',
      'r.cost_usd',
    ])
    .where('v.project_id', '=', projectId)
    .orderBy('v.reviewed_at', 'desc')
    .orderBy('v.run_id', 'asc')
    .limit(Math.max(1, Math.min(100, limit)))
    .execute()
  return rows.map((r) => ({
    runId: r.run_id,
    ticketId: r.ticket_id,
    decision: r.decision,
    comment: r.comment,
    reviewedBy: r.reviewed_by,
    reviewedAt: new Date(r.reviewed_at),
    ticketIdentifier: r.ticket_identifier,
    attempt: r.attempt,
    agent: r.agent,
    triggerSource: r.trigger_source,
    proposalUrl: r.proposal_url,
    prState: r.pr_state,
    costUsd: Number(r.cost_usd),
  }))
}

/**
 * The redirect comments of a ticket's lineage, oldest first: the context the next attempt's prompt
 * carries ("the last fix went the wrong way because …").
 */
export async function redirectContext(
  db: Kysely<Database>,
  projectId: string,
  ticketId: string,
): Promise<{ attempt: number; comment: string; reviewedAt: Date }[]> {
  const rows = await db
    .selectFrom('fix_reviews as v')
    .innerJoin('fix_runs as r', 'r.run_id', 'v.run_id')
    .select(['r.attempt', 'v.comment', 'v.reviewed_at'])
    .where('v.project_id', '=', projectId)
    .where('v.ticket_id', '=', ticketId)
    .where('v.decision', '=', 'redirected')
    .orderBy('v.reviewed_at', 'asc')
    .execute()
  return rows.map((r) => ({
    attempt: r.attempt,
    comment: r.comment ?? '',
    reviewedAt: new Date(r.reviewed_at),
  }))
}

/** The loop's numbers over one window (or all time). */
export interface LoopNumbers {
  /** Error and feedback envelopes received. */
  readonly signals: number
  /** Distinct fingerprints among them (feedback without one counts once per envelope). */
  readonly uniqueIssues: number
  /** Tickets the fixer ran on. */
  readonly dispatched: number
  readonly proposals: number
  readonly merged: number
  readonly redirected: number
  readonly wrongTree: number
  /** wrong-tree / reviewed; null when nothing was reviewed. */
  readonly wrongTreeRate: number | null
  /** Median ms from the lineage's first signal to the merge; null without merges. */
  readonly medianSignalToMergeMs: number | null
  /** Everything the fixer spent in the window divided by merged fixes; null without merges. */
  readonly costPerMergedUsd: number | null
}

/**
 * Inbound signals → unique issues → dispatched → proposals → merged / redirected / wrong-tree, with the
 * wrong-tree rate (the canary for triage going bad), median time from first signal to merged fix and cost
 * per merged fix, for `[from, to)` or all time. The first signal of a lineage is the earliest envelope
 * whose fingerprint the cluster holds (pm-agent's `clusters.first_seen`, read as store data).
 */
export async function loopNumbers(
  db: Kysely<Database>,
  projectId: string,
  window: { readonly from?: Date | undefined; readonly to?: Date | undefined } = {},
): Promise<LoopNumbers> {
  const { from, to } = window
  let envelopes = db.selectFrom('envelopes').where('project_id', '=', projectId)
  if (from) envelopes = envelopes.where('occurred_at', '>=', from)
  if (to) envelopes = envelopes.where('occurred_at', '<', to)
  const signalRow = await envelopes
    .select([
      sql<string>`count(*)`.as('signals'),
      sql<string>`count(distinct coalesce(fingerprint, 'envelope:' || id))`.as('unique_issues'),
    ])
    .executeTakeFirstOrThrow()

  let runs = db.selectFrom('fix_runs').where('project_id', '=', projectId)
  if (from) runs = runs.where('started_at', '>=', from)
  if (to) runs = runs.where('started_at', '<', to)
  const runRow = await runs
    .select([
      sql<string>`count(distinct ticket_id)`.as('dispatched'),
      sql<string>`count(*) filter (where outcome = 'proposed')`.as('proposals'),
      sql<string>`coalesce(sum(cost_usd), 0)`.as('cost'),
    ])
    .executeTakeFirstOrThrow()

  let reviews = db
    .selectFrom('fix_reviews as v')
    .innerJoin('fix_runs as r', 'r.run_id', 'v.run_id')
    .where('v.project_id', '=', projectId)
  if (from) reviews = reviews.where('v.reviewed_at', '>=', from)
  if (to) reviews = reviews.where('v.reviewed_at', '<', to)
  const reviewed = await reviews.select(['v.decision', 'v.reviewed_at', 'r.cluster_key']).execute()
  const merged = reviewed.filter((r) => r.decision === 'merged')
  const redirected = reviewed.filter((r) => r.decision === 'redirected').length
  const wrongTree = reviewed.filter((r) => r.decision === 'closed-wrong-tree').length

  const keys = [...new Set(merged.map((m) => m.cluster_key))]
  const firstSeen = new Map<string, Date>()
  if (keys.length > 0) {
    const rows = await db
      .selectFrom('clusters')
      .select(['key', sql<Date>`min(first_seen)`.as('first')])
      .where('project_id', '=', projectId)
      .where('key', 'in', keys)
      .groupBy('key')
      .execute()
    for (const r of rows) firstSeen.set(r.key, new Date(r.first))
  }
  const durations = merged
    .flatMap((m) => {
      const first = firstSeen.get(m.cluster_key)
      return first ? [new Date(m.reviewed_at).getTime() - first.getTime()] : []
    })
    .sort((a, b) => a - b)
  const median =
    durations.length === 0
      ? null
      : durations.length % 2 === 1
        ? (durations[(durations.length - 1) / 2] ?? null)
        : ((durations[durations.length / 2 - 1] ?? 0) + (durations[durations.length / 2] ?? 0)) / 2

  return {
    signals: Number(signalRow.signals),
    uniqueIssues: Number(signalRow.unique_issues),
    dispatched: Number(runRow.dispatched),
    proposals: Number(runRow.proposals),
    merged: merged.length,
    redirected,
    wrongTree,
    wrongTreeRate: reviewed.length === 0 ? null : wrongTree / reviewed.length,
    medianSignalToMergeMs: median,
    costPerMergedUsd: merged.length === 0 ? null : Number(runRow.cost) / merged.length,
  }
}
