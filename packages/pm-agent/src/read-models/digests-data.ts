import { type Database, existingTables, toDate } from '@suture/store'
import { type Kysely, sql } from 'kysely'

export interface DigestListItem {
  /** ISO week, e.g. `2026-W48`. */
  readonly week: string
  readonly shadow: boolean
  readonly createdAt: Date | undefined
}

export interface StoredDigest extends DigestListItem {
  readonly markdown: string
  readonly html: string
}

/** Every stored Monday digest of a project, newest week first (migration 0004's `digests`). */
export async function listDigests(db: Kysely<Database>, projectId: string): Promise<DigestListItem[]> {
  const tables = await existingTables(db, ['digests'])
  if (!tables.has('digests')) return []
  const rows = await sql<{ week: string; shadow: boolean; created_at: unknown }>`
    select week, shadow, created_at from digests where project_id = ${projectId} order by week desc
  `.execute(db)
  return rows.rows.map((r) => ({ week: r.week, shadow: r.shadow === true, createdAt: toDate(r.created_at) }))
}

/** One digest; the newest when `week` is undefined. */
export async function readDigest(
  db: Kysely<Database>,
  projectId: string,
  week: string | undefined,
): Promise<StoredDigest | undefined> {
  const tables = await existingTables(db, ['digests'])
  if (!tables.has('digests')) return undefined
  const rows = await sql<{
    week: string
    shadow: boolean
    created_at: unknown
    markdown: string
    html: string
  }>`
    select week, shadow, created_at, markdown, html from digests
    where project_id = ${projectId} ${week === undefined ? sql`` : sql`and week = ${week}`}
    order by week desc limit 1
  `.execute(db)
  const r = rows.rows[0]
  if (!r) return undefined
  return {
    week: r.week,
    shadow: r.shadow === true,
    createdAt: toDate(r.created_at),
    markdown: r.markdown,
    html: r.html,
  }
}
