import { type Database, describeDrop, impliedNps, retentionSummary, toJson } from '@suture/store'
import type { Kysely } from 'kysely'
import { inEnvironments } from '../environments/environments.js'
import { type ConfidenceLevel, confidenceRank } from '../tickets/confidence.js'
import { type FilingResult, seenLine } from '../tickets/file-tickets.js'
import type { TicketableCluster } from '../tickets/ticketable-cluster.js'
import { earliestScoreOf } from '../triage/week.js'
import { type OutcomeSummary, summarizeOutcomes } from '../validation/outcome-log.js'
import { isoWeekOf, shiftWeek, weekRange } from './iso-week.js'
import type { DigestLoopNumbers, DigestReviewSource } from './review-source.js'

export interface DigestTicketRef {
  readonly identifier: string
  readonly url: string
}

export interface DigestItem {
  readonly key: string
  readonly title: string
  readonly ticket: DigestTicketRef | null
  readonly users?: number | undefined
  readonly signals?: number | undefined
  readonly priority?: number | undefined
  readonly route?: string | undefined
  readonly note?: string | undefined
  /** How sure Suture is that this is one real problem; surest first within a priority. */
  readonly confidence?: ConfidenceLevel | undefined
}

export interface NeedsConfirmationPair {
  readonly a: string
  readonly b: string
  /** The one signal that agreed. */
  readonly signal: string
  readonly score: number
}

export interface DigestData {
  readonly project: { readonly id: string; readonly name: string }
  readonly week: string
  readonly start: string
  readonly end: string
  readonly shadow: boolean
  readonly signals: {
    readonly errors: number
    readonly feedback: number
    readonly previousErrors: number
    readonly previousFeedback: number
  }
  readonly clusters: {
    readonly total: number
    readonly tickets: number
    readonly observations: number
    readonly held: number
    readonly needsConfirmation: number
  } | null
  readonly tickets: {
    readonly created: readonly DigestItem[]
    readonly updated: readonly DigestItem[]
    readonly reopened: readonly DigestItem[]
    /** Shadow mode: what would have been created. */
    readonly wouldCreate: readonly DigestItem[]
  }
  readonly held: readonly DigestItem[]
  readonly observations: readonly DigestItem[]
  readonly needsConfirmation: readonly NeedsConfirmationPair[]
  readonly validations: readonly (DigestItem & {
    readonly release: string
    readonly verdict: string
    readonly action: string
    readonly evidence: string
  })[]
  readonly quarantinedRoutes: readonly {
    readonly route: string
    readonly release: string
    readonly since: string
  }[]
  readonly outcomes: { readonly week: OutcomeSummary; readonly allTime: OutcomeSummary }
  /**
   * The morning review: what waits (oldest first, as of `asOf`) and the loop's numbers for the week, all
   * time up to the week's end, and the wrong-tree rate of this and the three weeks before. Null when no
   * review source was wired.
   */
  readonly review: {
    readonly asOf: string
    readonly queue: readonly (DigestItem & {
      /** The ticket's identifier even when its link is unknown. */
      readonly identifier: string
      readonly pr: string | null
      readonly attempt: number
      readonly agent: string
      readonly ageHours: number
      readonly costUsd: number
    })[]
    readonly week: DigestLoopNumbers
    readonly allTime: DigestLoopNumbers
    readonly wrongTreeTrend: readonly {
      readonly week: string
      readonly rate: number | null
      readonly reviewed: number
    }[]
  } | null
  /** What the daily retention job dropped this week ("dropped 120 envelopes older than 90 days"). */
  readonly retention?: readonly string[] | undefined
  /** Implied NPS (−100…100 from 0–10 scores) per department for this and the three weeks before. */
  readonly nps: readonly {
    readonly department: string
    readonly weeks: readonly {
      readonly week: string
      readonly nps: number | null
      readonly sessions: number
    }[]
  }[]
}

export interface CollectDigestOptions {
  readonly db: Kysely<Database>
  readonly projectId: string
  readonly week: string
  readonly shadow: boolean
  /** This week's triage result, when the digest is made by the weekly run. */
  readonly clusters?: readonly TicketableCluster[] | undefined
  readonly needsConfirmation?: readonly NeedsConfirmationPair[] | undefined
  readonly filing?: FilingResult | undefined
  /** The fixer's review queue and loop numbers (wired from `@suture/fixer`); no review sections without. */
  readonly review?: DigestReviewSource | undefined
  /** When the digest is made: the morning queue is what waits now. */
  readonly now?: Date | undefined
  /** The environments whose signals the digest counts (default production), as the jobs ran for. */
  readonly environments?: readonly string[] | undefined
}

const asLevel = (value: string | null): ConfidenceLevel | undefined =>
  value === 'high' || value === 'medium' || value === 'low' ? value : undefined

// The dashboard's rule (rounded scores, one latest score per session): the two never disagree.
const npsOf = (scores: readonly number[]): number | null => impliedNps(scores) ?? null

async function triagedEnvironments(
  db: Kysely<Database>,
  projectId: string,
  week: string,
): Promise<readonly string[] | undefined> {
  const run = await db
    .selectFrom('triage_runs')
    .select('settings')
    .where('project_id', '=', projectId)
    .where('week', '=', week)
    .executeTakeFirst()
  const named = (toJson(run?.settings) as { environments?: unknown } | null | undefined)?.environments
  return Array.isArray(named) && named.length > 0 && named.every((e) => typeof e === 'string')
    ? (named as string[])
    : undefined
}

/** Reads the week's numbers for a project from storage (plus the in-memory triage/filing results, if given). */
export async function collectDigest(options: CollectDigestOptions): Promise<DigestData> {
  const { db, projectId, week } = options
  const { start, end } = weekRange(week)
  const previous = weekRange(shiftWeek(week, -1))
  const project = await db
    .selectFrom('projects')
    .select(['id', 'name'])
    .where('id', '=', projectId)
    .executeTakeFirst()
  if (!project) throw new Error(`No project ${projectId}; list projects with 'suture projects list'.`)

  // The environments the week was triaged for, unless the caller says: a digest written later by
  // `suture digest` counts what the weekly run counted.
  const environments = options.environments ?? (await triagedEnvironments(db, projectId, week))
  const signalCounts = async (from: Date, to: Date) => {
    const rows = await db
      .selectFrom('envelopes')
      .select(['kind', (eb) => eb.fn.countAll<string>().as('n')])
      .where('project_id', '=', projectId)
      .where('occurred_at', '>=', from)
      .where('occurred_at', '<', to)
      .where(inEnvironments(environments))
      .groupBy('kind')
      .execute()
    const of = (kind: string) => Number(rows.find((r) => r.kind === kind)?.n ?? 0)
    return { errors: of('error'), feedback: of('feedback') }
  }
  const now = await signalCounts(start, end)
  const before = await signalCounts(previous.start, previous.end)

  const links = await db
    .selectFrom('ticket_links')
    .select([
      'cluster_key',
      'identifier',
      'url',
      'title',
      'priority',
      'counts',
      'route_template',
      'last_action',
      'last_action_at',
      'last_run',
      'created_run',
      'created_at',
      'seen_total',
      'seen_since',
      'confidence',
    ])
    .where('project_id', '=', projectId)
    .execute()
  const ticketOf = new Map<string, DigestTicketRef>()
  for (const l of links)
    if (l.identifier && l.url) ticketOf.set(l.cluster_key, { identifier: l.identifier, url: l.url })
  const inWeek = (d: Date | null) => d !== null && d >= start && d < end
  const confidenceOf = new Map((options.clusters ?? []).map((c) => [c.key, c.confidence?.level] as const))
  const itemOfLink = (l: (typeof links)[number]): DigestItem => ({
    key: l.cluster_key,
    title: l.title,
    ticket: ticketOf.get(l.cluster_key) ?? null,
    users: l.counts.users,
    signals: l.counts.signals,
    priority: l.priority,
    route: l.route_template ?? undefined,
    confidence: confidenceOf.get(l.cluster_key) ?? asLevel(l.confidence),
    note:
      l.seen_total !== null && l.seen_since !== null
        ? seenLine(
            { total: l.seen_total, since: new Date(l.seen_since).toISOString() },
            l.counts.signals ?? 0,
            undefined,
            week,
          )
        : undefined,
  })
  // Priority first; within a priority the surest problems first, then the broadest.
  const byPriority = (a: DigestItem, b: DigestItem) =>
    (a.priority ?? 9) - (b.priority ?? 9) ||
    confidenceRank(a.confidence) - confidenceRank(b.confidence) ||
    (b.users ?? 0) - (a.users ?? 0) ||
    a.key.localeCompare(b.key)
  // The weekly run for week W happens after W ends, so its actions belong to W by run key; actions of
  // other runs (spikes, manual) belong to the week they happened in.
  const belongs = (run: string | null, at: Date | null) =>
    run === week || (run !== null && !/^\d{4}-W\d{2}$/.test(run) && inWeek(at))
  const created = links
    .filter((l) => l.identifier !== null && belongs(l.created_run, l.created_at))
    .map(itemOfLink)
    .sort(byPriority)
  const createdKeys = new Set(created.map((c) => c.key))
  const updated = links
    .filter(
      (l) =>
        (l.last_action === 'updated' || l.last_action === 'linked') &&
        belongs(l.last_run, l.last_action_at) &&
        !createdKeys.has(l.cluster_key),
    )
    .map(itemOfLink)
    .sort(byPriority)
  const reopened = links
    .filter((l) => l.last_action === 'reopened' && belongs(l.last_run, l.last_action_at))
    .map(itemOfLink)
    .sort(byPriority)

  const clusters = options.clusters
  const clusterItem = (c: TicketableCluster, note?: string): DigestItem => ({
    key: c.key,
    title: c.title,
    ticket: ticketOf.get(c.key) ?? null,
    users: c.counts.users,
    signals: c.counts.signals,
    priority: c.priority,
    route: c.route,
    note,
    confidence: c.confidence?.level,
  })
  const wouldCreate =
    options.shadow && options.filing && clusters
      ? options.filing.entries
          .filter((e) => e.action === 'created')
          .map((e) => clusters.find((c) => c.key === e.clusterKey))
          .filter((c): c is TicketableCluster => c !== undefined)
          .map((c) => clusterItem(c))
          .sort(byPriority)
      : []

  const validationRows = await db
    .selectFrom('ticket_validations')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('evaluated_on', '>=', start.toISOString().slice(0, 10))
    .where('evaluated_on', '<', end.toISOString().slice(0, 10))
    .orderBy('evaluated_on', 'desc')
    .execute()
  const latest = new Map<string, (typeof validationRows)[number]>()
  for (const v of validationRows) {
    const key = `${v.cluster_key}\u0000${v.release}`
    // Keep the day that acted (an andon on Tuesday matters more than "wait" on Sunday).
    const seen = latest.get(key)
    if (!seen || (seen.action === 'wait' && v.action !== 'wait')) latest.set(key, v)
  }
  const titleOf = new Map(links.map((l) => [l.cluster_key, l.title]))
  const validations = [...latest.values()]
    .map((v) => ({
      key: v.cluster_key,
      title: titleOf.get(v.cluster_key) ?? v.cluster_key,
      ticket: ticketOf.get(v.cluster_key) ?? null,
      release: v.release,
      verdict: v.verdict,
      action: v.action,
      evidence: v.evidence,
    }))
    .sort((a, b) => a.key.localeCompare(b.key) || a.release.localeCompare(b.release))

  const quarantine = await db
    .selectFrom('route_quarantine')
    .select(['route_template', 'release', 'created_at'])
    .where('project_id', '=', projectId)
    .where('cleared_at', 'is', null)
    .where('created_at', '<', end)
    .orderBy('route_template')
    .execute()

  const outcomes = await db
    .selectFrom('ticket_outcomes')
    .select(['outcome', 'recorded_at'])
    .where('project_id', '=', projectId)
    .where('recorded_at', '<', end)
    .execute()

  const npsFrom = weekRange(shiftWeek(week, -3)).start
  // The dashboard's rule: a session counts in the week it started (not when the nightly run scored it),
  // with its latest score only (a session re-scored by a newer scorer version counts once).
  const scored = await db
    .selectFrom('scores as sc')
    .innerJoin('sessions as se', (join) =>
      join.onRef('se.project_id', '=', 'sc.project_id').onRef('se.id', '=', 'sc.session_id'),
    )
    .select(['sc.session_id', 'sc.department', 'sc.score', 'se.started_at'])
    .where('sc.project_id', '=', projectId)
    .where('sc.scored_at', '>=', earliestScoreOf(npsFrom))
    .where('sc.status', '=', 'scored')
    .where('sc.score', 'is not', null)
    .where('se.started_at', '>=', npsFrom)
    .where('se.started_at', '<', end)
    .orderBy('sc.session_id')
    .orderBy('sc.scored_at', 'desc')
    .execute()
  const seen = new Set<string>()
  const scores = scored.filter((row) => !seen.has(row.session_id) && seen.add(row.session_id))
  const weeks = [-3, -2, -1, 0].map((d) => shiftWeek(week, d))
  const byDepartment = new Map<string, Map<string, number[]>>()
  for (const s of scores) {
    const department = s.department ?? 'unassigned'
    const w = isoWeekOf(new Date(s.started_at))
    const perWeek = byDepartment.get(department) ?? new Map<string, number[]>()
    perWeek.set(w, [...(perWeek.get(w) ?? []), Number(s.score)])
    byDepartment.set(department, perWeek)
  }
  const nps = [...byDepartment.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([department, perWeek]) => ({
      department,
      weeks: weeks.map((w) => ({
        week: w,
        nps: npsOf(perWeek.get(w) ?? []),
        sessions: (perWeek.get(w) ?? []).length,
      })),
    }))

  let review: DigestData['review'] = null
  if (options.review) {
    const source = options.review
    const asOf = options.now ?? new Date()
    const waiting = await source.openProposals(db, projectId, asOf)
    const trendWeeks = [-3, -2, -1, 0].map((d) => shiftWeek(week, d))
    const trend = []
    for (const w of trendWeeks) {
      const range = weekRange(w)
      const n = await source.loopNumbers(db, projectId, { from: range.start, to: range.end })
      trend.push({ week: w, rate: n.wrongTreeRate, reviewed: n.merged + n.redirected + n.wrongTree })
    }
    review = {
      asOf: asOf.toISOString(),
      queue: waiting.map((p) => ({
        key: p.clusterKey,
        title: titleOf.get(p.clusterKey) ?? p.ticketIdentifier,
        ticket: ticketOf.get(p.clusterKey) ?? null,
        identifier: p.ticketIdentifier,
        pr: p.proposalUrl,
        attempt: p.attempt,
        agent: p.agent,
        ageHours: Math.floor(p.ageMs / 3_600_000),
        costUsd: p.costUsd,
      })),
      week: await source.loopNumbers(db, projectId, { from: start, to: end }),
      allTime: await source.loopNumbers(db, projectId, { to: end }),
      wrongTreeTrend: trend,
    }
  }

  return {
    project: { id: project.id, name: project.name },
    week,
    start: start.toISOString(),
    end: end.toISOString(),
    shadow: options.shadow,
    signals: {
      errors: now.errors,
      feedback: now.feedback,
      previousErrors: before.errors,
      previousFeedback: before.feedback,
    },
    clusters: clusters
      ? {
          total: clusters.length,
          tickets: clusters.filter((c) => c.decision === 'ticket').length,
          observations: clusters.filter((c) => c.decision === 'observation').length,
          held: clusters.filter((c) => c.decision === 'held-for-humans').length,
          needsConfirmation: options.needsConfirmation?.length ?? 0,
        }
      : null,
    tickets: { created, updated, reopened, wouldCreate },
    held: (clusters ?? [])
      .filter((c) => c.decision === 'held-for-humans')
      .map((c) => clusterItem(c, c.heldReason))
      .sort(byPriority),
    observations: (clusters ?? [])
      .filter((c) => c.decision === 'observation')
      .map((c) => clusterItem(c))
      .sort(byPriority),
    // Two signals' worth of doubt: pairs of this week's signals, and open issues people filed that only
    // one signal ties to a cluster (filing created Suture's own ticket and named them in a comment).
    needsConfirmation: [
      ...(options.needsConfirmation ?? []),
      ...(options.filing?.entries ?? []).flatMap((e) =>
        (e.possibleDuplicates ?? []).map((d) => ({
          a: e.clusterKey,
          b: d.identifier,
          signal: d.signal,
          score: d.score,
        })),
      ),
    ].sort((x, y) => y.score - x.score),
    validations,
    quarantinedRoutes: quarantine.map((q) => ({
      route: q.route_template,
      release: q.release,
      since: new Date(q.created_at).toISOString().slice(0, 10),
    })),
    outcomes: {
      week: summarizeOutcomes(outcomes.filter((o) => inWeek(new Date(o.recorded_at)))),
      allTime: summarizeOutcomes(outcomes),
    },
    review,
    nps,
    retention: (await retentionSummary(db, { projectId, from: start, to: end })).map(describeDrop),
  }
}
