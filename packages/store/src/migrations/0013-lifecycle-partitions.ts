import { type Kysely, type Migration, sql } from 'kysely'
import {
  PARTITIONED_TABLES,
  type PartitionedTable,
  partitionName,
  weekStart,
} from '../lifecycle/partitions.js'

const WEEK_MS = 7 * 86_400_000
/** Weeks before today that get their own partition; older rows (and clock-skewed ones) go to the default. */
const WEEKS_BACK = 156
const WEEKS_AHEAD = 5

async function isPGlite(db: Kysely<unknown>): Promise<boolean> {
  const version = await sql<{ v: string }>`select version() as v`.execute(db)
  return /PGlite/i.test(version.rows[0]?.v ?? '')
}

async function isPartitioned(db: Kysely<unknown>, table: string): Promise<boolean> {
  const rows = await sql`
    select 1 from pg_partitioned_table pt
    join pg_class c on c.oid = pt.partrelid join pg_namespace ns on ns.oid = c.relnamespace
    where c.relname = ${table} and ns.nspname = current_schema()
  `.execute(db)
  return rows.rows.length > 0
}

async function count(db: Kysely<unknown>, table: string): Promise<number> {
  const rows = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(db)
  return Number(rows.rows[0]?.n ?? 0)
}

/**
 * Rebuilds `table` as a copy of itself, partitioned by week on its time column (or back to a plain table),
 * keeping every row, column default, check, the project foreign key and every secondary index (their
 * definitions are read from the catalog, so indexes other migrations added survive). The primary key of
 * a partitioned table must hold the partition key, so it becomes `(project_id, id, <time>)`; ingest's
 * `ON CONFLICT DO NOTHING` still dedupes a retry, which carries the same time as the original.
 */
async function rebuild(db: Kysely<unknown>, table: PartitionedTable, partitioned: boolean): Promise<void> {
  const column = PARTITIONED_TABLES[table]
  const next = `${table}_rebuilt`
  const indexes = await sql<{ indexdef: string }>`
    select i.indexdef from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = ${table}
      and not exists (
        select 1 from pg_constraint k join pg_class ic on ic.oid = k.conindid
        where ic.relname = i.indexname and k.contype in ('p', 'u')
      )
  `.execute(db)
  const before = await count(db, table)

  await sql`create table ${sql.table(next)} (like ${sql.table(table)} including defaults including constraints)
    ${partitioned ? sql`partition by range (${sql.ref(column)})` : sql``}`.execute(db)
  await sql`alter table ${sql.table(next)} add constraint ${sql.ref(`${table}_project_fk`)}
    foreign key (project_id) references projects(id) on delete cascade`.execute(db)
  if (partitioned) {
    await sql`create table ${sql.table(`${table}_default`)} partition of ${sql.table(next)} default`.execute(
      db,
    )
    const range = await sql<{ lo: Date | null }>`
      select min(${sql.ref(column)}) as lo from ${sql.table(table)}
    `.execute(db)
    const now = Date.now()
    const floor = now - WEEKS_BACK * WEEK_MS
    const ceiling = now + WEEKS_AHEAD * WEEK_MS
    const lo = range.rows[0]?.lo ? new Date(range.rows[0].lo).getTime() : now
    const from = weekStart(new Date(Math.max(floor, Math.min(lo, now - WEEK_MS))))
    // Rows past the ceiling (clocks years ahead) go to the default partition.
    const to = new Date(ceiling)
    for (let start = from; start < to; start = new Date(start.getTime() + WEEK_MS)) {
      const end = new Date(start.getTime() + WEEK_MS)
      await sql`create table ${sql.table(partitionName(table, start))} partition of ${sql.table(next)}
        for values from (${sql.lit(start.toISOString())}) to (${sql.lit(end.toISOString())})`.execute(db)
    }
  }
  await sql`insert into ${sql.table(next)} select * from ${sql.table(table)}`.execute(db)
  const after = await count(db, next)
  if (after !== before) {
    throw new Error(
      `${table}: copied ${after} of ${before} rows; nothing was changed (the migration rolls back)`,
    )
  }
  await sql`drop table ${sql.table(table)}`.execute(db)
  await sql`alter table ${sql.table(next)} rename to ${sql.table(table)}`.execute(db)
  const key = partitioned ? sql`(project_id, id, ${sql.ref(column)})` : sql`(project_id, id)`
  await sql`alter table ${sql.table(table)} add constraint ${sql.ref(`${table}_pk`)} primary key ${key}`.execute(
    db,
  )
  for (const index of indexes.rows) await sql.raw(index.indexdef).execute(db)
}

/**
 * Envelopes and session events partitioned by ISO week on Postgres, so retention drops a whole week at
 * once and the weekly runs read only the weeks they ask for. PGlite keeps plain tables: it is one process
 * on one laptop, where the tables stay small, and the queries above storage are the same on both.
 */
export const lifecyclePartitionsMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    if (await isPGlite(db)) return
    for (const table of Object.keys(PARTITIONED_TABLES) as PartitionedTable[]) {
      if (!(await isPartitioned(db, table))) await rebuild(db, table, true)
    }
  },

  async down(db: Kysely<unknown>): Promise<void> {
    if (await isPGlite(db)) return
    for (const table of Object.keys(PARTITIONED_TABLES) as PartitionedTable[]) {
      if (await isPartitioned(db, table)) await rebuild(db, table, false)
    }
  },
}
