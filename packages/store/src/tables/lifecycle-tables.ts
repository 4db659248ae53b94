import type { ColumnType, Generated } from 'kysely'
import type { GeneratedTimestamp, Timestamp } from './core-tables.js'

/** What one day's retention run dropped, per project (or `*`) and kind. */
export interface RetentionDropsTable {
  scope: string
  kind: string
  day: string
  window_days: number
  cutoff: Timestamp
  dropped: ColumnType<number, number | undefined, number>
  partitions_dropped: ColumnType<number, number | undefined, number>
  updated_at: GeneratedTimestamp
}

/** A deletion or export on request: what was touched, never whom it was about. */
export interface PrivacyRequestsTable {
  id: Generated<number>
  kind: 'delete' | 'export'
  project_id: string | null
  requested_by: string
  counts: ColumnType<Record<string, number>, string | undefined, string>
  manual_steps: ColumnType<number, number | undefined, number>
  created_at: GeneratedTimestamp
}

/** The tables of migration 0014-lifecycle-retention. */
export interface LifecycleTables {
  retention_drops: RetentionDropsTable
  privacy_requests: PrivacyRequestsTable
}
