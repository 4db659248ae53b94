import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import { LABELS } from '../tickets/file-tickets.js'
import type { Tracker } from '../trackers/tracker.js'

/** A person's decision needs a name: who cleared or reset is part of the record. */
export class HumanControlError extends Error {
  override readonly name = 'HumanControlError'
  constructor(
    readonly projectId: string,
    message: string,
  ) {
    super(message)
  }
}

function who(projectId: string, by: string): string {
  const name = by.trim()
  if (name.length === 0)
    throw new HumanControlError(
      projectId,
      'Say who decides (--by NAME, or SUTURE_USER / USER); it is recorded.',
    )
  return name.slice(0, 200)
}

export interface QuarantineEntry {
  readonly projectId: string
  readonly route: string
  readonly clusterKey: string
  readonly release: string
  readonly reason: string
  readonly createdAt: Date
  readonly clearedAt: Date | null
  readonly clearedBy: string | null
}

/** Routes the andon cord took from auto-fixing, newest first; cleared ones only when asked. */
export async function listQuarantine(
  db: Kysely<Database>,
  options: { readonly projectId?: string | undefined; readonly includeCleared?: boolean | undefined } = {},
): Promise<QuarantineEntry[]> {
  let query = db.selectFrom('route_quarantine').selectAll().orderBy('created_at', 'desc')
  if (options.projectId !== undefined) query = query.where('project_id', '=', options.projectId)
  if (options.includeCleared !== true) query = query.where('cleared_at', 'is', null)
  return (await query.execute()).map((r) => ({
    projectId: r.project_id,
    route: r.route_template,
    clusterKey: r.cluster_key,
    release: r.release,
    reason: r.reason,
    createdAt: new Date(r.created_at),
    clearedAt: r.cleared_at ? new Date(r.cleared_at) : null,
    clearedBy: r.cleared_by,
  }))
}

/**
 * Lets auto-fixing touch a route again after the andon cord took it away; records who and when.
 * False when the route is not quarantined (nothing changed).
 *
 * @example
 * await clearQuarantine(db, { projectId, route: '/billing', by: 'maria@example.com' })
 */
export async function clearQuarantine(
  db: Kysely<Database>,
  input: { projectId: string; route: string; by: string; at?: Date },
): Promise<boolean> {
  const by = who(input.projectId, input.by)
  const result = await db
    .updateTable('route_quarantine')
    .set({ cleared_at: input.at ?? new Date(), cleared_by: by })
    .where('project_id', '=', input.projectId)
    .where('route_template', '=', input.route)
    .where('cleared_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export interface LineageReset {
  readonly clusterKey: string
  readonly ticketId: string | null
  readonly identifier: string | null
  readonly previous: { readonly iterations: number; readonly escalated: boolean; readonly costUsd: number }
  readonly by: string
  readonly at: Date
  /**
   * `removed`: the `suture:escalated` label came off the ticket; `left`: no tracker of the ticket's kind
   * was given (the dashboard only reaches the local tracker), so a person removes it in the tracker.
   */
  readonly escalatedLabel: 'removed' | 'left' | 'none'
}

/** When a person last reset a lineage; attempts and cost before that no longer count. */
export async function lineageResetAt(
  db: Kysely<Database>,
  projectId: string,
  clusterKey: string,
): Promise<Date | null> {
  const row = await db
    .selectFrom('lineage_resets')
    .select('reset_at')
    .where('project_id', '=', projectId)
    .where('cluster_key', '=', clusterKey)
    .orderBy('reset_at', 'desc')
    .executeTakeFirst()
  return row ? new Date(row.reset_at) : null
}

/** Fix attempts' cost in a lineage since its last reset (what the cost budget compares). */
export async function lineageCost(
  db: Kysely<Database>,
  projectId: string,
  clusterKey: string,
): Promise<number> {
  const since = await lineageResetAt(db, projectId, clusterKey)
  let query = db
    .selectFrom('fix_attempts')
    .select((eb) => eb.fn.sum<number>('cost_usd').as('total'))
    .where('project_id', '=', projectId)
    .where('cluster_key', '=', clusterKey)
  if (since) query = query.where('recorded_at', '>', since)
  const row = await query.executeTakeFirst()
  return Number(row?.total ?? 0)
}

/**
 * A person investigated a stopped lineage and lets the loop try again: the attempt counter, the cost
 * counted against the budget and the escalation start over (the `suture:escalated` label comes off
 * when a tracker is given). History stays: the reset is a row with the previous values, who and when.
 * Whether the ticket is auto-fixable again stays that person's call (the label in the tracker).
 *
 * @example
 * await resetLineage(db, { projectId, ticket: 'LOCAL-3', by: 'maria@example.com', tracker })
 */
export async function resetLineage(
  db: Kysely<Database>,
  input: {
    readonly projectId: string
    /** A ticket id, its identifier (`LOCAL-3`, `SUT-42`) or the cluster key. */
    readonly ticket: string
    readonly by: string
    readonly at?: Date | undefined
    readonly tracker?: Tracker | undefined
  },
): Promise<LineageReset> {
  const by = who(input.projectId, input.by)
  const at = input.at ?? new Date()
  const link = await db
    .selectFrom('ticket_links')
    .select(['cluster_key', 'ticket_id', 'identifier', 'iterations', 'escalated', 'tracker'])
    .where('project_id', '=', input.projectId)
    .where((eb) =>
      eb.or([
        eb('ticket_id', '=', input.ticket),
        eb('identifier', '=', input.ticket),
        eb('cluster_key', '=', input.ticket),
      ]),
    )
    .executeTakeFirst()
  if (!link)
    throw new HumanControlError(
      input.projectId,
      `No ticket '${input.ticket}' in project ${input.projectId}; give a ticket id, identifier (LOCAL-3) or cluster key.`,
    )
  const costUsd = await lineageCost(db, input.projectId, link.cluster_key)
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('lineage_resets')
      .values({
        project_id: input.projectId,
        cluster_key: link.cluster_key,
        ticket_id: link.ticket_id,
        reset_by: by,
        reset_at: at,
        previous_iterations: link.iterations,
        previous_escalated: link.escalated,
        previous_cost_usd: costUsd,
      })
      .execute()
    // A lineage stopped by the andon cord or an escalation waits for a new fix, not for its old one.
    await trx
      .updateTable('ticket_links')
      .set((eb) => ({
        iterations: 0,
        escalated: false,
        validation: eb
          .case()
          .when('validation', 'in', ['andon', 'escalated'])
          .then(null)
          .else(eb.ref('validation'))
          .end(),
        updated_at: at,
      }))
      .where('project_id', '=', input.projectId)
      .where('cluster_key', '=', link.cluster_key)
      .execute()
  })
  let escalatedLabel: LineageReset['escalatedLabel'] = 'none'
  if (link.ticket_id) {
    if (input.tracker && input.tracker.kind === link.tracker) {
      await input.tracker.update(link.ticket_id, { removeLabels: [LABELS.escalated] })
      escalatedLabel = 'removed'
    } else {
      escalatedLabel = 'left'
    }
  }
  return {
    clusterKey: link.cluster_key,
    ticketId: link.ticket_id,
    identifier: link.identifier,
    previous: { iterations: link.iterations, escalated: link.escalated, costUsd },
    by,
    at,
    escalatedLabel,
  }
}

export interface StoppedLineage {
  readonly clusterKey: string
  readonly ticketId: string | null
  readonly identifier: string | null
  readonly url: string | null
  readonly title: string
  readonly route: string | null
  readonly release: string | null
  /** `andon`, `escalated`, or null for a lineage escalated by the fixer's own limits. */
  readonly validation: string | null
  readonly iterations: number
  readonly escalated: boolean
  readonly costUsd: number
  readonly lastReset: { readonly by: string; readonly at: Date } | null
}

/**
 * Lineages the loop stopped (andon cord, escalation, attempts used): what a person may reset. The
 * dashboard's read model; it does not read `ticket_links` itself.
 */
export async function listStoppedLineages(
  db: Kysely<Database>,
  projectId: string,
): Promise<StoppedLineage[]> {
  const links = await db
    .selectFrom('ticket_links')
    .select([
      'cluster_key',
      'ticket_id',
      'identifier',
      'url',
      'title',
      'route_template',
      'fix_release',
      'validation',
      'iterations',
      'escalated',
    ])
    .where('project_id', '=', projectId)
    .where((eb) =>
      eb.or([
        eb('escalated', '=', true),
        eb('iterations', '>', 0),
        eb('validation', 'in', ['andon', 'escalated']),
      ]),
    )
    .orderBy('updated_at', 'desc')
    .execute()
  const out: StoppedLineage[] = []
  for (const link of links) {
    const reset = await db
      .selectFrom('lineage_resets')
      .select(['reset_by', 'reset_at'])
      .where('project_id', '=', projectId)
      .where('cluster_key', '=', link.cluster_key)
      .orderBy('reset_at', 'desc')
      .executeTakeFirst()
    out.push({
      clusterKey: link.cluster_key,
      ticketId: link.ticket_id,
      identifier: link.identifier,
      url: link.url,
      title: link.title,
      route: link.route_template,
      release: link.fix_release,
      validation: link.validation,
      iterations: link.iterations,
      escalated: link.escalated,
      costUsd: await lineageCost(db, projectId, link.cluster_key),
      lastReset: reset ? { by: reset.reset_by, at: new Date(reset.reset_at) } : null,
    })
  }
  return out
}
