import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import { LABELS } from '../tickets/file-tickets.js'
import { clientId } from '../trackers/client-id.js'
import type { Tracker } from '../trackers/tracker.js'

/** What a revert proposer gets: the release to undo and, when known, the fix PR and its commit. */
export interface RevertRequest {
  readonly projectId: string
  readonly clusterKey: string
  readonly ticket: {
    readonly id: string
    readonly identifier: string | null
    readonly url: string | null
  } | null
  readonly release: string
  /** The deploy marker's commit for `release`, when CI sent one. */
  readonly releaseCommit: string | null
  /** The merged fix's pull request (Suture's fixer or an external one reported through `/v1/fixes`). */
  readonly fixPullRequest: { readonly url: string; readonly headCommit: string | null }
  readonly reason: string
  readonly evidence: string
}

export interface RevertProposal {
  readonly url: string
  /** False when an earlier run had opened it already. */
  readonly created: boolean
}

/**
 * Opens a draft revert pull request. pm-agent does not know GitHub; `@suture/fixer` implements this
 * (`GitHubRevertProposer`) and the service wires it in. Must be idempotent per fix PR.
 */
export interface RevertProposer {
  proposeRevert(request: RevertRequest): Promise<RevertProposal>
}

export type StopTrigger = 'andon' | 'escalated'
export type StopActionKind = 'unlabel' | 'revert' | 'webhook'

export interface StopActionResult {
  readonly clusterKey: string
  readonly release: string
  readonly action: StopActionKind
  readonly status: 'done' | 'failed' | 'already-done'
  readonly detail: string
}

export interface StopActionOptions {
  readonly db: Kysely<Database>
  readonly projectId: string
  readonly tracker: Tracker
  readonly now: Date
  /** Slack-compatible incoming webhook (the spike webhook). */
  readonly webhookUrl?: string | undefined
  readonly fetch?: typeof fetch | undefined
  readonly revertProposer?: RevertProposer | undefined
  /** For links in the webhook message. */
  readonly clusterUrl?: ((clusterKey: string) => string) | undefined
}

/** The plain label triage adds beside pm-agent's own: both mean "a fixer may take this". */
const AUTO_FIXABLE_LABELS = [LABELS.autoFixable, 'auto-fixable']

interface StoppedLink {
  readonly cluster_key: string
  readonly ticket_id: string | null
  readonly identifier: string | null
  readonly url: string | null
  readonly title: string
  readonly route_template: string | null
  readonly fix_release: string | null
  readonly validation: string | null
}

/**
 * The andon cord's and an escalation's consequences, for every lineage whose validation stopped there:
 * the ticket loses `auto-fixable` (the fixer's queue), a revert is proposed (a draft revert PR when the
 * fix PR is known, else a ticket comment naming the release and its commit), and the spike webhook
 * hears about it. An escalation proposes a revert only when attempts did not move the signal (a lineage
 * stopped for its budget, or for lack of data, keeps its change). Each action is a row in
 * `validation_actions`: a rerun skips what is done and retries what failed, so nothing is dropped.
 */
export async function actOnStoppedLineages(options: StopActionOptions): Promise<StopActionResult[]> {
  const { db, projectId } = options
  const links: StoppedLink[] = await db
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
    ])
    .where('project_id', '=', projectId)
    .where('validation', 'in', ['andon', 'escalated'])
    .where('fix_release', 'is not', null)
    .execute()
  const results: StopActionResult[] = []
  for (const link of links) {
    const release = link.fix_release ?? ''
    const trigger: StopTrigger = link.validation === 'andon' ? 'andon' : 'escalated'
    const done = new Set(
      (
        await db
          .selectFrom('validation_actions')
          .select('action')
          .where('project_id', '=', projectId)
          .where('cluster_key', '=', link.cluster_key)
          .where('release', '=', release)
          .where('status', '=', 'done')
          .execute()
      ).map((r) => r.action),
    )
    const plan: [StopActionKind, () => Promise<string>][] = [
      ['unlabel', () => unlabel(options, link)],
      ['webhook', () => callWebhook(options, link, trigger, release)],
    ]
    if (trigger === 'andon' || (await attemptsFailed(db, projectId, link.cluster_key, release))) {
      plan.splice(1, 0, ['revert', () => proposeRevert(options, link, trigger, release)])
    }
    for (const [action, run] of plan) {
      if (done.has(action)) {
        results.push({ clusterKey: link.cluster_key, release, action, status: 'already-done', detail: '' })
        continue
      }
      let status: 'done' | 'failed'
      let detail: string
      try {
        detail = await run()
        status = 'done'
      } catch (error: unknown) {
        status = 'failed'
        detail = error instanceof Error ? error.message : String(error)
      }
      await db
        .insertInto('validation_actions')
        .values({
          project_id: projectId,
          cluster_key: link.cluster_key,
          release,
          action,
          trigger,
          status,
          detail: detail.slice(0, 2_000),
          acted_at: options.now,
        })
        .onConflict((oc) =>
          oc.columns(['project_id', 'cluster_key', 'release', 'action']).doUpdateSet((eb) => ({
            status: eb.ref('excluded.status'),
            detail: eb.ref('excluded.detail'),
            acted_at: eb.ref('excluded.acted_at'),
            attempts: eb(eb.ref('validation_actions.attempts'), '+', 1),
          })),
        )
        .execute()
      results.push({ clusterKey: link.cluster_key, release, action, status, detail })
    }
  }
  return results
}

async function unlabel(options: StopActionOptions, link: StoppedLink): Promise<string> {
  if (!link.ticket_id) return 'no ticket'
  await options.tracker.update(link.ticket_id, { removeLabels: AUTO_FIXABLE_LABELS })
  return `removed ${AUTO_FIXABLE_LABELS.join(', ')}`
}

/** An escalation reverts only a change that was validated as not working (not one stopped for budget). */
async function attemptsFailed(
  db: Kysely<Database>,
  projectId: string,
  clusterKey: string,
  release: string,
): Promise<boolean> {
  const last = await db
    .selectFrom('ticket_validations')
    .select('verdict')
    .where('project_id', '=', projectId)
    .where('cluster_key', '=', clusterKey)
    .where('release', '=', release)
    .orderBy('evaluated_on', 'desc')
    .executeTakeFirst()
  return last?.verdict === 'unchanged' || last?.verdict === 'improved'
}

async function proposeRevert(
  options: StopActionOptions,
  link: StoppedLink,
  trigger: StopTrigger,
  release: string,
): Promise<string> {
  const { db, projectId } = options
  const deploy = await db
    .selectFrom('deploys')
    .select('commit_sha')
    .where('project_id', '=', projectId)
    .where('release', '=', release)
    .where('commit_sha', 'is not', null)
    .orderBy('deployed_at', 'desc')
    .executeTakeFirst()
  const releaseCommit = deploy?.commit_sha ?? null
  const fixPr = await db
    .selectFrom('fix_runs')
    .leftJoin('fix_reviews', 'fix_reviews.run_id', 'fix_runs.run_id')
    .select(['fix_runs.proposal_url', 'fix_runs.head_commit'])
    .where('fix_runs.project_id', '=', projectId)
    .where('fix_runs.cluster_key', '=', link.cluster_key)
    .where('fix_runs.proposal_url', 'is not', null)
    .where((eb) =>
      eb.or([eb('fix_runs.review_outcome', '=', 'merged'), eb('fix_reviews.decision', '=', 'merged')]),
    )
    .orderBy('fix_runs.finished_at', 'desc')
    .executeTakeFirst()
  const validation = await db
    .selectFrom('ticket_validations')
    .select('evidence')
    .where('project_id', '=', projectId)
    .where('cluster_key', '=', link.cluster_key)
    .where('release', '=', release)
    .orderBy('evaluated_on', 'desc')
    .executeTakeFirst()
  const reason =
    trigger === 'andon'
      ? `the failure rate rose significantly after release ${release}`
      : `attempts in release ${release} did not bring the signal back`
  const ticket = link.ticket_id ? { id: link.ticket_id, identifier: link.identifier, url: link.url } : null
  if (fixPr?.proposal_url && options.revertProposer) {
    const proposal = await options.revertProposer.proposeRevert({
      projectId,
      clusterKey: link.cluster_key,
      ticket,
      release,
      releaseCommit,
      fixPullRequest: { url: fixPr.proposal_url, headCommit: fixPr.head_commit },
      reason,
      evidence: validation?.evidence ?? '',
    })
    if (ticket) {
      await options.tracker.comment(ticket.id, {
        clientId: clientId(projectId, link.cluster_key, 'revert', release),
        body: `**Suture: revert proposed.** Draft pull request ${proposal.url} reverts ${fixPr.proposal_url} because ${reason}. A person reviews and merges it; nothing is reverted automatically.`,
      })
    }
    return proposal.url
  }
  if (!ticket) return 'no fix PR known and no ticket to comment on'
  const what = releaseCommit ? `release ${release} (commit ${releaseCommit})` : `release ${release}`
  await options.tracker.comment(ticket.id, {
    clientId: clientId(projectId, link.cluster_key, 'revert', release),
    body: [
      `**Suture: revert proposed — ${what}.** ${reason[0]?.toUpperCase()}${reason.slice(1)}.`,
      '',
      releaseCommit
        ? `No fix pull request is known to Suture; to undo it: \`git revert ${releaseCommit}\` and deploy.`
        : 'No fix pull request or commit is known to Suture (send `commit` with the deploy marker next time); revert the change that shipped in this release.',
    ].join('\n'),
  })
  return `comment on ${link.identifier ?? ticket.id} naming ${what}`
}

async function callWebhook(
  options: StopActionOptions,
  link: StoppedLink,
  trigger: StopTrigger,
  release: string,
): Promise<string> {
  if (!options.webhookUrl) return 'no webhook configured'
  const what =
    trigger === 'andon'
      ? `Andon cord pulled: release ${release} made "${link.title}" worse`
      : `Escalated to a person: fixes for "${link.title}" stopped (release ${release})`
  const ticket = link.url ? `<${link.url}|${link.identifier ?? 'ticket'}>` : 'no ticket'
  const route = link.route_template ? ` on ${link.route_template}` : ''
  const text = `:rotating_light: ${what}${route}. Auto-fixing ${trigger === 'andon' && link.route_template ? 'of the route is quarantined' : 'of this ticket stopped'}; ${ticket}.`
  const response = await (options.fetch ?? fetch)(options.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text } },
        ...(options.clusterUrl
          ? [
              {
                type: 'context',
                elements: [{ type: 'mrkdwn', text: `<${options.clusterUrl(link.cluster_key)}|cluster>` }],
              },
            ]
          : []),
      ],
    }),
  })
  if (!response.ok) throw new Error(`the webhook answered ${response.status}; retried on the next run`)
  return `sent (${response.status})`
}
