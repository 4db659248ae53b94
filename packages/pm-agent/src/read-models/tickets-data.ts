import { type Database, existingTables, toDate, toJson, toNumber } from '@suture/store'
import { type Kysely, sql } from 'kysely'

/** The latest fix validation of a ticket (migration 0004's `ticket_validations`). */
export interface ValidationSummary {
  readonly release: string
  readonly evaluatedOn: string
  readonly verdict: string
  readonly action: string
  readonly rateRatio: number
  readonly beforeCount: number
  readonly afterCount: number
  readonly evidence: string
}

/** A filed ticket as the ticket code last saw it (migration 0004's `ticket_links`, plus local labels). */
export interface TicketSummary {
  readonly clusterKey: string
  readonly tracker: string
  readonly identifier: string | null
  readonly url: string | null
  readonly title: string
  readonly state: string
  readonly priority: number
  readonly counts: Readonly<Record<string, number>>
  readonly routeTemplate: string | null
  readonly fixRelease: string | null
  readonly iterations: number
  readonly escalated: boolean
  readonly reopenCount: number
  readonly labels: readonly string[]
  readonly updatedAt: Date | undefined
  readonly validation: ValidationSummary | undefined
}

function numberRecord(value: unknown): Record<string, number> {
  const parsed = toJson(value)
  const out: Record<string, number> = {}
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    for (const [k, v] of Object.entries(parsed)) if (typeof v === 'number') out[k] = v
  }
  return out
}

function stringList(value: unknown): string[] {
  const parsed = toJson(value)
  return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : []
}

/**
 * Tickets of a project with their latest validation, most urgent first. Read straight from the tables
 * of migration 0004 (owned by `@suture/pm-agent`, which depends on this package, not the reverse);
 * an empty list when that migration has not run.
 */
export async function listTickets(
  db: Kysely<Database>,
  projectId: string,
  limit = 200,
): Promise<TicketSummary[]> {
  const tables = await existingTables(db, ['ticket_links', 'ticket_validations', 'local_tickets'])
  if (!tables.has('ticket_links')) return []
  const withValidations = tables.has('ticket_validations')
  const withLocal = tables.has('local_tickets')
  const rows = await sql<Record<string, unknown>>`
    select t.*,
      ${withLocal ? sql`lt.labels as local_labels` : sql`null as local_labels`},
      ${
        withValidations
          ? sql`v.release as v_release, v.evaluated_on as v_evaluated_on, v.verdict as v_verdict,
              v.action as v_action, v.rate_ratio as v_rate_ratio, v.before_count as v_before_count,
              v.after_count as v_after_count, v.evidence as v_evidence`
          : sql`null as v_release`
      }
    from ticket_links t
    ${withLocal ? sql`left join local_tickets lt on t.tracker = 'local' and lt.id = t.ticket_id` : sql``}
    ${
      withValidations
        ? sql`left join lateral (
            select * from ticket_validations tv
            where tv.project_id = t.project_id and tv.cluster_key = t.cluster_key
            order by tv.evaluated_on desc, tv.created_at desc limit 1
          ) v on true`
        : sql``
    }
    where t.project_id = ${projectId}
    order by t.priority asc, t.updated_at desc, t.cluster_key
    limit ${limit}
  `.execute(db)
  return rows.rows.map((r) => ({
    clusterKey: String(r.cluster_key),
    tracker: String(r.tracker),
    identifier: (r.identifier as string | null) ?? null,
    url: (r.url as string | null) ?? null,
    title: String(r.title),
    state: String(r.state),
    priority: toNumber(r.priority),
    counts: numberRecord(r.counts),
    routeTemplate: (r.route_template as string | null) ?? null,
    fixRelease: (r.fix_release as string | null) ?? null,
    iterations: toNumber(r.iterations),
    escalated: r.escalated === true,
    reopenCount: toNumber(r.reopen_count),
    labels: stringList(r.local_labels),
    updatedAt: toDate(r.updated_at),
    validation:
      r.v_release === null || r.v_release === undefined
        ? undefined
        : {
            release: String(r.v_release),
            evaluatedOn: String(r.v_evaluated_on),
            verdict: String(r.v_verdict),
            action: String(r.v_action),
            rateRatio: toNumber(r.v_rate_ratio),
            beforeCount: toNumber(r.v_before_count),
            afterCount: toNumber(r.v_after_count),
            evidence: String(r.v_evidence),
          },
  }))
}
