import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import { tokenize } from '../dedup/text.js'
import { type DashboardLinks, dashboardLinks } from '../links/dashboard-links.js'
import type {
  NewTicket,
  OpenTicket,
  TicketPatch,
  TicketRef,
  TicketSnapshot,
  TicketState,
  Tracker,
} from './tracker.js'

type LocalRow = {
  id: string
  number: number
  title: string
  priority: number
  labels: string[]
  state: TicketState
}

/**
 * The embedded tracker: tickets live in Suture's own database, so the loop works with no external
 * account. Every write is idempotent (creates and comments are keyed by their client ids).
 *
 * @example
 * const tracker = new LocalTracker({ db: database.db, projectId })
 */
export class LocalTracker implements Tracker {
  readonly kind = 'local' as const
  private readonly db: Kysely<Database>
  private readonly projectId: string
  private readonly links: DashboardLinks

  /** `baseUrl` is the service's public URL: a ticket's link is its page on the dashboard. */
  constructor(options: { db: Kysely<Database>; projectId: string; baseUrl?: string }) {
    this.db = options.db
    this.projectId = options.projectId
    this.links = dashboardLinks(options.baseUrl ?? 'suture://local')
  }

  private ref(row: Pick<LocalRow, 'id' | 'number'>): TicketRef {
    const identifier = `LOCAL-${row.number}`
    return { id: row.id, identifier, url: this.links.ticket(identifier) }
  }

  async findByLink(url: string): Promise<TicketRef | null> {
    const row = await this.db
      .selectFrom('local_ticket_attachments as a')
      .innerJoin('local_tickets as t', 't.id', 'a.ticket_id')
      .select(['t.id', 't.number'])
      .where('a.url', '=', url)
      .where('t.project_id', '=', this.projectId)
      .orderBy('t.number')
      .executeTakeFirst()
    return row ? this.ref(row) : null
  }

  /**
   * The project's open local tickets that share a word with `text`, most shared words first (the local
   * table is small: it is read whole, newest 1,000, and ranked here).
   */
  async searchOpen(text: string, limit: number): Promise<OpenTicket[]> {
    const words = new Set(tokenize(text))
    if (words.size === 0) return []
    const rows = await this.db
      .selectFrom('local_tickets')
      .select(['id', 'number', 'title', 'body'])
      .where('project_id', '=', this.projectId)
      .where('state', 'in', ['open', 'in-progress'])
      .orderBy('number', 'desc')
      .limit(1000)
      .execute()
    return rows
      .map((row) => ({
        row,
        shared: new Set(tokenize(`${row.title}\n${row.body}`).filter((w) => words.has(w))).size,
      }))
      .filter((r) => r.shared > 0)
      .sort((a, b) => b.shared - a.shared || b.row.number - a.row.number)
      .slice(0, limit)
      .map(({ row }) => ({ ...this.ref(row), title: row.title, description: row.body }))
  }

  async get(id: string): Promise<TicketSnapshot | null> {
    const row = await this.db
      .selectFrom('local_tickets')
      .select(['id', 'number', 'title', 'priority', 'labels', 'state', 'closed_at'])
      .where('id', '=', id)
      .where('project_id', '=', this.projectId)
      .executeTakeFirst()
    if (!row) return null
    return {
      ...this.ref(row),
      title: row.title,
      priority: row.priority,
      labels: row.labels,
      state: row.state,
      closedAt: row.closed_at?.toISOString() ?? null,
    }
  }

  async create(ticket: NewTicket): Promise<TicketRef> {
    await this.db
      .insertInto('local_tickets')
      .values({
        id: ticket.clientId,
        project_id: this.projectId,
        title: ticket.title,
        body: ticket.body,
        priority: ticket.priority,
        labels: JSON.stringify([...new Set(ticket.labels)]),
        state: 'open',
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute()
    const row = await this.db
      .selectFrom('local_tickets')
      .select(['id', 'number'])
      .where('id', '=', ticket.clientId)
      .executeTakeFirstOrThrow()
    return this.ref(row)
  }

  async update(id: string, patch: TicketPatch): Promise<void> {
    const current = await this.get(id)
    if (!current) throw new LocalTicketNotFoundError(id)
    const removed = new Set(patch.removeLabels ?? [])
    const labels = [...new Set([...current.labels, ...(patch.addLabels ?? [])])].filter(
      (l) => !removed.has(l),
    )
    await this.db
      .updateTable('local_tickets')
      .set({
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.body !== undefined ? { body: patch.body } : {}),
        ...(patch.priority !== undefined ? { priority: patch.priority } : {}),
        labels: JSON.stringify(labels),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute()
  }

  async comment(id: string, comment: { readonly clientId: string; readonly body: string }): Promise<void> {
    if (!(await this.get(id))) throw new LocalTicketNotFoundError(id)
    await this.db
      .insertInto('local_ticket_comments')
      .values({ id: comment.clientId, ticket_id: id, body: comment.body })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute()
  }

  /** Comments on a ticket, oldest first (for the CLI and tests). */
  async comments(id: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('local_ticket_comments')
      .select('body')
      .where('ticket_id', '=', id)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
    return rows.map((r) => r.body)
  }

  /** Moves a ticket to any state, as a person working the local tracker would. */
  async setState(id: string, state: TicketState, at: Date = new Date()): Promise<void> {
    const closed = state === 'done' || state === 'cancelled' || state === 'duplicate'
    const result = await this.db
      .updateTable('local_tickets')
      .set({ state, updated_at: at, closed_at: closed ? at : null })
      .where('id', '=', id)
      .where('project_id', '=', this.projectId)
      .executeTakeFirst()
    if (result.numUpdatedRows === 0n) throw new LocalTicketNotFoundError(id)
  }

  reopen(id: string): Promise<void> {
    return this.setState(id, 'open')
  }

  close(id: string): Promise<void> {
    return this.setState(id, 'done')
  }

  async attachLink(id: string, link: { readonly url: string; readonly title: string }): Promise<void> {
    await this.db
      .insertInto('local_ticket_attachments')
      .values({ ticket_id: id, url: link.url, title: link.title })
      .onConflict((oc) => oc.columns(['ticket_id', 'url']).doUpdateSet({ title: link.title }))
      .execute()
  }
}

export class LocalTicketNotFoundError extends Error {
  override readonly name = 'LocalTicketNotFoundError'
  constructor(readonly ticketId: string) {
    super(
      `No local ticket ${ticketId} in this project; list tickets with 'suture digest' or check the project id.`,
    )
  }
}
