import { type Envelope, parseEnvelope, sourceFrames } from '@suture/envelope'
import type { Database } from '@suture/store'
import { type Kysely, sql } from 'kysely'
import { inEnvironments } from '../environments/environments.js'
import { isShadow } from '../shadow/go-live.js'
import { withConfidence } from '../tickets/confidence.js'
import { type FilingEntry, fileTickets } from '../tickets/file-tickets.js'
import type { TicketableCluster } from '../tickets/ticketable-cluster.js'
import type { Tracker } from '../trackers/tracker.js'
import { DEFAULT_SPIKE_CONFIG, type SpikeConfig, type SpikeRule } from './rules.js'

const MINUTE = 60_000

export interface SpikeHit {
  readonly rule: string
  readonly fingerprint: string
  readonly count: number
  readonly users: number
  readonly release?: string | undefined
}

export interface SpikeFiring extends SpikeHit {
  readonly clusterKey: string
  readonly filing: FilingEntry | null
  readonly webhook: 'sent' | 'failed' | 'not-configured'
}

export interface CheckSpikesOptions {
  readonly db: Kysely<Database>
  readonly projectId: string
  readonly now: Date
  readonly config?: SpikeConfig | undefined
  readonly tracker: Tracker
  readonly clusterUrl: (clusterKey: string) => string
  /** Slack-compatible incoming webhook. */
  readonly webhookUrl?: string | undefined
  /**
   * File nothing (shadow mode): the webhook still says what happened. Default: shadow until a person
   * takes the project live (`goLive`), as for the weekly run.
   */
  readonly shadow?: boolean | undefined
  readonly fetch?: typeof fetch | undefined
  /** Only envelopes of these environments fire (default production). */
  readonly environments?: readonly string[] | undefined
}

async function burstHits(
  db: Kysely<Database>,
  projectId: string,
  now: Date,
  rule: Extract<SpikeRule, { kind: 'burst' }>,
  environments: readonly string[] | undefined,
) {
  const rows = await db
    .selectFrom('envelopes')
    .select([
      'fingerprint',
      (eb) => eb.fn.countAll<string>().as('n'),
      sql<string>`count(distinct coalesce(actor_hash, session_id))`.as('users'),
    ])
    .where('project_id', '=', projectId)
    .where('kind', '=', 'error')
    .where('fingerprint', 'is not', null)
    .where(inEnvironments(environments))
    .where('occurred_at', '>', new Date(now.getTime() - rule.windowMinutes * MINUTE))
    .where('occurred_at', '<=', now)
    .groupBy('fingerprint')
    .having((eb) => eb.fn.countAll(), '>', rule.moreThan)
    .execute()
  return rows
    .filter((r) => Number(r.users) >= rule.minUsers)
    .map(
      (r): SpikeHit => ({
        rule: rule.name,
        fingerprint: r.fingerprint ?? '',
        count: Number(r.n),
        users: Number(r.users),
      }),
    )
}

async function newAfterReleaseHits(
  db: Kysely<Database>,
  projectId: string,
  now: Date,
  rule: Extract<SpikeRule, { kind: 'new-after-release' }>,
  environments: readonly string[] | undefined,
) {
  const since = new Date(now.getTime() - rule.windowMinutes * MINUTE)
  // A release is new when its deploy (or, without deploy markers, its first envelope) is recent.
  const deploys = await db
    .selectFrom('deploys')
    .select(['release', 'deployed_at'])
    .where('project_id', '=', projectId)
    .where('deployed_at', '>', since)
    .where('deployed_at', '<=', now)
    .execute()
  const firstSeen = await db
    .selectFrom('envelopes')
    .select(['release', (eb) => eb.fn.min('occurred_at').as('first')])
    .where('project_id', '=', projectId)
    .where('release', 'is not', null)
    .where(inEnvironments(environments))
    .groupBy('release')
    .having((eb) => eb.fn.min('occurred_at'), '>', since)
    .execute()
  const releases = new Map<string, Date>()
  for (const d of deploys) releases.set(d.release, new Date(d.deployed_at))
  for (const f of firstSeen)
    if (f.release && !releases.has(f.release)) releases.set(f.release, new Date(f.first as Date))
  const hits: SpikeHit[] = []
  for (const [release, at] of releases) {
    const rows = await db
      .selectFrom('envelopes as e')
      .select([
        'e.fingerprint',
        (eb) => eb.fn.countAll<string>().as('n'),
        sql<string>`count(distinct coalesce(e.actor_hash, e.session_id))`.as('users'),
      ])
      .where('e.project_id', '=', projectId)
      .where('e.kind', '=', 'error')
      .where('e.fingerprint', 'is not', null)
      .where(inEnvironments(environments, 'e.environment'))
      .where('e.occurred_at', '>=', at)
      .where('e.occurred_at', '<=', now)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('envelopes as p')
              .select(sql`1`.as('one'))
              .whereRef('p.project_id', '=', 'e.project_id')
              .whereRef('p.fingerprint', '=', 'e.fingerprint')
              .where(inEnvironments(environments, 'p.environment'))
              .where('p.occurred_at', '<', at),
          ),
        ),
      )
      .groupBy('e.fingerprint')
      .execute()
    for (const r of rows) {
      hits.push({
        rule: rule.name,
        fingerprint: r.fingerprint ?? '',
        count: Number(r.n),
        users: Number(r.users),
        release,
      })
    }
  }
  return hits
}

/** The ticket cluster a fingerprint belongs to: an existing mapping that lists it, else its own key. */
async function clusterKeyFor(db: Kysely<Database>, projectId: string, fingerprint: string): Promise<string> {
  const row = await db
    .selectFrom('ticket_links')
    .select('cluster_key')
    .where('project_id', '=', projectId)
    .where(sql<boolean>`fingerprints @> ${JSON.stringify([fingerprint])}::jsonb`)
    .orderBy('created_at')
    .executeTakeFirst()
  return row?.cluster_key ?? `fp:${fingerprint}`
}

/** A ticketable cluster built from the fingerprint's last week of envelopes (the spike path skips triage). */
async function clusterFromEnvelopes(
  db: Kysely<Database>,
  projectId: string,
  key: string,
  fingerprint: string,
  now: Date,
  environments: readonly string[] | undefined,
): Promise<TicketableCluster> {
  const from = new Date(now.getTime() - 7 * 24 * 60 * MINUTE)
  const stats = await db
    .selectFrom('envelopes')
    .select([
      (eb) => eb.fn.countAll<string>().as('signals'),
      sql<string>`count(distinct coalesce(actor_hash, session_id))`.as('users'),
      sql<string>`count(distinct session_id)`.as('sessions'),
      sql<string>`count(distinct workspace_id)`.as('workspaces'),
      (eb) => eb.fn.min('occurred_at').as('first'),
      (eb) => eb.fn.max('occurred_at').as('last'),
    ])
    .where('project_id', '=', projectId)
    .where('fingerprint', '=', fingerprint)
    .where(inEnvironments(environments))
    .where('occurred_at', '>=', from)
    .where('occurred_at', '<=', now)
    .executeTakeFirstOrThrow()
  const latest = await db
    .selectFrom('envelopes')
    .select(['body', 'route_template', 'release', 'error_type', 'message', 'session_id'])
    .where('project_id', '=', projectId)
    .where('fingerprint', '=', fingerprint)
    .where(inEnvironments(environments))
    .where('occurred_at', '<=', now)
    .orderBy('occurred_at', 'desc')
    .limit(3)
    .execute()
  const samples = latest
    .map((r) => parseEnvelope(r.body))
    .filter((r): r is { ok: true; value: Envelope } => r.ok)
    .map((r) => r.value)
  const top = samples[0]
  const head = latest[0]
  const errorType = head?.error_type ?? (top?.kind === 'error' ? top.error.type : undefined)
  const message = head?.message ?? (top?.kind === 'error' ? top.error.message : undefined)
  return {
    key,
    title: `${errorType ?? 'Error'}: ${message ?? fingerprint}`,
    kind: 'bug',
    decision: 'ticket',
    priority: 2,
    labels: ['suture:spike'],
    // Not triaged yet: a spike ticket is never handed to a fixer until the weekly triage says it is safe.
    autoFixable: false,
    route: head?.route_template,
    boundary: top?.boundary,
    attempting: top?.attempting,
    errorType,
    message,
    fingerprints: [fingerprint],
    frames: top?.kind === 'error' ? sourceFrames(top.error.frames) : undefined,
    breadcrumbs: top?.breadcrumbs,
    flags: top?.flags,
    releases: [...new Set(latest.map((r) => r.release).filter((r): r is string => r !== null))],
    counts: {
      signals: Number(stats.signals),
      users: Number(stats.users),
      sessions: Number(stats.sessions),
      workspaces: Number(stats.workspaces),
    },
    firstSeen: new Date(stats.first ?? now).toISOString(),
    lastSeen: new Date(stats.last ?? now).toISOString(),
    samples,
    sampleSessionIds: latest.map((r) => r.session_id).filter((s): s is string => s !== null),
  }
}

/** Slack incoming-webhook JSON (`text` for notifications, `blocks` for the message). */
export function slackPayload(
  hit: SpikeHit,
  cluster: TicketableCluster,
  ticket: FilingEntry['ticket'],
): Record<string, unknown> {
  const what =
    hit.release !== undefined
      ? `new error right after release ${hit.release}`
      : `${hit.count} errors from ${hit.users} users in the last minutes`
  const text = `:rotating_light: Spike (${hit.rule}): ${cluster.title} — ${what}${cluster.route ? ` on ${cluster.route}` : ''}`
  const link = ticket?.url ? `<${ticket.url}|${ticket.identifier}>` : 'no ticket filed (shadow mode)'
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `*Spike: ${cluster.title.replace(/[*_~<>&]/g, ' ')}*\n${what}` },
      },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: `fingerprint \`${hit.fingerprint}\`` },
          { type: 'mrkdwn', text: `ticket ${link}` },
        ],
      },
    ],
  }
}

/**
 * Evaluates the spike rules for one project at `now`. A rule that fires for a cluster is recorded in
 * `spike_firings` (a partial unique index is the silencer) and does not fire again for that cluster
 * until the firing resolves: `resolveAfterMinutes` without any event. Each firing files or updates the
 * cluster's ticket through the weekly run's idempotent path and posts to the webhook.
 */
export async function checkSpikes(options: CheckSpikesOptions): Promise<SpikeFiring[]> {
  const { db, projectId, now } = options
  const config = options.config ?? DEFAULT_SPIKE_CONFIG
  const post = options.fetch ?? fetch
  const shadow = options.shadow ?? (await isShadow(db, projectId))

  // Resolve quiet firings first, so a burst that returns after a quiet hour fires again.
  const open = await db
    .selectFrom('spike_firings')
    .select(['id', 'cluster_key', 'payload'])
    .where('project_id', '=', projectId)
    .where('resolved_at', 'is', null)
    .execute()
  for (const firing of open) {
    const fingerprint = String(firing.payload.fingerprint ?? '')
    const recent = await db
      .selectFrom('envelopes')
      .select('id')
      .where('project_id', '=', projectId)
      .where('fingerprint', '=', fingerprint)
      .where(inEnvironments(options.environments))
      .where('occurred_at', '>', new Date(now.getTime() - config.resolveAfterMinutes * MINUTE))
      .where('occurred_at', '<=', now)
      .limit(1)
      .executeTakeFirst()
    if (!recent)
      await db.updateTable('spike_firings').set({ resolved_at: now }).where('id', '=', firing.id).execute()
  }

  const hits: SpikeHit[] = []
  for (const rule of config.rules) {
    hits.push(
      ...(rule.kind === 'burst'
        ? await burstHits(db, projectId, now, rule, options.environments)
        : await newAfterReleaseHits(db, projectId, now, rule, options.environments)),
    )
  }
  const firings: SpikeFiring[] = []
  for (const hit of hits) {
    const clusterKey = await clusterKeyFor(db, projectId, hit.fingerprint)
    const inserted = await db
      .insertInto('spike_firings')
      .values({
        project_id: projectId,
        rule: hit.rule,
        cluster_key: clusterKey,
        fired_at: now,
        payload: JSON.stringify(hit),
      })
      .onConflict((oc) =>
        oc.columns(['project_id', 'rule', 'cluster_key']).where('resolved_at', 'is', null).doNothing(),
      )
      .returning('id')
      .executeTakeFirst()
    if (!inserted) continue
    const cluster = await withConfidence(
      db,
      projectId,
      await clusterFromEnvelopes(db, projectId, clusterKey, hit.fingerprint, now, options.environments),
    )
    const filing = await fileTickets({
      db,
      projectId,
      tracker: options.tracker,
      clusters: [cluster],
      environments: options.environments,
      runKey: `spike:${hit.rule}:${now.toISOString().slice(0, 16)}`,
      shadow,
      clusterUrl: options.clusterUrl,
      now,
    })
    const entry = filing.entries[0] ?? null
    let webhook: SpikeFiring['webhook'] = 'not-configured'
    if (options.webhookUrl) {
      try {
        const response = await post(options.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(slackPayload(hit, cluster, entry?.ticket)),
        })
        webhook = response.ok ? 'sent' : 'failed'
      } catch {
        webhook = 'failed'
      }
    }
    firings.push({ ...hit, clusterKey, filing: entry, webhook })
  }
  return firings
}
