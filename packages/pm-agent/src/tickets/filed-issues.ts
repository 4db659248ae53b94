import { parameterizeRoute } from '@suture/envelope'
import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import type { SignalName } from '../dedup/compare.js'
import { type ExistingTicket, matchExistingTickets } from '../dedup/match-tickets.js'
import { tokenize } from '../dedup/text.js'
import type { OpenTicket, Tracker } from '../trackers/tracker.js'
import type { TicketableCluster } from './ticketable-cluster.js'

/** An open issue that may be the cluster's problem, and why Suture thinks so. */
export interface FiledIssueCandidate {
  readonly ticket: OpenTicket
  readonly agreed: readonly SignalName[]
  /** The text signal's similarity (0–1). */
  readonly textScore: number
}

export interface FiledIssueMatch {
  /** Two signals agreed: the cluster is this issue; link it and comment instead of filing a twin. */
  readonly match?: FiledIssueCandidate | undefined
  /** Only one signal agreed: a person confirms before anything is linked. */
  readonly needsConfirmation: readonly FiledIssueCandidate[]
}

const SEARCH_LIMIT = 20
const SEARCH_WORDS = 12

/** What the cluster is about, in words: the text signal's side of the comparison. */
function clusterText(cluster: TicketableCluster): string {
  return [cluster.errorType, cluster.message, cluster.attempting, ...(cluster.quotes ?? []).slice(0, 3)]
    .filter((part): part is string => typeof part === 'string' && part.length > 0)
    .join('\n')
}

const BACKGROUND_TEXTS = 300

/**
 * The app's own recent failure texts (cluster titles, distinct error messages): the word statistics the
 * text signal weighs with, so "Cannot read properties of undefined" counts less than "invite".
 */
async function appTexts(db: Kysely<Database>, projectId: string): Promise<{ title: string }[]> {
  const clusters = await db
    .selectFrom('clusters')
    .select('title')
    .where('project_id', '=', projectId)
    .orderBy('week', 'desc')
    .limit(BACKGROUND_TEXTS)
    .execute()
  const errors = await db
    .selectFrom('envelopes')
    .select(['error_type', 'message'])
    .where('project_id', '=', projectId)
    .where('kind', '=', 'error')
    .orderBy('received_at', 'desc')
    .limit(BACKGROUND_TEXTS * 5)
    .execute()
  const texts = new Set(clusters.map((c) => c.title))
  for (const e of errors) {
    if (texts.size >= BACKGROUND_TEXTS * 2) break
    texts.add(`${e.error_type ?? 'Error'}: ${e.message ?? ''}`)
  }
  return [...texts].map((title) => ({ title }))
}

/** The paths a person wrote (`/projects/42/settings`, a full URL), as route templates. */
function mentionedRoutes(text: string): string[] {
  const paths = text.match(/(?:https?:\/\/[^\s/]+)?\/[A-Za-z0-9_~:.%-]+(?:\/[A-Za-z0-9_~:.%-]+)*/g) ?? []
  return [...new Set(paths.map((p) => parameterizeRoute(p.replace(/[.,;:)]+$/, ''))))]
}

/**
 * The stack signal of a person's text: it names one of the cluster's fingerprints or in-app frames (a
 * pasted stack trace or console error). Absent when the text names no frame at all.
 */
function mentionedStack(text: string, cluster: TicketableCluster): boolean | undefined {
  if (cluster.fingerprints.some((fp) => text.includes(fp))) return true
  const frames = (cluster.frames ?? []).filter((f) => f.inApp !== false)
  const names = frames.flatMap((f) => [f.function, f.file?.split('/').pop()])
  const named = names.filter((n): n is string => typeof n === 'string' && n.length >= 6)
  if (named.some((n) => text.includes(n))) return true
  return /\bat \S+ \(|\.(?:tsx?|jsx?|mjs):\d+/.test(text) ? false : undefined
}

/**
 * Searches the tracker's open issues for the cluster's problem and compares each with the clustering
 * rule (`matchExistingTickets`): text (the tracker's search, then Suture's own text similarity), the
 * route a person mentioned, and the stack they pasted. Issues Suture itself filed (for any project) are
 * not candidates: each of those already belongs to a cluster.
 */
export async function findFiledIssue(options: {
  readonly db: Kysely<Database>
  readonly projectId: string
  readonly tracker: Tracker
  readonly cluster: TicketableCluster
}): Promise<FiledIssueMatch> {
  const { cluster } = options
  const text = clusterText(cluster)
  const words = [...new Set(tokenize(`${cluster.errorType ?? ''} ${cluster.message ?? cluster.title}`))]
  const term = words.slice(0, SEARCH_WORDS).join(' ')
  if (term === '') return { needsConfirmation: [] }
  const found = await options.tracker.searchOpen(term, SEARCH_LIMIT)
  if (found.length === 0) return { needsConfirmation: [] }
  // Any project's: a tracker team can serve several Suture projects, and none of its tickets is a person's.
  // A create Suture began but never recorded is known by its client id, which becomes the ticket's id.
  const ids = found.map((t) => t.id)
  const ours = await options.db
    .selectFrom('ticket_links')
    .select(['ticket_id', 'client_id'])
    .where((eb) => eb.or([eb('ticket_id', 'in', ids), eb('client_id', 'in', ids)]))
    .execute()
  const suture = new Set(ours.flatMap((r) => [r.ticket_id, r.client_id]))
  const candidates = found.filter((t) => !suture.has(t.id))
  const routes = cluster.route ? [cluster.route] : []
  const existing: ExistingTicket[] = candidates.map((t) => {
    const said = `${t.title}\n${t.description}`
    const paths = mentionedRoutes(said)
    const stack = mentionedStack(said, cluster)
    return {
      id: t.id,
      title: t.title,
      description: t.description,
      status: 'open',
      route: paths.find((p) => routes.includes(p)) ?? paths[0],
      fingerprint:
        stack === true ? cluster.fingerprints[0] : stack === false ? '\u0000no-such-fingerprint' : undefined,
    }
  })
  const background = [
    ...(await appTexts(options.db, options.projectId)),
    ...found.filter((t) => suture.has(t.id)).map((t) => ({ title: t.title, text: t.description })),
  ]
  const [result] = matchExistingTickets(
    [{ id: cluster.key, title: cluster.title, text, fingerprints: cluster.fingerprints, routes }],
    existing,
    { maxCandidates: 3, background },
  )
  const byId = new Map(candidates.map((t) => [t.id, t]))
  const candidate = (c: { ticketId: string; agreed: readonly SignalName[]; textScore: number }) => ({
    ticket: byId.get(c.ticketId) as OpenTicket,
    agreed: c.agreed,
    textScore: c.textScore,
  })
  return {
    match: result?.match ? candidate(result.match) : undefined,
    needsConfirmation: (result?.needsConfirmation ?? []).map(candidate),
  }
}
