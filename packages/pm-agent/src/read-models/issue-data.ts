import { type Database, existingTables, toDate, toJson, toNumber } from '@suture/store'
import type { Kysely } from 'kysely'
import type { PairSummary } from './clusters-data.js'
import { loadPairAnswers, type StoredPairAnswer } from './pair-answers.js'
import { listTickets, type TicketSummary, type ValidationSummary } from './tickets-data.js'

/** One breadcrumb of a sample, as the SDK wrote it (already scrubbed at ingest). */
export interface IssueBreadcrumb {
  readonly ts: string
  readonly type: string
  readonly label: string
}

export interface IssueFrame {
  readonly function: string | undefined
  readonly file: string | undefined
  readonly line: number | undefined
  readonly column: number | undefined
  readonly inApp: boolean
  /** Where the frame points in the original source, when an uploaded source map resolved it. */
  readonly original?: IssueOriginalFrame | undefined
}

/** A frame's original position and the source lines around it (from the map's `sourcesContent`). */
export interface IssueOriginalFrame {
  readonly function: string | undefined
  readonly file: string
  readonly line: number
  readonly column: number | undefined
  readonly context:
    | { readonly pre: readonly string[]; readonly line: string; readonly post: readonly string[] }
    | undefined
}

function originalOf(value: unknown): IssueOriginalFrame | undefined {
  const o = obj(value)
  const file = str(o.file)
  const line = num(o.line)
  if (file === undefined || line === undefined) return undefined
  const c = obj(o.context)
  const current = typeof c.line === 'string' ? c.line : undefined
  return {
    function: str(o.function),
    file,
    line,
    column: num(o.column),
    context:
      current === undefined ? undefined : { pre: strings(c.pre), line: current, post: strings(c.post) },
  }
}

/** A sample error of the issue: what one user was doing when it happened. */
export interface IssueSample {
  readonly id: string
  readonly occurredAt: string | undefined
  readonly attempting: string | undefined
  readonly url: string | undefined
  readonly release: string | undefined
  readonly environment: string | undefined
  readonly sessionId: string | undefined
  readonly errorType: string | undefined
  readonly message: string | undefined
  readonly breadcrumbs: readonly IssueBreadcrumb[]
  readonly flags: Readonly<Record<string, unknown>>
  readonly frames: readonly IssueFrame[]
  readonly rawStack: string | undefined
}

/** Everything the issue page shows about one cluster, from its latest triaged week. */
export interface IssueView {
  readonly key: string
  /**
   * False for an error no triage run has grouped yet (the key is its fingerprint): no priority, decision,
   * pairs or code pointers exist for it until the next run.
   */
  readonly triaged: boolean
  readonly week: string
  /** Weeks this cluster was triaged in, oldest first, with its signal count: the sparkline. */
  readonly weeks: readonly { readonly week: string; readonly signals: number }[]
  readonly title: string
  readonly kind: string
  readonly decision: string
  readonly decisionReason: string
  readonly priority: number
  readonly attempting: string | undefined
  readonly errorType: string | undefined
  readonly message: string | undefined
  readonly route: string | undefined
  readonly department: string | undefined
  readonly autoFixable: boolean
  readonly heldReasons: readonly string[]
  readonly labels: readonly string[]
  readonly releases: readonly string[]
  readonly fingerprints: readonly string[]
  readonly codePointers: readonly {
    readonly file: string
    readonly line: number | undefined
    readonly function: string | undefined
    readonly owners: readonly string[]
  }[]
  readonly counts: {
    readonly signals: number
    readonly users: number
    readonly sessions: number
    readonly workspaces: number
  }
  readonly firstSeen: Date | undefined
  readonly lastSeen: Date | undefined
  readonly sessionIds: readonly string[]
  readonly samples: readonly IssueSample[]
  /** Distinct feedback texts, newest first; `count` says how many reports said exactly that. */
  readonly feedback: readonly {
    readonly text: string
    readonly rating: number | undefined
    readonly count: number
  }[]
  readonly pairs: readonly PairSummary[]
  readonly ticket: TicketSummary | undefined
  /** Every validation of its fix, newest first. */
  readonly validations: readonly ValidationSummary[]
}

function strings(value: unknown): string[] {
  const parsed = toJson(value)
  return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : []
}

function obj(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {}
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined)

// The stored body is the envelope as ingest validated it; read it defensively all the same (older rows,
// Sentry-converted events) so one odd row cannot break the page.
export function sampleOf(id: string, body: unknown): IssueSample {
  const e = obj(toJson(body))
  const error = obj(e.error)
  const app = obj(e.app)
  const route = obj(e.route)
  const crumbs = Array.isArray(e.breadcrumbs) ? e.breadcrumbs : []
  const frames = Array.isArray(error.frames) ? error.frames : []
  return {
    id,
    occurredAt: str(e.occurredAt),
    attempting: str(e.attempting),
    url: str(route.url),
    release: str(app.release),
    environment: str(app.environment),
    sessionId: str(e.sessionId),
    errorType: str(error.type),
    message: str(error.message),
    breadcrumbs: crumbs.map((b) => {
      const c = obj(b)
      return { ts: str(c.ts) ?? '', type: str(c.type) ?? 'custom', label: str(c.label) ?? '' }
    }),
    flags: obj(e.flags),
    frames: frames.map((f) => {
      const fr = obj(f)
      return {
        function: str(fr.function),
        file: str(fr.file),
        line: num(fr.line),
        column: num(fr.column),
        inApp: fr.inApp !== false,
        original: originalOf(fr.original),
      }
    }),
    rawStack: str(error.stack),
  }
}

/**
 * One issue (a triaged cluster) of a project: its latest week, or `week` when given; `undefined` when
 * triage never saw that key.
 * @example
 * const issue = await readIssue(db, projectId, 'c-3f9a…')
 */
/**
 * The feedback texts of stored feedback envelope bodies (newest first), the same sentence from several
 * reports once with its count, at most `max`: a page of three identical quotes reads as a rendering bug.
 */
export function distinctQuotes(bodies: readonly unknown[], max = 5): IssueView['feedback'] {
  const quotes = new Map<string, { text: string; rating: number | undefined; count: number }>()
  for (const body of bodies) {
    const fb = obj(obj(toJson(body)).feedback)
    const text = str(fb.text)?.trim()
    if (!text) continue
    const seen = quotes.get(text)
    if (seen) seen.count++
    else quotes.set(text, { text, rating: num(fb.rating), count: 1 })
  }
  return [...quotes.values()].slice(0, max)
}

export async function readIssue(
  db: Kysely<Database>,
  projectId: string,
  key: string,
  week?: string,
): Promise<IssueView | undefined> {
  const tables = await existingTables(db, [
    'clusters',
    'cluster_members',
    'cluster_pairs',
    'pair_decisions',
    'ticket_validations',
  ])
  if (!tables.has('clusters')) return undefined
  const history = await db
    .selectFrom('clusters')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('key', '=', key)
    .orderBy('week', 'asc')
    .execute()
  const row = week === undefined ? history.at(-1) : history.find((h) => h.week === week)
  if (!row) return undefined

  const sampleIds = strings(row.sample_ids).slice(0, 5)
  const feedbackIds = tables.has('cluster_members')
    ? (
        await db
          .selectFrom('cluster_members')
          .select('signal_id')
          .where('project_id', '=', projectId)
          .where('week', '=', row.week)
          .where('cluster_key', '=', key)
          .where('kind', '=', 'feedback')
          .orderBy('occurred_at', 'desc')
          // More than are shown: the same sentence from several people is one quote with its count.
          .limit(25)
          .execute()
      ).map((m) => m.signal_id)
    : []
  const ids = [...new Set([...sampleIds, ...feedbackIds])]
  const envelopes =
    ids.length === 0
      ? []
      : await db
          .selectFrom('envelopes')
          .select(['id', 'kind', 'body'])
          .where('project_id', '=', projectId)
          .where('id', 'in', ids)
          .execute()
  const byId = new Map(envelopes.map((e) => [e.id, e]))
  const samples = sampleIds
    .map((id) => byId.get(id))
    .filter((e) => e !== undefined && e.kind === 'error')
    .map((e) => sampleOf(e?.id ?? '', e?.body))
  const feedback = distinctQuotes(feedbackIds.map((id) => byId.get(id)?.body))

  const pairRows = tables.has('cluster_pairs')
    ? await db
        .selectFrom('cluster_pairs')
        .selectAll()
        .where('project_id', '=', projectId)
        .where('week', '=', row.week)
        .where((eb) => eb.or([eb('cluster_a', '=', key), eb('cluster_b', '=', key)]))
        .orderBy('score', 'desc')
        .limit(50)
        .execute()
    : []
  const answers = tables.has('pair_decisions')
    ? await loadPairAnswers(
        db,
        projectId,
        pairRows.map((p) => p.a),
      )
    : new Map<string, StoredPairAnswer>()
  const otherTitles = new Map(
    (pairRows.length === 0
      ? []
      : await db
          .selectFrom('clusters')
          .select(['key', 'title'])
          .where('project_id', '=', projectId)
          .where('week', '=', row.week)
          .where(
            'key',
            'in',
            pairRows.flatMap((p) => [p.cluster_a, p.cluster_b]),
          )
          .execute()
    ).map((c) => [c.key, c.title]),
  )
  const pairs: PairSummary[] = pairRows.map((p) => ({
    a: p.a,
    b: p.b,
    titleA: otherTitles.get(p.cluster_a),
    titleB: otherTitles.get(p.cluster_b),
    signal: p.signal,
    score: toNumber(p.score),
    answer: answers.get(`${p.a}\u0000${p.b}`)?.answer,
    answeredBy: answers.get(`${p.a}\u0000${p.b}`)?.decidedBy,
  }))

  const tickets = await listTickets(db, projectId)
  const validations = tables.has('ticket_validations')
    ? (
        await db
          .selectFrom('ticket_validations')
          .selectAll()
          .where('project_id', '=', projectId)
          .where('cluster_key', '=', key)
          .orderBy('evaluated_on', 'desc')
          .orderBy('created_at', 'desc')
          .limit(50)
          .execute()
      ).map((v) => ({
        release: v.release,
        evaluatedOn: v.evaluated_on,
        verdict: v.verdict,
        action: v.action,
        rateRatio: toNumber(v.rate_ratio),
        beforeCount: toNumber(v.before_count),
        afterCount: toNumber(v.after_count),
        evidence: v.evidence,
      }))
    : []

  const pointers = toJson(row.code_pointers)
  return {
    key,
    triaged: true,
    week: row.week,
    weeks: history.map((h) => ({ week: h.week, signals: toNumber(h.signal_count) })),
    title: row.title,
    kind: row.kind,
    decision: row.decision,
    decisionReason: row.decision_reason,
    priority: toNumber(row.priority),
    attempting: row.attempting ?? undefined,
    errorType: row.error_type ?? undefined,
    message: row.message ?? undefined,
    route: row.route_template ?? undefined,
    department: row.department ?? undefined,
    autoFixable: row.auto_fixable === true,
    heldReasons: strings(row.held_reasons),
    labels: strings(row.labels),
    releases: strings(row.releases),
    fingerprints: strings(row.fingerprints),
    codePointers: (Array.isArray(pointers) ? pointers : []).flatMap((p) => {
      const cp = obj(p)
      const file = str(cp.file)
      if (file === undefined) return []
      return [
        {
          file,
          line: num(cp.line),
          function: str(cp.function),
          owners: Array.isArray(cp.owners) ? cp.owners.filter((o): o is string => typeof o === 'string') : [],
        },
      ]
    }),
    counts: {
      signals: toNumber(row.signal_count),
      users: toNumber(row.user_count),
      sessions: toNumber(row.session_count),
      workspaces: toNumber(row.workspace_count),
    },
    firstSeen: toDate(row.first_seen),
    lastSeen: toDate(row.last_seen),
    sessionIds: strings(row.sample_session_ids),
    samples,
    feedback,
    pairs,
    ticket: tickets.find((t) => t.clusterKey === key),
    validations,
  }
}
