import { type Kysely, sql } from 'kysely'
import type { Database } from '../tables/database.js'

/** The tables partitioned by time on Postgres, and the column each is partitioned by. */
export const PARTITIONED_TABLES = { envelopes: 'occurred_at', session_events: 'ts' } as const
export type PartitionedTable = keyof typeof PARTITIONED_TABLES

const WEEK_MS = 7 * 86_400_000

/** One partition of a time-partitioned table: `[from, to)`, or the default one (null bounds). */
export interface TimePartition {
  readonly name: string
  readonly from: Date | null
  readonly to: Date | null
}

/** Monday 00:00 UTC of the week holding `at`: partitions are ISO weeks, as the weekly runs read them. */
export function weekStart(at: Date): Date {
  const day = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()))
  const offset = (day.getUTCDay() + 6) % 7
  return new Date(day.getTime() - offset * 86_400_000)
}

export function partitionName(table: PartitionedTable, from: Date): string {
  return `${table}_w${from.toISOString().slice(0, 10).replaceAll('-', '')}`
}

// `pg_get_expr` prints bounds in the session's time zone: '2026-11-23 00:00:00+00' or '… 01:00:00+01'.
function parseBound(text: string | undefined): Date | null {
  if (text === undefined) return null
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?)([+-]\d{2})(?::?(\d{2}))?$/.exec(text)
  if (!m) return null
  return new Date(`${m[1]}T${m[2]}${m[3]}:${m[4] ?? '00'}`)
}

/**
 * The partitions of `table`, oldest first, or undefined when the table is a plain one (PGlite, or a
 * Postgres database not yet migrated to the partitioned layout): callers then delete rows instead.
 */
export async function timePartitions(
  db: Kysely<Database>,
  table: PartitionedTable,
): Promise<TimePartition[] | undefined> {
  const partitioned = await sql<{ n: number }>`
    select 1 as n from pg_partitioned_table pt
    join pg_class c on c.oid = pt.partrelid join pg_namespace ns on ns.oid = c.relnamespace
    where c.relname = ${table} and ns.nspname = current_schema()
  `.execute(db)
  if (partitioned.rows.length === 0) return undefined
  const rows = await sql<{ name: string; bound: string }>`
    select c.relname as name, pg_get_expr(c.relpartbound, c.oid) as bound
    from pg_inherits i
    join pg_class c on c.oid = i.inhrelid
    join pg_class p on p.oid = i.inhparent
    join pg_namespace ns on ns.oid = p.relnamespace
    where p.relname = ${table} and ns.nspname = current_schema()
  `.execute(db)
  const partitions = rows.rows.map((row): TimePartition => {
    const quoted = [...row.bound.matchAll(/'([^']+)'/g)].map((m) => m[1])
    return { name: row.name, from: parseBound(quoted[0]), to: parseBound(quoted[1]) }
  })
  return partitions.sort((a, b) => (a.from?.getTime() ?? Infinity) - (b.from?.getTime() ?? Infinity))
}

/**
 * Creates the weekly partitions of `table` covering `[from, to)` that do not exist yet. Rows that already
 * landed in the default partition for such a week (the worker was down for weeks) move into the new
 * partition in the same transaction: Postgres refuses to create a partition whose rows sit in the default.
 * Resolves to the names created. A plain table is left alone.
 */
export async function ensureWeeklyPartitions(
  db: Kysely<Database>,
  table: PartitionedTable,
  from: Date,
  to: Date,
): Promise<string[]> {
  const existing = await timePartitions(db, table)
  if (existing === undefined) return []
  const have = new Set(existing.map((p) => p.from?.getTime()).filter((t) => t !== undefined))
  const column = PARTITIONED_TABLES[table]
  const created: string[] = []
  for (let start = weekStart(from); start < to; start = new Date(start.getTime() + WEEK_MS)) {
    if (have.has(start.getTime())) continue
    const end = new Date(start.getTime() + WEEK_MS)
    const name = partitionName(table, start)
    await db.transaction().execute(async (trx) => {
      // Short waits only: a partition can be created tomorrow; ingest must not queue behind this.
      await sql`set local lock_timeout = '10s'`.execute(trx)
      const defaultName = `${table}_default`
      const inRange = sql`${sql.ref(column)} >= ${start} and ${sql.ref(column)} < ${end}`
      const stray = await sql<{ n: number }>`
        select count(*)::int as n from ${sql.table(defaultName)} where ${inRange}
      `.execute(trx)
      if ((stray.rows[0]?.n ?? 0) > 0) {
        await sql`lock table ${sql.table(defaultName)} in access exclusive mode`.execute(trx)
        await sql`create temp table lifecycle_moving on commit drop as
          select * from ${sql.table(defaultName)} where ${inRange}`.execute(trx)
        await sql`delete from ${sql.table(defaultName)} where ${inRange}`.execute(trx)
        await createPartition(trx, table, name, start, end)
        await sql`insert into ${sql.table(table)} select * from lifecycle_moving`.execute(trx)
      } else {
        await createPartition(trx, table, name, start, end)
      }
    })
    created.push(name)
  }
  return created
}

function createPartition(
  db: Kysely<Database>,
  table: PartitionedTable,
  name: string,
  from: Date,
  to: Date,
): Promise<unknown> {
  return sql`create table if not exists ${sql.table(name)} partition of ${sql.table(table)}
    for values from (${sql.lit(from.toISOString())}) to (${sql.lit(to.toISOString())})`.execute(db)
}
