import { appendFile, mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import type { OutcomeKind } from './stopping.js'

export interface OutcomeRecord {
  readonly projectId: string
  readonly clusterKey: string
  readonly ticketId: string | null
  readonly outcome: OutcomeKind
  readonly release: string
  readonly iterations: number
  readonly costUsd: number
  readonly reason: string
  readonly recordedAt: string
}

/**
 * Records a lineage's fate in the table and, only when that row is new, as one JSON line in `logFile`,
 * so a rerun neither double-counts nor double-logs.
 */
export async function recordOutcome(
  db: Kysely<Database>,
  record: OutcomeRecord,
  logFile?: string | undefined,
): Promise<boolean> {
  const result = await db
    .insertInto('ticket_outcomes')
    .values({
      project_id: record.projectId,
      cluster_key: record.clusterKey,
      ticket_id: record.ticketId,
      outcome: record.outcome,
      release: record.release,
      iterations: record.iterations,
      cost_usd: record.costUsd,
      reason: record.reason,
      recorded_at: record.recordedAt,
    })
    .onConflict((oc) => oc.columns(['project_id', 'cluster_key', 'release', 'outcome']).doNothing())
    .returning('outcome')
    .executeTakeFirst()
  const inserted = result !== undefined
  if (inserted && logFile) {
    await mkdir(path.dirname(logFile), { recursive: true })
    await appendFile(logFile, `${JSON.stringify(record)}\n`, 'utf8')
  }
  return inserted
}

export interface OutcomeSummary {
  readonly total: number
  readonly counts: Readonly<Record<OutcomeKind, number>>
  /** (fixed clean + fixed messy) ÷ total; null with no outcomes yet. */
  readonly successRate: number | null
  /** fixed clean ÷ total. */
  readonly cleanRate: number | null
}

export function summarizeOutcomes(outcomes: readonly { readonly outcome: OutcomeKind }[]): OutcomeSummary {
  const counts: Record<OutcomeKind, number> = {
    'fixed-clean': 0,
    'fixed-messy': 0,
    reverted: 0,
    escalated: 0,
  }
  for (const o of outcomes) counts[o.outcome] += 1
  const total = outcomes.length
  return {
    total,
    counts,
    successRate: total === 0 ? null : (counts['fixed-clean'] + counts['fixed-messy']) / total,
    cleanRate: total === 0 ? null : counts['fixed-clean'] / total,
  }
}
