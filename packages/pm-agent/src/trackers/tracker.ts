/** Where a ticket stands, in the vocabulary shared by every tracker. */
export type TicketState = 'open' | 'in-progress' | 'done' | 'cancelled' | 'duplicate'

export interface TicketRef {
  readonly id: string
  /** Human key, e.g. `SUT-42` (Linear) or `LOCAL-7`. */
  readonly identifier: string
  readonly url: string
}

export interface TicketSnapshot extends TicketRef {
  readonly state: TicketState
  readonly title: string
  readonly priority: number
  readonly labels: readonly string[]
  /** When it was completed or cancelled (ISO), null while open. */
  readonly closedAt: string | null
}

/** An open ticket as the tracker's search returns it: what a person filed, to compare with a cluster. */
export interface OpenTicket extends TicketRef {
  readonly title: string
  /** Markdown; empty when the ticket has none. */
  readonly description: string
}

export interface NewTicket {
  /**
   * A UUID chosen by Suture, derived from the cluster and lineage: a create retried after an ambiguous
   * failure (timeout, 5xx after the write) finds the first one instead of making a twin.
   */
  readonly clientId: string
  readonly title: string
  /** Markdown. */
  readonly body: string
  /** Linear's scale: 0 none, 1 urgent, 2 high, 3 medium, 4 low. */
  readonly priority: number
  readonly labels: readonly string[]
}

export interface TicketPatch {
  readonly title?: string
  readonly body?: string
  readonly priority?: number
  /** Labels to add; labels already on the ticket (including ones people added) are kept. */
  readonly addLabels?: readonly string[]
  /** Labels to take off (the andon cord takes `auto-fixable` away); absent ones are ignored. */
  readonly removeLabels?: readonly string[]
}

/**
 * The operations Suture needs from an issue tracker. Every method is safe to retry: creates and
 * comments carry client ids, links are keyed by URL, state changes are absolute.
 */
export interface Tracker {
  readonly kind: 'linear' | 'local'
  /** The ticket linked to this URL (Suture links each ticket to its cluster's URL), if any. */
  findByLink(url: string): Promise<TicketRef | null>
  /**
   * Open tickets (not done, cancelled or duplicate) the tracker's own search finds for `text`, best
   * first, at most `limit`: where a problem people already filed is found before Suture files a twin.
   */
  searchOpen(text: string, limit: number): Promise<OpenTicket[]>
  get(id: string): Promise<TicketSnapshot | null>
  create(ticket: NewTicket): Promise<TicketRef>
  update(id: string, patch: TicketPatch): Promise<void>
  comment(id: string, comment: { readonly clientId: string; readonly body: string }): Promise<void>
  /** Back to the first open state. */
  reopen(id: string): Promise<void>
  /** To the first completed state. */
  close(id: string): Promise<void>
  attachLink(id: string, link: { readonly url: string; readonly title: string }): Promise<void>
}
