import type { ColumnType, JSONColumnType } from 'kysely'
import type { GeneratedTimestamp, Timestamp } from './core-tables.js'

type Json<T extends object> = JSONColumnType<T, string, string>
/** A jsonb column with a database default. */
type JsonDefault<T> = ColumnType<T, string | undefined, string>

export type ClusterDecisionColumn = 'ticket' | 'observation' | 'held-for-humans' | 'needs-confirmation'

/** One triage run per project and ISO week (`2026-W48`); a rerun replaces that week's result. */
export interface TriageRunsTable {
  project_id: string
  week: string
  status: 'running' | 'succeeded'
  signals: ColumnType<number, number | undefined, number>
  clusters: ColumnType<number, number | undefined, number>
  tickets: ColumnType<number, number | undefined, number>
  observations: ColumnType<number, number | undefined, number>
  held: ColumnType<number, number | undefined, number>
  needs_confirmation: ColumnType<number, number | undefined, number>
  /** Clustering statistics (signals, candidate pairs, comparisons, merges). */
  stats: JsonDefault<Record<string, unknown>>
  /** The thresholds and rules the run used. */
  settings: JsonDefault<Record<string, unknown>>
  started_at: GeneratedTimestamp
  finished_at: Timestamp | null
}

/**
 * One cluster of one week. `key` stays the same across weeks while the problem is the same (derived from
 * the dominant fingerprint, else the route and words, and carried over from earlier weeks on overlap).
 */
export interface ClustersTable {
  project_id: string
  week: string
  key: string
  title: string
  kind: 'bug' | 'improvement'
  /** For improvements: 'feature-gap' or 'confusing-flow'. */
  improvement: string | null
  decision: ClusterDecisionColumn
  /** Why this decision, in words (threshold met, held for billing, linked to …). */
  decision_reason: string
  /** Linear's scale: 1 urgent … 4 low. */
  priority: number
  /** 0–1, the weighted mean of the parts. */
  priority_score: number
  /** `{ breadth, depth?, duration, rate, nps? }`, each 0–1. */
  priority_parts: Json<Record<string, number>>
  trend: string
  /** `{ thisWeek, previousWeeks, previousMean, ratio, pValue }` (ratio is null when there was none before). */
  rate: Json<Record<string, unknown>>
  /** Share (0–1) of the route's sessions this week that hit it, when known. */
  depth_share: number | null
  nps_drop: number | null
  labels: JsonDefault<string[]>
  /** Which signals agreed to merge members: `{ "semantics+stack": 12, "human": 1 }`. */
  evidence: JsonDefault<Record<string, number>>
  department: string | null
  auto_fixable: boolean
  /** Why it is or is not auto-fixable. */
  reasons: JsonDefault<string[]>
  /** Safety rules that matched: `[{ category, field, value }]`. */
  held_reasons: JsonDefault<{ category: string; field: string; value: string }[]>
  route_template: string | null
  routes: JsonDefault<string[]>
  error_type: string | null
  message: string | null
  boundary: string | null
  attempting: string | null
  fingerprints: JsonDefault<string[]>
  releases: JsonDefault<string[]>
  signal_count: number
  user_count: number
  session_count: number
  workspace_count: number
  days_active: number
  first_seen: Timestamp
  last_seen: Timestamp
  /** Envelope ids of a few members (their bodies are in `envelopes`). */
  sample_ids: JsonDefault<string[]>
  sample_session_ids: JsonDefault<string[]>
  /** `[{ file, line?, function?, owners? }]` in the checked-out repository, when one was given. */
  code_pointers: JsonDefault<{ file: string; line?: number; function?: string; owners?: string[] }[]>
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
}

export interface ClusterMembersTable {
  project_id: string
  week: string
  /** An envelope id, or `session:<id>` for a low-scored session. */
  signal_id: string
  cluster_key: string
  kind: 'error' | 'feedback' | 'session'
  occurred_at: Timestamp | null
}

/** Two members that exactly one signal says are the same problem: a human answers "same" or "different". */
export interface ClusterPairsTable {
  project_id: string
  week: string
  a: string
  b: string
  cluster_a: string
  cluster_b: string
  /** The one signal that agreed: 'structure', 'semantics' or 'stack'. */
  signal: string
  score: number
}

/**
 * A human answer on a pair of signals (`a < b`), written by the dashboard's Same / Different buttons.
 * The next triage run passes it to the clustering as a decision; `cluster_a` / `cluster_b` carry it to
 * later weeks, where the same two cluster keys are merged (same) or kept apart (different).
 */
export interface PairDecisionsTable {
  project_id: string
  a: string
  b: string
  answer: 'same' | 'different'
  cluster_a: string | null
  cluster_b: string | null
  decided_by: string | null
  decided_at: GeneratedTimestamp
}

/**
 * The Claude judge's answer on two reports (migration 0015), by their content hash: a rerun never asks
 * again. The answer a triage run acted on is also a `pair_decisions` row, `decided_by` = `model:<id>`.
 */
export interface PairVerdictsTable {
  project_id: string
  key: string
  model: string
  a: string
  b: string
  answer: 'same' | 'different'
  confidence: number
  reason: string
  created_at: GeneratedTimestamp
}

/** What the Claude judge spent (or reserved) per project and triaged ISO week (migration 0015). */
export interface JudgeSpendTable {
  project_id: string
  week: string
  spent_usd: ColumnType<number, number | undefined, number>
  updated_at: GeneratedTimestamp
}

/** The tables of migrations 0003 and 0015. */
export interface ClusterTables {
  triage_runs: TriageRunsTable
  clusters: ClustersTable
  cluster_members: ClusterMembersTable
  cluster_pairs: ClusterPairsTable
  pair_decisions: PairDecisionsTable
  pair_verdicts: PairVerdictsTable
  judge_spend: JudgeSpendTable
}
