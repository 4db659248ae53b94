import type { ColumnType, JSONColumnType } from 'kysely'
import type { Timestamp } from './core-tables.js'

/**
 * One fixer run per row (`@suture/fixer`'s outcome log): the same fields as its JSONL line. The review
 * outcome and the 24-hour regression flag start null and are completed later.
 */
export interface FixRunsTable {
  run_id: string
  project_id: string
  ticket_id: string
  ticket_identifier: string
  cluster_key: string
  attempt: number
  /** `external`: reported through `POST /v1/fixes` / the MCP `report_fix` tool. */
  trigger_source: 'manual' | 'schedule' | 'external'
  agent: string
  repo: string
  branch: string
  base_commit: string | null
  head_commit: string | null
  worker: number
  started_at: Timestamp
  finished_at: Timestamp
  /** `{ checkout: { tokens, tool_calls, edits, ms, ok, detail? }, agent: …, … }`. */
  stages: JSONColumnType<Record<string, Record<string, unknown>>, string, string>
  outcome:
    | 'proposed'
    | 'cannot-reproduce'
    | 'scope-exceeded'
    | 'failed-tests'
    | 'killed'
    | 'over-budget'
    | 'error'
  detail: string
  cost_usd: number
  /** `{ input, output, cache_read, cache_creation }`. */
  tokens: JSONColumnType<Record<string, number>, string, string>
  proposal_url: string | null
  /** merged | redirected | closed-wrong-tree, once a person reviewed the proposal. */
  review_outcome: string | null
  regressions_detected_24h: boolean | null
  completed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  /** The agent's final message (migration 0008). */
  reasoning: ColumnType<string | null, string | null | undefined, string | null>
  /** `[{ test, before: { code, tail }, after: { code, tail } }]`: fails before, passes after (0008). */
  evidence: ColumnType<unknown, string | null | undefined, string | null>
  /** The proposal's unified diff (0008). */
  diff: ColumnType<string | null, string | null | undefined, string | null>
  /** The pull request's state on GitHub, as last seen by the sync job or webhook (migration 0009). */
  pr_state: ColumnType<'open' | 'merged' | 'closed' | null, string | null | undefined, string | null>
  /** When GitHub says it reached `pr_state` (merged_at / closed_at) (0009). */
  pr_state_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  /** The merge commit's SHA once merged (0009). */
  merge_commit: ColumnType<string | null, string | null | undefined, string | null>
}

/** One review decision per proposal (migration 0008): who decided what, when, and why. */
export interface FixReviewsTable {
  run_id: string
  project_id: string
  ticket_id: string
  cluster_key: string
  decision: 'merged' | 'redirected' | 'closed-wrong-tree'
  /** Redirect: context for the next attempt; wrong-tree: the reason. */
  comment: string | null
  reviewed_by: string
  reviewed_at: Timestamp
}

/** One GitHub webhook delivery (migration 0009): a redelivery of the same id is not acted on twice. */
export interface GithubDeliveriesTable {
  delivery_id: string
  /** `X-GitHub-Event`. */
  event: string
  /** What the delivery did, for the answer to a redelivery. */
  summary: string
  received_at: Timestamp
}

/** The tables of migrations 0005, 0007, 0008 and 0009. */
export interface FixerTables {
  fix_runs: FixRunsTable
  fix_reviews: FixReviewsTable
  github_deliveries: GithubDeliveriesTable
}
