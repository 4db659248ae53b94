import type { ColumnType, Generated, JSONColumnType } from 'kysely'
import type { GeneratedTimestamp, Timestamp } from './core-tables.js'

type Json<T extends object> = JSONColumnType<T, string, string>

/**
 * One cluster ↔ one ticket. The row is written *before* the tracker call (with the client id the
 * ticket will be created under), so a run that dies between the two still finds its ticket.
 */
export interface TicketLinksTable {
  project_id: string
  cluster_key: string
  tracker: 'linear' | 'local'
  /** The UUID the ticket is created with; deterministic per cluster and lineage. */
  client_id: string
  ticket_id: string | null
  identifier: string | null
  url: string | null
  title: string
  /** Last state seen in the tracker. */
  state: string
  priority: number
  /** Counts at the last filing: `{ signals, users, sessions, workspaces }`. */
  counts: Json<Record<string, number>>
  /** Signals since the cluster was first seen, at the last filing (migration 0006). */
  seen_total: ColumnType<number | null, number | null | undefined, number | null>
  seen_since: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  /** `high` / `medium` / `low` at the last filing. */
  confidence: ColumnType<string | null, string | null | undefined, string | null>
  route_template: string | null
  /** The cluster's stack fingerprints: what validation and spikes count. */
  fingerprints: ColumnType<string[], string | undefined, string>
  /** Set when the ticket is marked done with the release that carries the fix. */
  fix_release: string | null
  /** Where validation of `fix_release` stands: null (none yet), 'pending', or the action that ended it. */
  validation: string | null
  fixed_at: Timestamp | null
  /** Fix attempts that did not bring the signal back. */
  iterations: Generated<number>
  escalated: Generated<boolean>
  reopen_count: Generated<number>
  /** What the last filing run did (created, updated, reopened) and when: the digest's week view. */
  last_action: string | null
  last_action_at: Timestamp | null
  /** The run key (ISO week, or `spike:…`) of the run that created the ticket and of the last action. */
  created_run: string | null
  last_run: string | null
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
}

/** The embedded tracker: tickets kept in Suture's own database. */
export interface LocalTicketsTable {
  id: string
  project_id: string
  number: Generated<number>
  title: string
  body: string
  priority: number
  labels: Json<string[]>
  state: 'open' | 'in-progress' | 'done' | 'cancelled' | 'duplicate'
  closed_at: Timestamp | null
  created_at: GeneratedTimestamp
  updated_at: GeneratedTimestamp
}

export interface LocalTicketCommentsTable {
  /** The client id: a retried comment is the same row. */
  id: string
  ticket_id: string
  body: string
  created_at: GeneratedTimestamp
}

export interface LocalTicketAttachmentsTable {
  ticket_id: string
  url: string
  title: string
  created_at: GeneratedTimestamp
}

/** One validation of a fix: the evidence the ticket comment quotes. */
export interface TicketValidationsTable {
  project_id: string
  cluster_key: string
  release: string
  /** Day of the evaluation (YYYY-MM-DD): one row per cluster, release and day. */
  evaluated_on: string
  ticket_id: string | null
  verdict: string
  action: string
  p_lower: number
  p_higher: number
  rate_ratio: number
  before_count: number
  after_count: number
  evidence: string
  created_at: GeneratedTimestamp
}

/** Fix attempts reported by the fixer (or a person), with what they cost. */
export interface FixAttemptsTable {
  project_id: string
  cluster_key: string
  release: string
  cost_usd: number
  recorded_at: GeneratedTimestamp
}

export type OutcomeKindColumn = 'fixed-clean' | 'fixed-messy' | 'reverted' | 'escalated'

/** Each ticket lineage's fate. Also appended to the JSONL outcome log. */
export interface TicketOutcomesTable {
  project_id: string
  cluster_key: string
  ticket_id: string | null
  outcome: OutcomeKindColumn
  release: string
  iterations: number
  cost_usd: number
  reason: string
  recorded_at: GeneratedTimestamp
}

/** Routes the andon cord took away from auto-fixing, until a human clears them. */
export interface RouteQuarantineTable {
  project_id: string
  route_template: string
  cluster_key: string
  release: string
  reason: string
  created_at: GeneratedTimestamp
  cleared_at: Timestamp | null
  cleared_by: string | null
}

/** One digest per project and ISO week. */
export interface DigestsTable {
  project_id: string
  week: string
  markdown: string
  html: string
  data: Json<Record<string, unknown>>
  shadow: boolean
  created_at: GeneratedTimestamp
}

/** A spike rule that fired for a cluster; silenced until `resolved_at`. */
export interface SpikeFiringsTable {
  id: Generated<number>
  project_id: string
  rule: string
  cluster_key: string
  fired_at: Timestamp
  resolved_at: Timestamp | null
  payload: ColumnType<Record<string, unknown>, string, string>
}

/** The tables of migration 0004. */
export type TicketTables = {
  ticket_links: TicketLinksTable
  local_tickets: LocalTicketsTable
  local_ticket_comments: LocalTicketCommentsTable
  local_ticket_attachments: LocalTicketAttachmentsTable
  ticket_validations: TicketValidationsTable
  fix_attempts: FixAttemptsTable
  ticket_outcomes: TicketOutcomesTable
  route_quarantine: RouteQuarantineTable
  digests: DigestsTable
  spike_firings: SpikeFiringsTable
}
