import type { FixBudgets } from '../config/fix-config.js'
import {
  FIX_LABELS,
  type FixTicket,
  type LineageStatus,
  type Quarantine,
  type TicketSource,
} from '../tickets/ticket-source.js'

export type SkipReason =
  | 'not-auto-fixable'
  | 'held-for-humans'
  | 'not-open'
  | 'open-proposal'
  | 'quarantined-route'
  | 'quarantined-path'
  | 'escalated'
  | 'attempt-cap'
  | 'cost-budget'
  /** Set by `runFixes`, not the selection: the overnight window closed first (tried next night). */
  | 'window-closed'

export interface Selected {
  readonly ticket: FixTicket
  readonly lineage: LineageStatus
  /** This run's attempt number in the lineage (1 for the first). */
  readonly attempt: number
}

export interface Skipped {
  readonly ticket: FixTicket
  readonly reason: SkipReason
  readonly detail: string
}

export interface Selection {
  /** Highest priority first (1 urgent … 4 low, 0 last), then oldest identifier. */
  readonly dispatch: readonly Selected[]
  readonly skipped: readonly Skipped[]
}

function underPath(file: string, prefix: string): boolean {
  const p = prefix.replace(/^\.\//, '').replace(/\/$/, '')
  return file === p || file.startsWith(`${p}/`)
}

/** The first rule a ticket breaks, or null when it may be dispatched. Order: cheapest and most final first. */
export function skipReason(
  ticket: FixTicket,
  lineage: LineageStatus,
  quarantine: Quarantine,
  budgets: FixBudgets,
): { reason: SkipReason; detail: string } | null {
  // Held wins over auto-fixable: a ticket carrying both labels was held by a person or the safety filter.
  if (ticket.labels.includes(FIX_LABELS.held))
    return { reason: 'held-for-humans', detail: 'held for human triage' }
  if (!ticket.labels.includes(FIX_LABELS.autoFixable))
    return { reason: 'not-auto-fixable', detail: `no ${FIX_LABELS.autoFixable} label` }
  if (ticket.state !== 'open') return { reason: 'not-open', detail: `ticket is ${ticket.state}` }
  if (ticket.openProposal) return { reason: 'open-proposal', detail: `proposal ${ticket.openProposal}` }
  if (ticket.labels.includes(FIX_LABELS.quarantined))
    return { reason: 'quarantined-route', detail: 'ticket labelled quarantined' }
  if (ticket.route && quarantine.routes.includes(ticket.route))
    return { reason: 'quarantined-route', detail: `route ${ticket.route} is quarantined` }
  const blocked = ticket.codePointers.find((p) => quarantine.paths.some((q) => underPath(p.file, q)))
  if (blocked) return { reason: 'quarantined-path', detail: `${blocked.file} is under a quarantined path` }
  if (lineage.escalated) return { reason: 'escalated', detail: 'lineage already handed to a person' }
  if (lineage.attempts >= budgets.maxAttempts) {
    return {
      reason: 'attempt-cap',
      detail: `attempt cap reached (${lineage.attempts} of ${budgets.maxAttempts})`,
    }
  }
  if (lineage.costUsd >= budgets.perLineageUsd) {
    return {
      reason: 'cost-budget',
      detail: `lineage budget spent ($${lineage.costUsd.toFixed(2)} of $${budgets.perLineageUsd.toFixed(2)})`,
    }
  }
  return null
}

function priorityRank(priority: number): number {
  return priority >= 1 && priority <= 4 ? priority : 5
}

/**
 * Which tickets the fixer may take now: auto-fixable, not held, open, no proposal waiting, not on a
 * quarantined route or path, and a lineage inside its attempt cap and cost budget.
 *
 * @example
 * const { dispatch, skipped } = await selectTickets(source, config.budgets, { only: ['LOCAL-3'] })
 */
export async function selectTickets(
  source: TicketSource,
  budgets: FixBudgets,
  options: { readonly only?: readonly string[] | undefined } = {},
): Promise<Selection> {
  let candidates: FixTicket[]
  if (options.only && options.only.length > 0) {
    candidates = []
    for (const id of options.only) {
      const ticket =
        (await source.getTicket(id)) ??
        (await source.listFixable()).find((t) => t.identifier === id || t.id === id) ??
        null
      if (!ticket) throw new TicketNotFoundError(id)
      candidates.push(ticket)
    }
  } else {
    candidates = [...(await source.listFixable())]
  }
  const quarantine = await source.quarantine()
  const dispatch: Selected[] = []
  const skipped: Skipped[] = []
  for (const ticket of candidates) {
    const lineage = await source.lineageStatus(ticket)
    const skip = skipReason(ticket, lineage, quarantine, budgets)
    if (skip) skipped.push({ ticket, ...skip })
    else dispatch.push({ ticket, lineage, attempt: lineage.attempts + 1 })
  }
  dispatch.sort(
    (a, b) =>
      priorityRank(a.ticket.priority) - priorityRank(b.ticket.priority) ||
      a.ticket.identifier.localeCompare(b.ticket.identifier, 'en', { numeric: true }),
  )
  return { dispatch, skipped }
}

export class TicketNotFoundError extends Error {
  override readonly name = 'TicketNotFoundError'
  constructor(readonly ticket: string) {
    super(
      `No ticket '${ticket}' in the tracker; list the auto-fixable ones with 'suture fix --all --dry-run'.`,
    )
  }
}
