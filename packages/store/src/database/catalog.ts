import { type Kysely, sql } from 'kysely'
import type { Database } from '../tables/database.js'

/** One column of a table in the current schema, as the database's own catalog describes it. */
export interface CatalogColumn {
  readonly table: string
  readonly column: string
  readonly dataType: string
}

/**
 * Every column of every table in the current schema (partitions are reached through their parent), read
 * from the catalog rather than from a list kept here, so a table a later migration adds is covered by every
 * caller (the privacy sweep, project deletion) without a change.
 */
export async function catalogColumns(db: Kysely<Database>): Promise<CatalogColumn[]> {
  const rows = await sql<{ table_name: string; column_name: string; data_type: string }>`
    select c.table_name, c.column_name, c.data_type from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = current_schema() and t.table_type = 'BASE TABLE'
    order by c.table_name, c.ordinal_position
  `.execute(db)
  const partitions = new Set(
    (
      await sql<{ name: string }>`
        select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        join pg_namespace ns on ns.oid = c.relnamespace where ns.nspname = current_schema()
      `.execute(db)
    ).rows.map((r) => r.name),
  )
  return rows.rows
    .filter((r) => !partitions.has(r.table_name))
    .map((r) => ({ table: r.table_name, column: r.column_name, dataType: r.data_type }))
}

/** Tables with a `project_id` column: a project's rows are the ones carrying its id. */
export function projectScopedTables(columns: readonly CatalogColumn[]): string[] {
  return [...new Set(columns.filter((c) => c.column === 'project_id').map((c) => c.table))]
}

/** A single-column foreign key: `table.column` references `parentTable.parentColumn`. */
export interface ForeignKey {
  readonly table: string
  readonly column: string
  readonly parentTable: string
  readonly parentColumn: string
}

/** The single-column foreign keys between tables of the current schema. */
export async function catalogForeignKeys(db: Kysely<Database>): Promise<ForeignKey[]> {
  const rows = await sql<ForeignKey>`
    select child.relname as "table", ca.attname as "column",
      parent.relname as "parentTable", pa.attname as "parentColumn"
    from pg_constraint k
    join pg_class child on child.oid = k.conrelid
    join pg_class parent on parent.oid = k.confrelid
    join pg_namespace ns on ns.oid = child.relnamespace
    join pg_attribute ca on ca.attrelid = k.conrelid and ca.attnum = k.conkey[1]
    join pg_attribute pa on pa.attrelid = k.confrelid and pa.attnum = k.confkey[1]
    where k.contype = 'f' and array_length(k.conkey, 1) = 1 and ns.nspname = current_schema()
      and not child.relispartition
  `.execute(db)
  return rows.rows
}
