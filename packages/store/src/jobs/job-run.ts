import type { Kysely } from 'kysely'
import type { Database } from '../tables/database.js'

export type JobRunClaim =
  | { readonly kind: 'claimed'; readonly runId: number; readonly resumed: boolean }
  | { readonly kind: 'already-succeeded'; readonly runId: number }

/**
 * Claims the run `(name, key)` in `job_runs`. A key that already succeeded is not run again; one left
 * `running` by a crashed worker or `failed` is taken over and re-run (the work itself is idempotent).
 */
export async function claimJobRun(
  db: Kysely<Database>,
  name: string,
  key: string,
  details: Record<string, unknown> = {},
): Promise<JobRunClaim> {
  const found = await insertOrFindRun(db, name, key, JSON.stringify(details), new Date())
  if (found.kind !== 'existing') return found
  const existing = found
  await db
    .updateTable('job_runs')
    .set({
      status: 'running',
      started_at: new Date(),
      finished_at: null,
      error: null,
      details: JSON.stringify(details),
    })
    .where('id', '=', existing.id)
    .execute()
  return { kind: 'claimed', runId: Number(existing.id), resumed: true }
}

export type LeasedJobRunClaim =
  | JobRunClaim
  /** Another process claimed the key less than `leaseMs` ago and is still at it: leave it. */
  | { readonly kind: 'in-progress'; readonly runId: number }

/**
 * `claimJobRun` for keys that more than one process may claim at once (the worker's tick, a second
 * worker, the server's deploy trigger): a `running` claim younger than `leaseMs` is left to its owner,
 * and taking over a failed or stale one is a single conditional update, so two racers never both run.
 */
export async function claimLeasedJobRun(
  db: Kysely<Database>,
  name: string,
  key: string,
  options: {
    readonly leaseMs: number
    readonly now?: Date | undefined
    readonly details?: Record<string, unknown>
  },
): Promise<LeasedJobRunClaim> {
  const now = options.now ?? new Date()
  const details = JSON.stringify(options.details ?? {})
  const found = await insertOrFindRun(db, name, key, details, now)
  if (found.kind !== 'existing') return found
  const existing = found
  const staleBefore = new Date(now.getTime() - options.leaseMs)
  const taken = await db
    .updateTable('job_runs')
    .set({ status: 'running', started_at: now, finished_at: null, error: null, details })
    .where('id', '=', existing.id)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'failed'),
        eb.and([eb('status', '=', 'running'), eb('started_at', '<', staleBefore)]),
      ]),
    )
    .executeTakeFirst()
  return Number(taken.numUpdatedRows) > 0
    ? { kind: 'claimed', runId: Number(existing.id), resumed: true }
    : { kind: 'in-progress', runId: Number(existing.id) }
}

/**
 * The first step of every claim: insert `(name, key)` as running, or find the row already there. A
 * succeeded row ends the claim; anything else is returned for the caller's own take-over rule.
 */
async function insertOrFindRun(
  db: Kysely<Database>,
  name: string,
  key: string,
  details: string,
  startedAt: Date,
): Promise<JobRunClaim | { readonly kind: 'existing'; readonly id: number }> {
  const inserted = await db
    .insertInto('job_runs')
    .values({ name, key, status: 'running', details, started_at: startedAt })
    .onConflict((oc) => oc.columns(['name', 'key']).doNothing())
    .returning('id')
    .executeTakeFirst()
  if (inserted) return { kind: 'claimed', runId: Number(inserted.id), resumed: false }
  const existing = await db
    .selectFrom('job_runs')
    .select(['id', 'status'])
    .where('name', '=', name)
    .where('key', '=', key)
    .executeTakeFirstOrThrow()
  if (existing.status === 'succeeded') return { kind: 'already-succeeded', runId: Number(existing.id) }
  return { kind: 'existing', id: existing.id }
}

export async function finishJobRun(
  db: Kysely<Database>,
  runId: number,
  outcome: { status: 'succeeded'; details: Record<string, unknown> } | { status: 'failed'; error: string },
): Promise<void> {
  await db
    .updateTable('job_runs')
    .set(
      outcome.status === 'succeeded'
        ? { status: 'succeeded', finished_at: new Date(), details: JSON.stringify(outcome.details) }
        : { status: 'failed', finished_at: new Date(), error: outcome.error.slice(0, 4_000) },
    )
    .where('id', '=', runId)
    .execute()
}

/** When the last successful run of `name` finished, if ever. */
export async function lastSuccessfulRun(db: Kysely<Database>, name: string): Promise<Date | undefined> {
  const row = await db
    .selectFrom('job_runs')
    .select('finished_at')
    .where('name', '=', name)
    .where('status', '=', 'succeeded')
    .orderBy('finished_at', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row?.finished_at ? new Date(row.finished_at) : undefined
}
