import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import { LABELS } from '../tickets/file-tickets.js'
import { renderTicketBody } from '../tickets/ticket-body.js'
import type { TicketableCluster } from '../tickets/ticketable-cluster.js'
import { LocalTracker } from '../trackers/local-tracker.js'
import type { Tracker } from '../trackers/tracker.js'
import { loadTicketableTriage } from '../triage/ticketable.js'
import { lineageResetAt } from '../validation/human-controls.js'

/** The label a ticket carries while a fixer proposal waits for review. */
export const IN_REVIEW_LABEL = 'suture:in-review'

/** Fixer runs are recorded in `fix_attempts` under this release prefix, so the lineage's cost sees them. */
const RUN_RELEASE = 'suture-fix:'

interface ReviewState {
  waiting: boolean
  latest: string | undefined
  latestAt: number
}

/** A ticket as `@suture/fixer`'s `TicketSource` hands it over (the same shape, declared here: no import). */
export interface FixerTicket {
  readonly id: string
  readonly identifier: string
  readonly url: string
  readonly title: string
  readonly body: string
  readonly priority: number
  readonly labels: readonly string[]
  readonly state: string
  readonly clusterKey: string
  readonly route?: string | undefined
  readonly codePointers: readonly { readonly file: string; readonly line?: number | undefined }[]
  readonly openProposal?: string | undefined
}

export interface FixerTicketSourceOptions {
  readonly db: Kysely<Database>
  readonly projectId: string
  readonly tracker: Tracker
  /** The cluster URL the tickets were filed with (rendered into the body the fixer reads). */
  readonly clusterUrl: (clusterKey: string) => string
  /** Path prefixes no fix may touch, beside the quarantined routes (e.g. `src/billing/`). */
  readonly quarantinedPaths?: readonly string[] | undefined
}

/**
 * pm-agent's side of the fixer's `TicketSource`: the tickets of the newest triaged week, with the body
 * pm-agent filed (the hand-off contract) and the cluster's code pointers; labels and state from the
 * tracker (a person may have changed them); quarantine from the andon cord; the lineage's attempts,
 * cost and escalation from `ticket_links` and `fix_attempts`. The service wires it into `runFixes`.
 *
 * @example
 * const source = new FixerTicketSource({ db: database.db, projectId, tracker, clusterUrl })
 */
export class FixerTicketSource {
  private readonly db: Kysely<Database>
  constructor(private readonly options: FixerTicketSourceOptions) {
    this.db = options.db
  }

  private async latestWeek(): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('triage_runs')
      .select('week')
      .where('project_id', '=', this.options.projectId)
      .where('status', '=', 'succeeded')
      .orderBy('week', 'desc')
      .executeTakeFirst()
    return row?.week
  }

  async listFixable(): Promise<readonly FixerTicket[]> {
    const { projectId, tracker } = this.options
    const db = this.db
    const week = await this.latestWeek()
    if (!week) return []
    const { clusters } = await loadTicketableTriage(this.options.db, projectId, week)
    const wanted = clusters.filter((c) => c.decision === 'ticket' || c.decision === 'held-for-humans')
    if (wanted.length === 0) return []
    const links = await db
      .selectFrom('ticket_links')
      .select(['cluster_key', 'ticket_id', 'identifier', 'url', 'state'])
      .where('project_id', '=', projectId)
      .where(
        'cluster_key',
        'in',
        wanted.map((c) => c.key),
      )
      .where('ticket_id', 'is not', null)
      .execute()
    const byKey = new Map(links.map((l) => [l.cluster_key, l]))
    const reviews = await this.reviewStates(links.flatMap((l) => (l.ticket_id ? [l.ticket_id] : [])))
    const out: FixerTicket[] = []
    for (const cluster of wanted) {
      const link = byKey.get(cluster.key)
      if (!link?.ticket_id) continue
      const snapshot = await tracker.get(link.ticket_id)
      if (!snapshot) continue
      out.push(this.toTicket(cluster, snapshot, link.url ?? snapshot.url, reviews.get(snapshot.id)))
    }
    return out
  }

  /**
   * The morning review's verdicts per ticket, read from store's `fix_runs` / `fix_reviews` (written by
   * the fixer's review queue): whether a proposal still waits, and whether the latest decision was
   * wrong-tree (the ticket then leaves the auto-fixable queue for the human lane).
   */
  private async reviewStates(ticketIds: readonly string[]): Promise<Map<string, ReviewState>> {
    const out = new Map<string, ReviewState>()
    if (ticketIds.length === 0) return out
    const rows = await this.db
      .selectFrom('fix_runs as r')
      .leftJoin('fix_reviews as v', 'v.run_id', 'r.run_id')
      .select(['r.ticket_id', 'v.decision', 'v.reviewed_at'])
      .where('r.project_id', '=', this.options.projectId)
      .where('r.outcome', '=', 'proposed')
      .where('r.ticket_id', 'in', [...ticketIds])
      .execute()
    for (const row of rows) {
      const state = out.get(row.ticket_id) ?? { waiting: false, latest: undefined, latestAt: 0 }
      if (row.decision === null || row.reviewed_at === null) state.waiting = true
      else if (new Date(row.reviewed_at).getTime() >= state.latestAt) {
        state.latest = row.decision
        state.latestAt = new Date(row.reviewed_at).getTime()
      }
      out.set(row.ticket_id, state)
    }
    return out
  }

  private toTicket(
    cluster: TicketableCluster,
    snapshot: NonNullable<Awaited<ReturnType<Tracker['get']>>>,
    url: string,
    review?: ReviewState | undefined,
  ): FixerTicket {
    const wrongTree = review !== undefined && !review.waiting && review.latest === 'closed-wrong-tree'
    // A reviewed proposal no longer waits, whatever the tracker's label still says (a redirect sends the
    // ticket back to the queue); a wrong-tree verdict moves it to the human lane.
    const inReview = snapshot.labels.includes(IN_REVIEW_LABEL) && (review === undefined || review.waiting)
    const labels = wrongTree
      ? [...snapshot.labels.filter((l) => l !== LABELS.autoFixable && l !== IN_REVIEW_LABEL), LABELS.held]
      : snapshot.labels
    return {
      id: snapshot.id,
      identifier: snapshot.identifier,
      url,
      title: snapshot.title,
      body: renderTicketBody(cluster, { clusterUrl: this.options.clusterUrl(cluster.key) }),
      priority: snapshot.priority,
      labels: [...new Set(labels)],
      state: snapshot.state,
      clusterKey: cluster.key,
      route: cluster.route,
      codePointers: (cluster.codePointers ?? []).map((p) => ({ file: p.file, line: p.line })),
      openProposal: inReview ? 'in review' : undefined,
    }
  }

  async getTicket(id: string): Promise<FixerTicket | null> {
    return (await this.listFixable()).find((t) => t.id === id || t.identifier === id) ?? null
  }

  async quarantine(): Promise<{ routes: string[]; paths: string[] }> {
    const rows = await this.db
      .selectFrom('route_quarantine')
      .select('route_template')
      .where('project_id', '=', this.options.projectId)
      .where('cleared_at', 'is', null)
      .execute()
    return { routes: rows.map((r) => r.route_template), paths: [...(this.options.quarantinedPaths ?? [])] }
  }

  async lineageStatus(
    ticket: FixerTicket,
  ): Promise<{ attempts: number; costUsd: number; escalated: boolean }> {
    const { projectId } = this.options
    const db = this.db
    const link = await db
      .selectFrom('ticket_links')
      .select(['iterations', 'escalated'])
      .where('project_id', '=', projectId)
      .where('cluster_key', '=', ticket.clusterKey)
      .executeTakeFirst()
    // A person's reset (`suture lineage reset`) starts the count over; earlier attempts stay as history.
    const since = await lineageResetAt(db, projectId, ticket.clusterKey)
    let attemptsQuery = db
      .selectFrom('fix_attempts')
      .select(['release', 'cost_usd'])
      .where('project_id', '=', projectId)
      .where('cluster_key', '=', ticket.clusterKey)
    if (since) attemptsQuery = attemptsQuery.where('recorded_at', '>', since)
    const attempts = await attemptsQuery.execute()
    const runs = attempts.filter((a) => a.release.startsWith(RUN_RELEASE)).length
    return {
      // Validated attempts that failed count too: a lineage reopened twice has used two attempts.
      attempts: Math.max(runs, link?.iterations ?? 0),
      costUsd: attempts.reduce((sum, a) => sum + Number(a.cost_usd), 0),
      escalated: (link?.escalated ?? false) || ticket.labels.includes(LABELS.escalated),
    }
  }

  async comment(
    ticketId: string,
    comment: { readonly clientId: string; readonly body: string },
  ): Promise<void> {
    await this.options.tracker.comment(ticketId, comment)
  }

  async moveToReview(
    ticketId: string,
    proposal: { readonly url: string; readonly title: string },
  ): Promise<void> {
    const { tracker, projectId } = this.options
    const db = this.db
    await tracker.attachLink(ticketId, proposal)
    await tracker.update(ticketId, { addLabels: [IN_REVIEW_LABEL] })
    // The shared tracker vocabulary has no "in review"; the local tracker shows it as in progress.
    if (tracker instanceof LocalTracker) await tracker.setState(ticketId, 'in-progress')
    await db
      .updateTable('ticket_links')
      .set({ state: 'in-progress', updated_at: new Date() })
      .where('project_id', '=', projectId)
      .where('ticket_id', '=', ticketId)
      .execute()
  }

  async recordAttempt(
    ticket: FixerTicket,
    attempt: { readonly attempt: number; readonly costUsd: number; readonly outcome: string },
  ): Promise<void> {
    await this.db
      .insertInto('fix_attempts')
      .values({
        project_id: this.options.projectId,
        cluster_key: ticket.clusterKey,
        release: `${RUN_RELEASE}${attempt.attempt}`,
        cost_usd: attempt.costUsd,
      })
      .onConflict((oc) =>
        oc.columns(['project_id', 'cluster_key', 'release']).doUpdateSet({ cost_usd: attempt.costUsd }),
      )
      .execute()
  }

  async escalate(ticketId: string, _reason: string): Promise<void> {
    const { tracker, projectId } = this.options
    const db = this.db
    // An escalated ticket leaves the auto-fixable queue, as after the andon cord: a person owns it now.
    await tracker.update(ticketId, {
      addLabels: [LABELS.escalated],
      removeLabels: [LABELS.autoFixable, 'auto-fixable'],
    })
    await db
      .updateTable('ticket_links')
      .set({ escalated: true, updated_at: new Date() })
      .where('project_id', '=', projectId)
      .where('ticket_id', '=', ticketId)
      .execute()
  }
}
