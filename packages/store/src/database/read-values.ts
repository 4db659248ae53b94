import { type Kysely, sql } from 'kysely'
import type { Database } from '../tables/database.js'

/**
 * Which of the given tables exist in the current schema. The dashboard reads tables that later
 * migrations (triage, tickets, digests) add, and shows an empty state instead of failing while a
 * deployment has not run them yet.
 */
export async function existingTables(db: Kysely<Database>, names: readonly string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set()
  const result = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_name in (${sql.join(names)})
  `.execute(db)
  return new Set(result.rows.map((r) => r.table_name))
}

/** Postgres drivers return bigint counts as strings; PGlite may return numbers. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'bigint') return Number(value)
  if (typeof value === 'string' && value.trim() !== '') return Number(value)
  return 0
}

export function toDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value
  if (typeof value === 'string' || typeof value === 'number') {
    const d = new Date(value)
    return Number.isNaN(d.getTime()) ? undefined : d
  }
  return undefined
}

export function toJson(value: unknown): unknown {
  if (typeof value !== 'string') return value
  try {
    return JSON.parse(value)
  } catch {
    return value
  }
}
