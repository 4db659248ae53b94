import { DEFAULT_THRESHOLDS, type SignalName, type Thresholds } from './compare.js'
import { vectorize } from './tfidf.js'

/** A ticket already in the tracker, open or closed. */
export interface ExistingTicket {
  readonly id: string
  readonly title: string
  readonly description: string
  readonly fingerprint?: string | undefined
  readonly route?: string | undefined
  readonly status: string
  /** ISO timestamp; closed tickets older than the window are not matched. */
  readonly closedAt?: string | undefined
}

/** What a new cluster is matched on. */
export interface ClusterDescriptor {
  readonly id: string
  readonly title?: string | undefined
  readonly text?: string | undefined
  readonly fingerprints?: readonly string[] | undefined
  readonly routes?: readonly string[] | undefined
}

export interface TicketCandidate {
  readonly ticketId: string
  /** The signals that agreed. */
  readonly agreed: readonly SignalName[]
  readonly textScore: number
}

export interface TicketMatch {
  readonly clusterId: string
  /** Two signals agreed: this cluster is that ticket (the best such ticket). */
  readonly match?: TicketCandidate | undefined
  /** Exactly one signal agreed: a human confirms before anything is linked. */
  readonly needsConfirmation: readonly TicketCandidate[]
}

export interface MatchTicketsOptions {
  readonly thresholds?: Partial<Thresholds>
  /** Closed tickets are considered this many days after closing (a regression reopens them). */
  readonly recentlyClosedDays?: number
  readonly now?: Date
  /** Needs-confirmation candidates kept per cluster. */
  readonly maxCandidates?: number
  /**
   * Other texts of the same app (recent signals), used only for word statistics: with a handful of
   * tickets every shared word looks common, and the words that name *this* problem would not count.
   */
  readonly background?: readonly { readonly title?: string | undefined; readonly text?: string | undefined }[]
}

const CLOSED = new Set(['closed', 'done', 'completed', 'canceled', 'cancelled', 'resolved', 'duplicate'])

export function isClosedStatus(status: string): boolean {
  return CLOSED.has(status.trim().toLowerCase())
}

/**
 * Matches new clusters against existing tickets by the clustering rule: two agreeing signals (structure =
 * route, semantics = text, stack = fingerprint) are a match, exactly one a needs-confirmation candidate.
 * @example
 * const [result] = matchExistingTickets([{ id: 'c1', title: 'Invite fails', routes: ['/members'] }], tickets)
 */
export function matchExistingTickets(
  clusters: readonly ClusterDescriptor[],
  tickets: readonly ExistingTicket[],
  options: MatchTicketsOptions = {},
): TicketMatch[] {
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds }
  const now = (options.now ?? new Date()).getTime()
  const windowMs = (options.recentlyClosedDays ?? 30) * 86_400_000
  const eligible = tickets.filter((t) => {
    if (!isClosedStatus(t.status)) return true
    const closed = t.closedAt ? Date.parse(t.closedAt) : Number.NaN
    return !Number.isNaN(closed) && now - closed <= windowMs
  })
  const vectors = vectorize([
    ...clusters.map((c) => ({ title: c.title, text: c.text })),
    ...eligible.map((t) => ({ title: t.title, text: t.description })),
    ...(options.background ?? []),
  ])
  const offset = clusters.length
  const byFingerprint = new Map<string, number[]>()
  const byRoute = new Map<string, number[]>()
  const postings = new Map<number, number[]>()
  eligible.forEach((ticket, t) => {
    if (ticket.fingerprint)
      byFingerprint.set(ticket.fingerprint, [...(byFingerprint.get(ticket.fingerprint) ?? []), t])
    if (ticket.route) byRoute.set(ticket.route, [...(byRoute.get(ticket.route) ?? []), t])
    for (const feature of vectors.entries(offset + t).features) {
      const list = postings.get(feature)
      if (list) list.push(t)
      else postings.set(feature, [t])
    }
  })
  const maxCandidates = options.maxCandidates ?? 3
  return clusters.map((cluster, c) => {
    const candidates = new Set<number>()
    for (const fp of cluster.fingerprints ?? [])
      for (const t of byFingerprint.get(fp) ?? []) candidates.add(t)
    for (const route of cluster.routes ?? []) for (const t of byRoute.get(route) ?? []) candidates.add(t)
    for (const feature of vectors.entries(c).features)
      for (const t of postings.get(feature) ?? []) candidates.add(t)
    const matches: TicketCandidate[] = []
    const links: TicketCandidate[] = []
    for (const t of candidates) {
      const ticket = eligible[t] as ExistingTicket
      const agreed: SignalName[] = []
      let present = 0
      if (ticket.route && cluster.routes && cluster.routes.length > 0) {
        present++
        if (cluster.routes.includes(ticket.route)) agreed.push('structure')
      }
      const textScore = vectors.cosine(c, offset + t)
      if (vectors.has(c) && vectors.has(offset + t)) {
        present++
        if (textScore >= thresholds.textAgree) agreed.push('semantics')
      }
      if (ticket.fingerprint && cluster.fingerprints && cluster.fingerprints.length > 0) {
        present++
        if (cluster.fingerprints.includes(ticket.fingerprint)) agreed.push('stack')
      }
      const candidate = { ticketId: ticket.id, agreed, textScore: Math.round(textScore * 1000) / 1000 }
      const textOnlyStrong = present === 1 && agreed[0] === 'semantics' && textScore >= thresholds.textAlone
      if (agreed.length >= 2 || textOnlyStrong) matches.push(candidate)
      else if (agreed.length === 1) links.push(candidate)
    }
    const rank = (a: TicketCandidate, b: TicketCandidate) =>
      b.agreed.length - a.agreed.length || b.textScore - a.textScore || a.ticketId.localeCompare(b.ticketId)
    matches.sort(rank)
    links.sort(rank)
    return {
      clusterId: cluster.id,
      match: matches[0],
      needsConfirmation: [...matches.slice(1), ...links].slice(0, maxCandidates),
    }
  })
}
