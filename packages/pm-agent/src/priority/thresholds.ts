/** How much evidence a cluster needs before it becomes a ticket. */
export interface TicketThresholds {
  /** Distinct users at or above which a cluster is ticketed. */
  readonly minUsers: number
  /** Or distinct sessions at or above which it is ticketed. */
  readonly minSessions: number
}

export const DEFAULT_TICKET_THRESHOLDS: TicketThresholds = { minUsers: 5, minSessions: 40 }

/** Enough evidence for a ticket; otherwise an observation, flagged in the digest but not ticketed. */
export function meetsTicketThreshold(
  evidence: { distinctUsers: number; sessions: number },
  thresholds: TicketThresholds = DEFAULT_TICKET_THRESHOLDS,
): boolean {
  return evidence.distinctUsers >= thresholds.minUsers || evidence.sessions >= thresholds.minSessions
}
