/**
 * What the fixer needs of a ticket. pm-agent owns tickets; the service wires an adapter that maps its
 * tables and tracker onto this, so the fixer never imports pm-agent.
 */
export interface FixTicket {
  /** The tracker's id (what comments and state changes address). */
  readonly id: string
  /** Human key (`SUT-42`, `LOCAL-7`): used in branch names and PR titles. */
  readonly identifier: string
  readonly url: string
  readonly title: string
  /** The hand-off contract pm-agent wrote (Markdown): summary, reproduction, stack, scope limits, stop conditions. */
  readonly body: string
  /** 1 urgent … 4 low; 0 none (sorted last). */
  readonly priority: number
  readonly labels: readonly string[]
  /** The tracker state in the shared vocabulary (`open`, `in-progress`, `done`, `cancelled`, `duplicate`). */
  readonly state: string
  /** The cluster this ticket was filed from: the lineage key. */
  readonly clusterKey: string
  readonly route?: string | undefined
  readonly codePointers: readonly { readonly file: string; readonly line?: number | undefined }[]
  /** A proposal (draft PR or patch) waiting for review, when there is one. */
  readonly openProposal?: string | undefined
}

/** Where a ticket's lineage stands against its stopping conditions (pm-agent's `LineageState` plus fixer runs). */
export interface LineageStatus {
  /** Fixer runs that reached the agent so far, across reopenings. */
  readonly attempts: number
  /** Cumulative fixer spend in USD. */
  readonly costUsd: number
  /** Already handed to a human (limits reached, andon). */
  readonly escalated: boolean
}

export interface Quarantine {
  /** Route templates the andon cord took away from auto-fixing. */
  readonly routes: readonly string[]
  /** Path prefixes no fix may touch (e.g. `src/billing/`). */
  readonly paths: readonly string[]
}

/**
 * The tickets side of the fixer. Every write is retried by callers, so it must be idempotent: comments
 * carry a client id, `moveToReview` is absolute.
 */
export interface TicketSource {
  /** Candidate tickets (the selection re-checks every rule; a source may over-return). */
  listFixable(): Promise<readonly FixTicket[]>
  getTicket(id: string): Promise<FixTicket | null>
  quarantine(): Promise<Quarantine>
  lineageStatus(ticket: FixTicket): Promise<LineageStatus>
  comment(ticketId: string, comment: { readonly clientId: string; readonly body: string }): Promise<void>
  /** The proposal exists: link it and move the ticket to review ("in review"). */
  moveToReview(ticketId: string, proposal: { readonly url: string; readonly title: string }): Promise<void>
  /** One fixer run reached the agent: count it against the lineage's attempt cap and cost budget. */
  recordAttempt(
    ticket: FixTicket,
    attempt: { readonly attempt: number; readonly costUsd: number; readonly outcome: string },
  ): Promise<void>
  /** The lineage ran out of attempts or budget: hand it to a person (labels, state), never silently. */
  escalate(ticketId: string, reason: string): Promise<void>
}

/** Labels pm-agent puts on tickets (mirrored here: the fixer does not import pm-agent). */
export const FIX_LABELS = {
  autoFixable: 'suture:auto-fixable',
  held: 'suture:held-for-humans',
  quarantined: 'suture:quarantined',
  escalated: 'suture:escalated',
} as const
