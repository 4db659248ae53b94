import { type Kysely, sql } from 'kysely'
import { catalogColumns, projectScopedTables } from '../database/catalog.js'
import type { Database } from '../tables/database.js'

/** What a removed trace is replaced with where the row itself stays (a cluster, a ticket, a digest). */
export const REDACTED = '[deleted on request]'

// Bookkeeping that never holds actor data and must not be rewritten.
const SKIP_TABLES = new Set([
  'suture_migrations',
  'suture_migrations_lock',
  'privacy_requests',
  'retention_drops',
])
const TEXT_TYPES = new Set(['text', 'character varying', 'json', 'jsonb'])

export interface TextColumn {
  readonly table: string
  readonly column: string
  readonly json: boolean
  /** The table has a `project_id` column (a project-scoped request touches only that project's rows). */
  readonly projectScoped: boolean
}

/** Every text and JSON column of every table in the current schema, from the catalog. */
export async function textColumns(
  db: Kysely<Database>,
  options: { all?: boolean } = {},
): Promise<TextColumn[]> {
  const columns = await catalogColumns(db)
  const withProject = new Set(projectScopedTables(columns))
  return columns
    .filter((c) => TEXT_TYPES.has(c.dataType))
    .filter((c) => options.all === true || !SKIP_TABLES.has(c.table))
    .map((c) => ({
      table: c.table,
      column: c.column,
      json: c.dataType === 'json' || c.dataType === 'jsonb',
      projectScoped: withProject.has(c.table),
    }))
}

/** The needles as they appear in stored text: plain, JSON-escaped, and HTML-escaped (digests). */
export function needleForms(needles: readonly string[]): string[] {
  const forms = new Set<string>()
  for (const needle of needles) {
    if (needle.length === 0) continue
    forms.add(needle)
    forms.add(JSON.stringify(needle).slice(1, -1))
    const html = needle
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;')
      .replaceAll('"', '&quot;')
    forms.add(html.replaceAll("'", '&#39;'))
    forms.add(html.replaceAll("'", '&#x27;'))
  }
  // Longest first: a needle inside another is replaced after the one that contains it.
  return [...forms].sort((a, b) => b.length - a.length)
}

function replaceAllNeedles(text: string, needles: readonly string[]): string {
  let out = text
  for (const needle of needles) out = out.split(needle).join(REDACTED)
  return out
}

function redactJson(value: unknown, needles: readonly string[]): unknown {
  if (typeof value === 'string') return replaceAllNeedles(value, needles)
  if (Array.isArray(value)) return value.map((v) => redactJson(v, needles))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [replaceAllNeedles(k, needles), redactJson(v, needles)]),
    )
  }
  return value
}

function matches(column: string, needles: readonly string[]) {
  return sql.join(
    needles.map((n) => sql`strpos(${sql.ref(column)}::text, ${n}) > 0`),
    sql` or `,
  )
}

/** Rows (as `table.column` → count) whose text or JSON holds any needle. */
export async function findNeedles(
  db: Kysely<Database>,
  needles: readonly string[],
  options: { projectId?: string | undefined; all?: boolean } = {},
): Promise<Map<string, number>> {
  const found = new Map<string, number>()
  if (needles.length === 0) return found
  for (const col of await textColumns(db, { all: options.all ?? false })) {
    const scope =
      options.projectId !== undefined && col.projectScoped
        ? sql`project_id = ${options.projectId} and`
        : sql``
    const rows = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(col.table)} where ${scope} (${matches(col.column, needles)})
    `.execute(db)
    const n = rows.rows[0]?.n ?? 0
    if (n > 0) found.set(`${col.table}.${col.column}`, n)
  }
  return found
}

/**
 * Replaces every needle in every text and JSON column of every table (catalog-driven, so tables added
 * later are covered without a change here) with {@link REDACTED}. JSON is rewritten value by value, so it
 * stays valid. Resolves to rows changed per table.
 */
export async function sweepNeedles(
  db: Kysely<Database>,
  needles: readonly string[],
  projectId: string | undefined,
): Promise<Record<string, number>> {
  const changed: Record<string, number> = {}
  if (needles.length === 0) return changed
  for (const col of await textColumns(db)) {
    // Rows of no project (global job runs) are swept by a project's request too: its ids may be there.
    const scope =
      projectId !== undefined && col.projectScoped
        ? sql`(project_id = ${projectId} or project_id is null) and`
        : sql``
    const rows = await sql<{ oid: number; tid: string; value: string }>`
      select tableoid::int as oid, ctid::text as tid, ${sql.ref(col.column)}::text as value
      from ${sql.table(col.table)} where ${scope} (${matches(col.column, needles)})
    `.execute(db)
    for (const row of rows.rows) {
      const next = col.json
        ? JSON.stringify(redactJson(JSON.parse(row.value), needles))
        : replaceAllNeedles(row.value, needles)
      const cast = col.json ? sql`::jsonb` : sql``
      await sql`
        update ${sql.table(col.table)} set ${sql.ref(col.column)} = ${next}${cast}
        where tableoid = ${row.oid}::oid and ctid = ${row.tid}::tid
      `.execute(db)
      changed[col.table] = (changed[col.table] ?? 0) + 1
    }
  }
  return changed
}
