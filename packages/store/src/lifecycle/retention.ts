import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { Database } from '../tables/database.js'
import { type PartitionedTable, timePartitions } from './partitions.js'
import { RETENTION_KINDS, type RetentionKind, type RetentionPolicy, windowFor } from './retention-policy.js'

const DAY_MS = 86_400_000
/** Rows per delete: small enough that each transaction holds its locks for well under a second. */
export const DEFAULT_RETENTION_BATCH = 2_000

interface KindSpec {
  readonly table: keyof Database & string
  readonly time: string
  /** Unique within a project (with the time column), so a batch deletes exactly the rows it selected. */
  readonly key: string
  readonly partitioned?: PartitionedTable
  /** Rows that must survive whatever their age (a job run still in progress). */
  readonly keep?: RawBuilder<unknown>
}

const SPECS: Record<RetentionKind, KindSpec> = {
  envelopes: { table: 'envelopes', time: 'occurred_at', key: 'id', partitioned: 'envelopes' },
  sessionEvents: { table: 'session_events', time: 'ts', key: 'id', partitioned: 'session_events' },
  sessions: { table: 'sessions', time: 'last_event_at', key: 'id' },
  // A session's scores by every scorer version go together: the batch is bounded by versions per session.
  scores: { table: 'scores', time: 'scored_at', key: 'session_id' },
  jobRuns: { table: 'job_runs', time: 'started_at', key: 'id', keep: sql`status = 'running'` },
}

/** `*`: rows that belong to no project (job runs of global jobs). */
export const GLOBAL_SCOPE = '*'

/** One committed step of a retention run. */
export interface RetentionBatch {
  readonly scope: string
  readonly kind: RetentionKind
  readonly dropped: number
  /** Set when the step dropped a whole partition (Postgres). */
  readonly partition?: string | undefined
}

export interface RetentionOptions {
  readonly policy: RetentionPolicy
  readonly now?: Date | undefined
  readonly batchSize?: number | undefined
  /**
   * Called inside each step's transaction, after its delete and its ledger row: throwing rolls that step
   * back as a crash would (tests use it). Progress and logging hook otherwise.
   */
  readonly onBatch?: ((batch: RetentionBatch) => void | Promise<void>) | undefined
}

export interface RetentionDrop {
  readonly scope: string
  readonly kind: RetentionKind
  readonly windowDays: number
  readonly cutoff: Date
  readonly dropped: number
  readonly partitionsDropped: number
}

export interface RetentionResult {
  /** The UTC day the run is recorded under. */
  readonly day: string
  /** What this call dropped (a resumed run reports only what it did itself). */
  readonly drops: readonly RetentionDrop[]
}

/**
 * Drops what is older than each project's window, kind by kind, in short transactions of at most
 * `batchSize` rows. Each step commits its delete together with its count in `retention_drops`, so a run
 * killed between (or inside) steps loses nothing and double-counts nothing: running it again finishes the
 * job, and a run with nothing left to drop writes nothing. On Postgres, weekly partitions of envelopes and
 * session events that every project's window has passed are dropped whole instead.
 * @example
 * const { drops } = await applyRetention(database.db, { policy: retentionPolicy() })
 */
export async function applyRetention(
  db: Kysely<Database>,
  options: RetentionOptions,
): Promise<RetentionResult> {
  const now = options.now ?? new Date()
  const day = now.toISOString().slice(0, 10)
  const batchSize = options.batchSize ?? DEFAULT_RETENTION_BATCH
  const projects = (await db.selectFrom('projects').select('id').orderBy('id').execute()).map((p) => p.id)
  const tally = new Map<string, RetentionDrop>()
  const note = (
    drop: Omit<RetentionDrop, 'partitionsDropped' | 'dropped'>,
    dropped: number,
    partitions: number,
  ) => {
    const id = `${drop.scope}\u0000${drop.kind}`
    const before = tally.get(id)
    tally.set(id, {
      ...drop,
      dropped: (before?.dropped ?? 0) + dropped,
      partitionsDropped: (before?.partitionsDropped ?? 0) + partitions,
    })
  }
  const cutoffOf = (windowDays: number) => new Date(now.getTime() - windowDays * DAY_MS)

  for (const kind of RETENTION_KINDS) {
    const spec = SPECS[kind]
    if (spec.partitioned !== undefined) {
      await dropWholePartitions(db, spec, kind, projects, options, day, cutoffOf, note)
    }
    const scopes: (string | null)[] = kind === 'jobRuns' ? [...projects, null] : projects
    for (const projectId of scopes) {
      const windowDays = windowFor(options.policy, projectId, kind)
      if (windowDays === null) continue
      const cutoff = cutoffOf(windowDays)
      const scope = projectId ?? GLOBAL_SCOPE
      for (;;) {
        const dropped = await db.transaction().execute(async (trx) => {
          const n = await deleteBatch(trx, spec, projectId, cutoff, batchSize)
          if (n > 0) {
            await recordDrop(trx, { scope, kind, day, windowDays, cutoff, dropped: n, partitions: 0 })
            await options.onBatch?.({ scope, kind, dropped: n })
          }
          return n
        })
        if (dropped > 0) note({ scope, kind, windowDays, cutoff }, dropped, 0)
        if (dropped < batchSize) break
      }
    }
  }
  return { day, drops: [...tally.values()] }
}

async function deleteBatch(
  trx: Kysely<Database>,
  spec: KindSpec,
  projectId: string | null,
  cutoff: Date,
  batchSize: number,
): Promise<number> {
  const table = sql.table(spec.table)
  const time = sql.ref(spec.time)
  const key = sql.ref(spec.key)
  const scope = projectId === null ? sql`project_id is null` : sql`project_id = ${projectId}`
  const keep = spec.keep === undefined ? sql`true` : sql`not (${spec.keep})`
  // The time bound is repeated outside the sub-select so a partitioned table is pruned to old partitions
  // and the key lookup cannot reach a newer row that shares an id.
  const result = await sql`
    delete from ${table}
    where ${scope} and ${time} < ${cutoff} and ${keep} and ${key} in (
      select ${key} from ${table}
      where ${scope} and ${time} < ${cutoff} and ${keep}
      order by ${time}
      limit ${batchSize}
    )
  `.execute(trx)
  return Number(result.numAffectedRows ?? 0n)
}

async function recordDrop(
  trx: Kysely<Database>,
  row: {
    scope: string
    kind: RetentionKind
    day: string
    windowDays: number
    cutoff: Date
    dropped: number
    partitions: number
  },
): Promise<void> {
  await trx
    .insertInto('retention_drops')
    .values({
      scope: row.scope,
      kind: row.kind,
      day: row.day,
      window_days: row.windowDays,
      cutoff: row.cutoff,
      dropped: row.dropped,
      partitions_dropped: row.partitions,
    })
    .onConflict((oc) =>
      oc.columns(['scope', 'kind', 'day']).doUpdateSet({
        dropped: sql`retention_drops.dropped + excluded.dropped`,
        partitions_dropped: sql`retention_drops.partitions_dropped + excluded.partitions_dropped`,
        window_days: sql`excluded.window_days`,
        cutoff: sql`excluded.cutoff`,
        updated_at: sql`now()`,
      }),
    )
    .execute()
}

// A whole week can go only when the longest window of any project has passed it; rows younger than
// that but older than a shorter project's window are deleted row by row afterwards.
async function dropWholePartitions(
  db: Kysely<Database>,
  spec: KindSpec,
  kind: RetentionKind,
  projects: readonly string[],
  options: RetentionOptions,
  day: string,
  cutoffOf: (windowDays: number) => Date,
  note: (
    drop: Omit<RetentionDrop, 'partitionsDropped' | 'dropped'>,
    dropped: number,
    partitions: number,
  ) => void,
): Promise<void> {
  if (spec.partitioned === undefined) return
  const partitions = await timePartitions(db, spec.partitioned)
  if (partitions === undefined) return
  const windows = [options.policy.defaults[kind], ...projects.map((p) => windowFor(options.policy, p, kind))]
  if (windows.some((w) => w === null)) return
  const longest = Math.max(...(windows as number[]))
  const cutoff = cutoffOf(longest)
  for (const partition of partitions) {
    if (partition.to === null || partition.to > cutoff) continue
    await db.transaction().execute(async (trx) => {
      // Dropping a partition needs an exclusive lock on the parent for a moment: give up rather than
      // make ingest queue behind a long reader; tomorrow's run tries again.
      await sql`set local lock_timeout = '10s'`.execute(trx)
      const counts = await sql<{ project_id: string; n: number }>`
        select project_id, count(*)::int as n from ${sql.table(partition.name)} group by project_id
      `.execute(trx)
      for (const row of counts.rows) {
        const windowDays = windowFor(options.policy, row.project_id, kind) ?? longest
        await recordDrop(trx, {
          scope: row.project_id,
          kind,
          day,
          windowDays,
          cutoff: cutoffOf(windowDays),
          dropped: row.n,
          partitions: 1,
        })
      }
      await sql`drop table ${sql.table(partition.name)}`.execute(trx)
      const dropped = counts.rows.reduce((sum, r) => sum + r.n, 0)
      await options.onBatch?.({ scope: GLOBAL_SCOPE, kind, dropped, partition: partition.name })
      for (const row of counts.rows) {
        const windowDays = windowFor(options.policy, row.project_id, kind) ?? longest
        note({ scope: row.project_id, kind, windowDays, cutoff: cutoffOf(windowDays) }, row.n, 1)
      }
    })
  }
}

/** What retention dropped, summed by kind and window, for one project over `[from, to)` days. */
export async function retentionSummary(
  db: Kysely<Database>,
  options: { readonly projectId?: string | undefined; readonly from?: Date; readonly to?: Date },
): Promise<{ scope: string; kind: RetentionKind; windowDays: number; dropped: number }[]> {
  let query = db
    .selectFrom('retention_drops')
    .select(['scope', 'kind', 'window_days', (eb) => eb.fn.sum<number>('dropped').as('dropped')])
    .groupBy(['scope', 'kind', 'window_days'])
    .orderBy('scope')
    .orderBy('kind')
  if (options.projectId !== undefined) query = query.where('scope', '=', options.projectId)
  if (options.from !== undefined) query = query.where('day', '>=', options.from.toISOString().slice(0, 10))
  if (options.to !== undefined) query = query.where('day', '<', options.to.toISOString().slice(0, 10))
  const rows = await query.execute()
  return rows.map((r) => ({
    scope: r.scope,
    kind: r.kind as RetentionKind,
    windowDays: r.window_days,
    dropped: Number(r.dropped),
  }))
}
