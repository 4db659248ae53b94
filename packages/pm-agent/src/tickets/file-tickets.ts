import type { Database } from '@suture/store'
import { type Kysely, sql } from 'kysely'
import { inEnvironments } from '../environments/environments.js'
import { clientId } from '../trackers/client-id.js'
import type { TicketState, Tracker } from '../trackers/tracker.js'
import { type FiledIssueCandidate, findFiledIssue } from './filed-issues.js'
import { renderTicketBody, renderTicketTitle } from './ticket-body.js'
import type { TicketableCluster } from './ticketable-cluster.js'

export const LABELS = {
  suture: 'suture',
  autoFixable: 'suture:auto-fixable',
  held: 'suture:held-for-humans',
  quarantined: 'suture:quarantined',
  andon: 'suture:andon',
  escalated: 'suture:escalated',
  regressed: 'suture:regressed',
} as const

export type FilingAction =
  | 'created'
  | 'updated'
  | 'reopened'
  /** An open issue people filed is this problem: linked and commented on instead of filing a twin. */
  | 'linked'
  /** Cancelled or duplicate in the tracker: a person decided; never reopened, never twinned. */
  | 'respected'
  /** Done with a fix release under validation: the validation decides, not the weekly count. */
  | 'validating'
  /** Done, and no signal since: nothing to do. */
  | 'unchanged'
  /** Observation or needs-confirmation: shown in the digest, not ticketed. */
  | 'not-ticketed'

export interface FilingEntry {
  readonly clusterKey: string
  readonly action: FilingAction
  readonly ticket?: { readonly id: string; readonly identifier: string; readonly url: string } | undefined
  readonly reason?: string | undefined
  /**
   * Open issues where only one signal agreed that they are this problem: listed under needs-confirmation
   * (and named in a comment on the new ticket) for a person to decide.
   */
  readonly possibleDuplicates?: readonly PossibleDuplicate[] | undefined
}

export interface PossibleDuplicate {
  readonly identifier: string
  readonly url: string
  /** The one signal that agreed. */
  readonly signal: string
  readonly score: number
}

export interface FilingResult {
  readonly shadow: boolean
  readonly entries: readonly FilingEntry[]
}

export interface FileTicketsOptions {
  readonly db: Kysely<Database>
  readonly projectId: string
  readonly tracker: Tracker
  readonly clusters: readonly TicketableCluster[]
  /** Names this run in comment ids (an ISO week, or `spike:<rule>:<minute>`): a rerun adds no second comment. */
  readonly runKey: string
  /** Compute what would happen and write nothing (the digest shows the plan). */
  readonly shadow: boolean
  /** The URL of a cluster in Suture: attached to its ticket and used to find it again if the mapping is lost. */
  readonly clusterUrl: (clusterKey: string) => string
  /** The run's clock (defaults to now): stamps the mapping rows the digest reads. */
  readonly now?: Date
  /** The environments the running total counts (default production). */
  readonly environments?: readonly string[] | undefined
}

type LinkRow = {
  cluster_key: string
  client_id: string
  ticket_id: string | null
  identifier: string | null
  url: string | null
  state: string
  fix_release: string | null
  validation: string | null
  fixed_at: Date | null
  reopen_count: number
  counts: Record<string, number>
  priority: number
}

function ticketLabels(cluster: TicketableCluster, quarantined: boolean): string[] {
  const labels = new Set<string>([LABELS.suture, cluster.kind, ...cluster.labels])
  if (cluster.decision === 'held-for-humans') labels.add(LABELS.held)
  if (cluster.autoFixable && cluster.decision !== 'held-for-humans' && !quarantined)
    labels.add(LABELS.autoFixable)
  if (quarantined) {
    labels.delete(LABELS.autoFixable)
    labels.add(LABELS.quarantined)
  }
  return [...labels]
}

/** How often a cluster has been seen since it first was: what a reader of an update wants first. */
export interface SignalHistory {
  readonly total: number
  readonly since: string
}

const DAY_FORMAT = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' })

/** `seen 312 times since 3 Nov; 41 this week, was 57`. */
export function seenLine(
  history: SignalHistory,
  thisRun: number,
  previous: number | undefined,
  runKey: string,
): string {
  const period = /^\d{4}-W\d{2}$/.test(runKey) ? 'this week' : 'in the last 7 days'
  const times = history.total === 1 ? 'once' : `${history.total} times`
  const was = previous === undefined || previous === thisRun ? '' : `, was ${previous}`
  return `seen ${times} since ${DAY_FORMAT.format(new Date(history.since))}; ${thisRun} ${period}${was}`
}

/**
 * All signals of the cluster so far: envelopes with its fingerprints when it has any, else the sum of
 * its weekly triage counts (text clusters keep their key across weeks). Never less than this run's count.
 */
export async function signalHistory(
  db: Kysely<Database>,
  projectId: string,
  cluster: TicketableCluster,
  environments?: readonly string[] | undefined,
): Promise<SignalHistory> {
  let total = 0
  let since: Date | null = null
  if (cluster.fingerprints.length > 0) {
    const row = await db
      .selectFrom('envelopes')
      .select([(eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.min('occurred_at').as('first')])
      .where('project_id', '=', projectId)
      .where('fingerprint', 'in', [...cluster.fingerprints])
      .where(inEnvironments(environments))
      .where('occurred_at', '<=', new Date(cluster.lastSeen))
      .executeTakeFirst()
    total = Number(row?.n ?? 0)
    since = row?.first ? new Date(row.first as Date) : null
  } else {
    const row = await db
      .selectFrom('clusters')
      .select([
        (eb) => eb.fn.sum<string>('signal_count').as('n'),
        (eb) => eb.fn.min('first_seen').as('first'),
      ])
      .where('project_id', '=', projectId)
      .where('key', '=', cluster.key)
      .executeTakeFirst()
    total = Number(row?.n ?? 0)
    since = row?.first ? new Date(row.first as Date) : null
  }
  const first = Date.parse(cluster.firstSeen)
  return {
    total: Math.max(total, cluster.counts.signals),
    since: new Date(since === null || first < since.getTime() ? first : since.getTime()).toISOString(),
  }
}

function countsComment(
  cluster: TicketableCluster,
  previous: Record<string, number>,
  runKey: string,
  history: SignalHistory,
): string {
  const c = cluster.counts
  const delta = (name: keyof TicketableCluster['counts']) => {
    const before = previous[name]
    return before === undefined || before === c[name] ? '' : ` (was ${before})`
  }
  const seen = seenLine(history, c.signals, previous.signals, runKey)
  return [
    `**Suture, ${runKey}:** still happening — ${seen}.`,
    '',
    `- ${plural(c.users, 'user')}${delta('users')}, ${plural(c.sessions, 'session')}${delta('sessions')}, ${plural(c.workspaces, 'workspace')}${delta('workspaces')}`,
    `- Last seen ${cluster.lastSeen}`,
    '',
    'The description has been refreshed with the latest samples.',
  ].join('\n')
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

async function quarantinedRoutes(db: Kysely<Database>, projectId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('route_quarantine')
    .select('route_template')
    .where('project_id', '=', projectId)
    .where('cleared_at', 'is', null)
    .execute()
  return new Set(rows.map((r) => r.route_template))
}

/**
 * Files each ticket-worthy cluster through `tracker`, idempotently: a cluster maps to one ticket (the
 * `ticket_links` row, written before the tracker call, plus the cluster URL attached to the ticket for
 * when that row is lost). A rerun updates counts and comments once per `runKey`; a done ticket whose
 * signal comes back is reopened; cancelled and duplicate tickets are left alone.
 *
 * @example
 * await fileTickets({ db, projectId, tracker, clusters, runKey: '2026-W48', shadow: false, clusterUrl })
 */
export async function fileTickets(options: FileTicketsOptions): Promise<FilingResult> {
  const quarantine = await quarantinedRoutes(options.db, options.projectId)
  const entries: FilingEntry[] = []
  for (const cluster of options.clusters) {
    if (cluster.decision !== 'ticket' && cluster.decision !== 'held-for-humans') {
      entries.push({ clusterKey: cluster.key, action: 'not-ticketed', reason: cluster.decision })
      continue
    }
    entries.push(await fileOne(options, cluster, quarantine.has(cluster.route ?? '\u0000')))
  }
  return { shadow: options.shadow, entries }
}

async function fileOne(
  options: FileTicketsOptions,
  cluster: TicketableCluster,
  quarantined: boolean,
): Promise<FilingEntry> {
  const { db, projectId, tracker, runKey } = options
  const now = options.now ?? new Date()
  const url = options.clusterUrl(cluster.key)
  const title = renderTicketTitle(cluster)
  const body = renderTicketBody(cluster, { clusterUrl: url })
  const labels = ticketLabels(cluster, quarantined)
  const counts = JSON.stringify(cluster.counts)
  const history = await signalHistory(db, projectId, cluster, options.environments)
  const seen = {
    seen_total: history.total,
    seen_since: history.since,
    confidence: cluster.confidence?.level ?? null,
  }

  let link = (await db
    .selectFrom('ticket_links')
    .select([
      'cluster_key',
      'client_id',
      'ticket_id',
      'identifier',
      'url',
      'state',
      'fix_release',
      'validation',
      'fixed_at',
      'reopen_count',
      'counts',
      'priority',
    ])
    .where('project_id', '=', projectId)
    .where('cluster_key', '=', cluster.key)
    .executeTakeFirst()) as LinkRow | undefined

  if (!link) {
    const twin = await twinLink(db, projectId, cluster)
    if (twin) {
      if (!options.shadow) await rekey(db, projectId, twin.cluster_key, cluster.key)
      link = { ...twin, cluster_key: cluster.key }
      if (!options.shadow && twin.ticket_id !== null)
        await tracker.attachLink(twin.ticket_id, { url, title: `Suture cluster ${cluster.key}` })
    }
  }

  let possibleDuplicates: PossibleDuplicate[] = []
  // The mapping may be lost (restored backup, other machine): the attachment URL finds the ticket.
  const found = !link && !options.shadow ? await tracker.findByLink(url) : null
  if (!link && !found) {
    // Before filing, the problem may already be an issue a person filed.
    const filed = await findFiledIssue({ db, projectId, tracker, cluster })
    if (filed.match) return linkFiledIssue(options, cluster, filed.match, { url, counts, seen, now })
    possibleDuplicates = filed.needsConfirmation.map((c) => ({
      identifier: c.ticket.identifier,
      url: c.ticket.url,
      signal: c.agreed.join(' + ') || 'none',
      score: c.textScore,
    }))
  }

  if (!link && !options.shadow) {
    const snapshot = found ? await tracker.get(found.id) : null
    await db
      .insertInto('ticket_links')
      .values({
        project_id: projectId,
        cluster_key: cluster.key,
        tracker: tracker.kind,
        client_id: found?.id ?? clientId(projectId, cluster.key, 'lineage-0'),
        ticket_id: found?.id ?? null,
        identifier: found?.identifier ?? null,
        url: found?.url ?? null,
        title,
        state: snapshot?.state ?? 'open',
        priority: cluster.priority,
        counts: found ? JSON.stringify({}) : counts,
        route_template: cluster.route ?? null,
        fingerprints: JSON.stringify(cluster.fingerprints),
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['project_id', 'cluster_key']).doNothing())
      .execute()
    link = (await db
      .selectFrom('ticket_links')
      .selectAll()
      .where('project_id', '=', projectId)
      .where('cluster_key', '=', cluster.key)
      .executeTakeFirstOrThrow()) as unknown as LinkRow
  }

  if (!link || link.ticket_id === null) {
    const maybe = possibleDuplicates.length > 0 ? { possibleDuplicates } : {}
    if (options.shadow)
      return { clusterKey: cluster.key, action: 'created', reason: 'shadow: would create', ...maybe }
    const pending = link as LinkRow
    // Same client id as any earlier attempt: the tracker returns that ticket instead of a twin.
    const ref = await tracker.create({
      clientId: pending.client_id,
      title,
      body,
      priority: cluster.priority,
      labels,
    })
    await tracker.attachLink(ref.id, { url, title: `Suture cluster ${cluster.key}` })
    if (possibleDuplicates.length > 0) {
      await tracker.comment(ref.id, {
        clientId: clientId(projectId, cluster.key, 'possible-duplicates', runKey),
        body: possibleDuplicatesComment(possibleDuplicates, runKey),
      })
    }
    await db
      .updateTable('ticket_links')
      .set({
        ticket_id: ref.id,
        identifier: ref.identifier,
        url: ref.url,
        state: 'open',
        ...seen,
        last_action: 'created',
        last_action_at: now,
        created_run: runKey,
        last_run: runKey,
        updated_at: now,
      })
      .where('project_id', '=', projectId)
      .where('cluster_key', '=', cluster.key)
      .execute()
    return { clusterKey: cluster.key, action: 'created', ticket: ref, ...maybe }
  }

  const ticketId = link.ticket_id
  const ref = { id: ticketId, identifier: link.identifier ?? ticketId, url: link.url ?? '' }
  const snapshot = options.shadow ? null : await tracker.get(ticketId)
  const state: TicketState = (snapshot?.state ?? link.state) as TicketState
  const setLink = async (values: Record<string, unknown>, action?: FilingAction) => {
    if (options.shadow) return
    await db
      .updateTable('ticket_links')
      .set({
        ...values,
        ...(action ? { last_action: action, last_action_at: now, last_run: runKey } : {}),
        state: (values.state as string | undefined) ?? state,
        updated_at: now,
      })
      .where('project_id', '=', projectId)
      .where('cluster_key', '=', cluster.key)
      .execute()
  }

  if (state === 'cancelled' || state === 'duplicate') {
    await setLink({})
    return {
      clusterKey: cluster.key,
      action: 'respected',
      ticket: ref,
      reason: `${state} in ${tracker.kind}`,
    }
  }

  if (state === 'done') {
    if (link.fix_release !== null && link.validation === 'pending') {
      await setLink({})
      return {
        clusterKey: cluster.key,
        action: 'validating',
        ticket: ref,
        reason: `fix release ${link.fix_release}`,
      }
    }
    const closedAt = snapshot?.closedAt ?? null
    if (closedAt === null || Date.parse(cluster.lastSeen) <= Date.parse(closedAt)) {
      await setLink({})
      return { clusterKey: cluster.key, action: 'unchanged', ticket: ref, reason: 'done, no signal since' }
    }
    if (!options.shadow) {
      await tracker.reopen(ticketId)
      await tracker.update(ticketId, { body, addLabels: [...labels, LABELS.regressed] })
      await tracker.comment(ticketId, {
        clientId: clientId(projectId, cluster.key, 'reopen', runKey),
        body: [
          `**Suture, ${runKey}:** reopened — the signal came back after this was closed.`,
          '',
          `- ${cluster.counts.signals} signals from ${cluster.counts.users} users since, last seen ${cluster.lastSeen}`,
        ].join('\n'),
      })
      await setLink(
        {
          state: 'open',
          reopen_count: link.reopen_count + 1,
          counts,
          ...seen,
          fingerprints: JSON.stringify(cluster.fingerprints),
        },
        'reopened',
      )
    }
    return { clusterKey: cluster.key, action: 'reopened', ticket: ref }
  }

  // jsonb does not keep key order, so compare field by field.
  const changed = Object.entries(cluster.counts).some(([name, value]) => link.counts[name] !== value)
  if (!changed) return { clusterKey: cluster.key, action: 'unchanged', ticket: ref, reason: 'same counts' }
  if (!options.shadow) {
    // A person may have re-prioritised; only ever raise urgency (lower number), never lower it.
    const current = snapshot?.priority ?? link.priority
    const priority = current === 0 || cluster.priority < current ? cluster.priority : undefined
    await tracker.update(ticketId, {
      body,
      addLabels: labels,
      ...(priority !== undefined ? { priority } : {}),
    })
    await tracker.comment(ticketId, {
      clientId: clientId(projectId, cluster.key, 'counts', runKey),
      body: countsComment(cluster, link.counts, runKey, history),
    })
    await setLink(
      {
        counts,
        ...seen,
        priority: priority ?? current,
        fingerprints: JSON.stringify(cluster.fingerprints),
      },
      'updated',
    )
  }
  return { clusterKey: cluster.key, action: 'updated', ticket: ref }
}

const LINK_COLUMNS = [
  'cluster_key',
  'client_id',
  'ticket_id',
  'identifier',
  'url',
  'state',
  'fix_release',
  'validation',
  'fixed_at',
  'reopen_count',
  'counts',
  'priority',
] as const

/**
 * The ticket another path already opened for the same problem: the spike check keys a cluster by its
 * fingerprint (`fp:<fp>`) before any triage ran, triage by its cluster key. A link that shares a
 * fingerprint with this cluster, under a spike key, is the same problem: one problem, one ticket.
 */
async function twinLink(
  db: Kysely<Database>,
  projectId: string,
  cluster: TicketableCluster,
): Promise<LinkRow | undefined> {
  if (cluster.fingerprints.length === 0 || cluster.key.startsWith('fp:')) return undefined
  return (await db
    .selectFrom('ticket_links')
    .select([...LINK_COLUMNS])
    .where('project_id', '=', projectId)
    .where('cluster_key', 'like', 'fp:%')
    .where((eb) =>
      eb.or(cluster.fingerprints.map((fp) => sql<boolean>`fingerprints @> ${JSON.stringify([fp])}::jsonb`)),
    )
    .orderBy('created_at')
    .executeTakeFirst()) as LinkRow | undefined
}

/** Moves a spike-keyed ticket (and what hangs off it) to the triage cluster's key, in one transaction. */
async function rekey(db: Kysely<Database>, projectId: string, from: string, to: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('ticket_links')
      .set({ cluster_key: to })
      .where('project_id', '=', projectId)
      .where('cluster_key', '=', from)
      .execute()
    for (const table of [
      'spike_firings',
      'ticket_validations',
      'fix_attempts',
      'ticket_outcomes',
      'route_quarantine',
    ] as const) {
      await tx
        .updateTable(table)
        .set({ cluster_key: to })
        .where('project_id', '=', projectId)
        .where('cluster_key', '=', from)
        .execute()
    }
  })
}

function possibleDuplicatesComment(candidates: readonly PossibleDuplicate[], runKey: string): string {
  return [
    `**Suture, ${runKey}:** before filing this, Suture found open issues that may be the same problem; only one signal agreed, so it did not link them:`,
    '',
    ...candidates.map(
      (c) => `- ${c.identifier} (${c.url}) — ${c.signal} agreed (text ${c.score.toFixed(2)})`,
    ),
    '',
    'If one of them is this problem, mark this ticket a duplicate of it: Suture then updates that one.',
  ].join('\n')
}

function linkedComment(cluster: TicketableCluster, candidate: FiledIssueCandidate, runKey: string): string {
  const c = cluster.counts
  return [
    `**Suture, ${runKey}:** this is the problem Suture sees as cluster \`${cluster.key}\` (${candidate.agreed.join(' + ')} agreed), so it links it here instead of filing its own ticket.`,
    '',
    `- ${plural(c.users, 'user')}, ${plural(c.sessions, 'session')}, ${plural(c.workspaces, 'workspace')}; ${plural(c.signals, 'signal')} from ${cluster.firstSeen} to ${cluster.lastSeen}`,
    ...(cluster.route ? [`- Route \`${cluster.route}\``] : []),
    '',
    'Suture comments here when the counts change and reopens it if the problem returns after it is closed.',
  ].join('\n')
}

/**
 * Links a cluster to an open issue people filed: the mapping row (written first, so a rerun finds it),
 * the cluster URL on the issue, one comment per run. The issue's title, body, labels and priority are a
 * person's and stay as they are.
 */
async function linkFiledIssue(
  options: FileTicketsOptions,
  cluster: TicketableCluster,
  candidate: FiledIssueCandidate,
  context: {
    url: string
    counts: string
    seen: { seen_total: number; seen_since: string; confidence: string | null }
    now: Date
  },
): Promise<FilingEntry> {
  const { db, projectId, tracker, runKey } = options
  const ticket = candidate.ticket
  const ref = { id: ticket.id, identifier: ticket.identifier, url: ticket.url }
  const reason = `${candidate.agreed.join(' + ')} agreed with ${ticket.identifier}, filed by people`
  if (options.shadow) return { clusterKey: cluster.key, action: 'linked', ticket: ref, reason }
  await db
    .insertInto('ticket_links')
    .values({
      project_id: projectId,
      cluster_key: cluster.key,
      tracker: tracker.kind,
      client_id: ticket.id,
      ticket_id: ticket.id,
      identifier: ticket.identifier,
      url: ticket.url,
      title: ticket.title,
      state: 'open',
      priority: cluster.priority,
      counts: context.counts,
      route_template: cluster.route ?? null,
      fingerprints: JSON.stringify(cluster.fingerprints),
      ...context.seen,
      last_action: 'linked',
      last_action_at: context.now,
      last_run: runKey,
      created_at: context.now,
      updated_at: context.now,
    })
    .onConflict((oc) => oc.columns(['project_id', 'cluster_key']).doNothing())
    .execute()
  await tracker.attachLink(ticket.id, { url: context.url, title: `Suture cluster ${cluster.key}` })
  await tracker.comment(ticket.id, {
    clientId: clientId(projectId, cluster.key, 'linked', runKey),
    body: linkedComment(cluster, candidate, runKey),
  })
  return { clusterKey: cluster.key, action: 'linked', ticket: ref, reason }
}
