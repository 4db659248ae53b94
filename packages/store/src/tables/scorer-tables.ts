import type { ColumnType, Generated, JSONColumnType } from 'kysely'
import type { GeneratedTimestamp, Timestamp } from './core-tables.js'

/** One score of one session by one scorer version; failed-to-score rows keep the reason. */
export interface ScoresTable {
  project_id: string
  session_id: string
  scorer: string
  version: string
  model: string | null
  status: 'scored' | 'failed'
  score: number | null
  intent: string | null
  success: string | null
  improvement: string | null
  department: string | null
  failure_reason: string | null
  cost_usd: Generated<number>
  input_tokens: Generated<number>
  output_tokens: Generated<number>
  run_id: number | null
  scored_at: GeneratedTimestamp
  exported_at: Timestamp | null
}

/** A Message Batch sent and not yet collected: a crashed run resumes polling it instead of paying again. */
export interface ClaudeBatchesTable {
  id: string
  scorer_version: string
  model: string
  sessions: JSONColumnType<[string, string][], string, string>
  status: 'submitted' | 'collected'
  run_id: number | null
  estimated_cost_usd: ColumnType<number, number | undefined, number>
  created_at: GeneratedTimestamp
  collected_at: Timestamp | null
}

/** Claude scoring's spend (reservations settled to actual cost) per project and night (migration 0009). */
export interface ScoringSpendTable {
  project_id: string
  night: string
  spent_usd: Generated<number>
  updated_at: GeneratedTimestamp
}

/** The tables of migrations 0002 and 0009. */
export interface ScoreTables {
  scores: ScoresTable
  claude_batches: ClaudeBatchesTable
  scoring_spend: ScoringSpendTable
}
