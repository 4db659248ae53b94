import type { FixTicket, LineageStatus, Quarantine, TicketSource } from '../tickets/ticket-source.js'

/**
 * An in-memory `TicketSource` for tests and examples: tickets, comments (deduplicated by client id, as
 * trackers do), review links, recorded attempts and escalations are all inspectable.
 */
export class MemoryTicketSource implements TicketSource {
  readonly tickets = new Map<string, FixTicket>()
  readonly comments = new Map<string, { clientId: string; body: string }[]>()
  readonly inReview = new Map<string, { url: string; title: string }>()
  readonly attempts = new Map<string, { attempt: number; costUsd: number; outcome: string }[]>()
  readonly escalations = new Map<string, string>()
  quarantined: Quarantine = { routes: [], paths: [] }
  /** Lineage history from before these runs (pm-agent's iterations and cost). */
  readonly priorLineage = new Map<string, LineageStatus>()

  constructor(tickets: readonly FixTicket[] = []) {
    for (const ticket of tickets) this.tickets.set(ticket.id, ticket)
  }

  async listFixable(): Promise<readonly FixTicket[]> {
    return [...this.tickets.values()]
  }

  async getTicket(id: string): Promise<FixTicket | null> {
    return this.tickets.get(id) ?? [...this.tickets.values()].find((t) => t.identifier === id) ?? null
  }

  async quarantine(): Promise<Quarantine> {
    return this.quarantined
  }

  async lineageStatus(ticket: FixTicket): Promise<LineageStatus> {
    const prior = this.priorLineage.get(ticket.clusterKey) ?? { attempts: 0, costUsd: 0, escalated: false }
    const runs = this.attempts.get(ticket.id) ?? []
    return {
      attempts: prior.attempts + runs.length,
      costUsd: prior.costUsd + runs.reduce((sum, r) => sum + r.costUsd, 0),
      escalated: prior.escalated || this.escalations.has(ticket.id),
    }
  }

  async comment(ticketId: string, comment: { clientId: string; body: string }): Promise<void> {
    const list = this.comments.get(ticketId) ?? []
    if (!list.some((c) => c.clientId === comment.clientId)) list.push({ ...comment })
    this.comments.set(ticketId, list)
  }

  async moveToReview(ticketId: string, proposal: { url: string; title: string }): Promise<void> {
    this.inReview.set(ticketId, { ...proposal })
    const ticket = this.tickets.get(ticketId)
    if (ticket) this.tickets.set(ticketId, { ...ticket, state: 'in-review', openProposal: proposal.url })
  }

  async recordAttempt(
    ticket: FixTicket,
    attempt: { attempt: number; costUsd: number; outcome: string },
  ): Promise<void> {
    this.attempts.set(ticket.id, [...(this.attempts.get(ticket.id) ?? []), { ...attempt }])
  }

  async escalate(ticketId: string, reason: string): Promise<void> {
    this.escalations.set(ticketId, reason)
  }

  commentsOn(ticketId: string): string[] {
    return (this.comments.get(ticketId) ?? []).map((c) => c.body)
  }
}
