import type { Generated } from 'kysely'
import type { Timestamp } from './core-tables.js'

/**
 * What the andon cord, an escalation or a quarantine did for one lineage and fix release (migration
 * 0009): one row per action, so a rerun skips what is done and retries what failed.
 */
export interface ValidationActionsTable {
  project_id: string
  cluster_key: string
  release: string
  /** `unlabel` (auto-fixable taken away), `revert` (draft PR or comment), `webhook` (the spike webhook). */
  action: 'unlabel' | 'revert' | 'webhook'
  /** Why the lineage stopped: `andon` or `escalated`. */
  trigger: 'andon' | 'escalated'
  status: 'done' | 'failed'
  /** The revert PR's URL, the comment's subject, or the error of the last failed attempt. */
  detail: string
  attempts: Generated<number>
  acted_at: Timestamp
}

/** A person reset a lineage's attempt counters (`suture lineage reset`, the dashboard): who, when, from what. */
export interface LineageResetsTable {
  id: Generated<number>
  project_id: string
  cluster_key: string
  ticket_id: string | null
  reset_by: string
  reset_at: Timestamp
  previous_iterations: number
  previous_escalated: boolean
  previous_cost_usd: number
}

export interface ValidationTables {
  validation_actions: ValidationActionsTable
  lineage_resets: LineageResetsTable
}
