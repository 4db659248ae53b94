import { type Database, existingTables, toDate, toJson } from '@suture/store'
import type { Kysely } from 'kysely'

/** One ticket of the embedded tracker, whole: what its page on the dashboard shows. */
export interface LocalTicketView {
  readonly id: string
  /** `LOCAL-3`. */
  readonly identifier: string
  readonly title: string
  /** Markdown as Suture (or a person) wrote it: untrusted, render it escaped. */
  readonly body: string
  readonly priority: number
  readonly labels: readonly string[]
  readonly state: string
  readonly createdAt: Date | undefined
  readonly updatedAt: Date | undefined
  readonly closedAt: Date | undefined
  /** Oldest first. */
  readonly comments: readonly { readonly body: string; readonly createdAt: Date | undefined }[]
  readonly links: readonly { readonly url: string; readonly title: string }[]
  /** The cluster the ticket was filed for, when Suture filed it. */
  readonly clusterKey: string | undefined
}

function labelsOf(value: unknown): string[] {
  const parsed = toJson(value)
  return Array.isArray(parsed) ? parsed.filter((l): l is string => typeof l === 'string') : []
}

const IDENTIFIER = /^LOCAL-(\d{1,9})$/i

/**
 * A local ticket of a project by its identifier (`LOCAL-3`, as links and the CLI print it) or its id;
 * `undefined` when the project has no such ticket (or the tracker's tables are missing).
 * @example
 * const ticket = await readLocalTicket(db, projectId, 'LOCAL-3')
 */
export async function readLocalTicket(
  db: Kysely<Database>,
  projectId: string,
  idOrIdentifier: string,
): Promise<LocalTicketView | undefined> {
  const tables = await existingTables(db, [
    'local_tickets',
    'local_ticket_comments',
    'local_ticket_attachments',
    'ticket_links',
  ])
  if (!tables.has('local_tickets')) return undefined
  const number = IDENTIFIER.exec(idOrIdentifier.trim())?.[1]
  const row = await db
    .selectFrom('local_tickets')
    .selectAll()
    .where('project_id', '=', projectId)
    .where((eb) => (number === undefined ? eb('id', '=', idOrIdentifier) : eb('number', '=', Number(number))))
    .executeTakeFirst()
  if (!row) return undefined
  const [comments, links, link] = await Promise.all([
    tables.has('local_ticket_comments')
      ? db
          .selectFrom('local_ticket_comments')
          .select(['body', 'created_at'])
          .where('ticket_id', '=', row.id)
          .orderBy('created_at')
          .orderBy('id')
          .execute()
      : [],
    tables.has('local_ticket_attachments')
      ? db
          .selectFrom('local_ticket_attachments')
          .select(['url', 'title'])
          .where('ticket_id', '=', row.id)
          .orderBy('created_at')
          .orderBy('url')
          .execute()
      : [],
    tables.has('ticket_links')
      ? db
          .selectFrom('ticket_links')
          .select('cluster_key')
          .where('project_id', '=', projectId)
          .where('tracker', '=', 'local')
          .where('ticket_id', '=', row.id)
          .executeTakeFirst()
      : undefined,
  ])
  return {
    id: row.id,
    identifier: `LOCAL-${row.number}`,
    title: row.title,
    body: row.body,
    priority: row.priority,
    labels: labelsOf(row.labels),
    state: row.state,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    closedAt: toDate(row.closed_at),
    comments: comments.map((c) => ({ body: c.body, createdAt: toDate(c.created_at) })),
    links: links.map((l) => ({ url: l.url, title: l.title })),
    clusterKey: link?.cluster_key,
  }
}
