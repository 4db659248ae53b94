import { type LinearClient, LinearError, LinearErrorType } from '@linear/sdk'
import type {
  NewTicket,
  OpenTicket,
  TicketPatch,
  TicketRef,
  TicketSnapshot,
  TicketState,
  Tracker,
} from './tracker.js'

export interface RetryPolicy {
  readonly attempts: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
  /**
   * The longest single wait for a rate limit to reset. Linear's reset headers can name a time up to an
   * hour away (its windows are per hour); past this cap the tracker waits the cap and tries again,
   * since Linear's bucket refills continuously.
   */
  readonly maxRateLimitWaitMs: number
}

export const DEFAULT_LINEAR_RETRY: RetryPolicy = {
  attempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRateLimitWaitMs: 5 * 60_000,
}

/** Linear kept failing (rate limit or server errors) after every retry. */
export class LinearUnavailableError extends Error {
  override readonly name = 'LinearUnavailableError'
  constructor(
    readonly operation: string,
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(
      `Linear ${operation} failed after ${attempts} attempts (${cause instanceof Error ? cause.message : String(cause)}). ` +
        'Nothing was lost: rerun the job later; reruns update the same tickets instead of creating twins.',
    )
  }
}

/** The Linear team has no workflow state of a type Suture needs. */
export class LinearWorkflowError extends Error {
  override readonly name = 'LinearWorkflowError'
  constructor(
    readonly teamId: string,
    readonly missing: string,
  ) {
    super(
      `Linear team ${teamId} has no '${missing}' workflow state; add one in the team's workflow settings.`,
    )
  }
}

interface StateInfo {
  readonly id: string
  readonly type: string
  readonly position: number
}

const RETRYABLE = new Set<string>([
  LinearErrorType.Ratelimited,
  LinearErrorType.InternalError,
  LinearErrorType.NetworkError,
  LinearErrorType.LockTimeout,
])

/** The GraphQL errors of the response as Linear sent them, `extensions.code` included. */
function rawErrors(error: LinearError): { extensions?: Record<string, unknown> }[] {
  const errors = error.raw?.response?.errors
  return Array.isArray(errors) ? (errors as { extensions?: Record<string, unknown> }[]) : []
}

/**
 * Linear answers a rate limit with HTTP 400 and `extensions.code: 'RATELIMITED'`
 * (linear.app/developers/rate-limiting); the SDK types it as `Ratelimited` only when the error also
 * carries `extensions.type`, so the code is checked too. A bare 429 (a proxy, or a future change)
 * counts as well.
 */
function isRateLimited(error: unknown): error is LinearError {
  if (!(error instanceof LinearError)) return false
  if (error.type === LinearErrorType.Ratelimited || error.status === 429) return true
  return rawErrors(error).some((e) => e.extensions?.code === 'RATELIMITED')
}

function isRetryable(error: unknown): boolean {
  if (isRateLimited(error)) return true
  return error instanceof LinearError && error.type !== undefined && RETRYABLE.has(error.type)
}

function header(error: LinearError, name: string): number | undefined {
  const value = error.raw?.response?.headers?.get(name)
  if (value === null || value === undefined || value.trim() === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}

/**
 * How long Linear asks us to wait, in ms: `Retry-After` (seconds) when present; otherwise until the
 * reset (UTC epoch milliseconds) of each exhausted budget — requests, complexity, or an endpoint's own
 * limit — or of every budget named when none says it is exhausted.
 */
export function rateLimitWaitMs(error: LinearError, now = Date.now()): number | undefined {
  const retryAfter = header(error, 'retry-after')
  if (retryAfter !== undefined) return Math.max(0, retryAfter * 1000)
  const budgets = ['x-ratelimit-requests', 'x-ratelimit-complexity', 'x-ratelimit-endpoint-requests']
    .map((prefix) => ({
      remaining: header(error, `${prefix}-remaining`),
      reset: header(error, `${prefix}-reset`),
    }))
    .filter((b): b is { remaining: number | undefined; reset: number } => b.reset !== undefined)
  if (budgets.length === 0) return undefined
  const exhausted = budgets.filter((b) => b.remaining !== undefined && b.remaining <= 0)
  const resets = (exhausted.length > 0 ? exhausted : budgets).map((b) => b.reset)
  return Math.max(0, Math.max(...resets) - now)
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof LinearError &&
    error.type === LinearErrorType.InvalidInput &&
    /not found/i.test(error.message)
  )
}

/**
 * A refusal of the input that may mean "this already exists": Linear does not document the wording of
 * a duplicate client id or label name, so callers look the object up instead of reading the message.
 */
function isInputRefusal(error: unknown): error is LinearError {
  return (
    error instanceof LinearError &&
    !isRetryable(error) &&
    (error.type === LinearErrorType.InvalidInput ||
      error.type === LinearErrorType.UserError ||
      error.type === LinearErrorType.GraphqlError ||
      error.type === LinearErrorType.Unknown ||
      error.type === LinearErrorType.Other)
  )
}

/** A label Suture may put on an issue of `teamId`. */
interface LabelInfo {
  readonly id: string
  readonly name: string
  /** null for a workspace label. */
  readonly teamId: string | null
  readonly isGroup: boolean
}

function mapState(type: string): TicketState {
  switch (type) {
    case 'completed':
      return 'done'
    case 'canceled':
      return 'cancelled'
    case 'duplicate':
      return 'duplicate'
    case 'started':
      return 'in-progress'
    default:
      return 'open'
  }
}

/**
 * Tickets in Linear through the official SDK. Rate limits (Linear's HTTP 400 `RATELIMITED`, or a 429)
 * are waited out until the reset its `X-RateLimit-*-Reset` headers name (or `Retry-After`); server
 * errors are retried with exponential backoff. Creates and comments use client-chosen UUIDs, so a retry
 * after an ambiguous failure never makes a twin: when a create is refused, the object is looked up by
 * its id (or a label by name) before the error is believed. Labels are this team's or the workspace's,
 * never another team's and never a label group, as Linear only accepts those on the team's issues.
 *
 * @example
 * const tracker = new LinearTracker({ client: new LinearClient({ apiKey }), teamId })
 */
export class LinearTracker implements Tracker {
  readonly kind = 'linear' as const
  private readonly client: LinearClient
  private readonly teamId: string
  private readonly retry: RetryPolicy
  private readonly sleep: (ms: number) => Promise<void>
  private states: StateInfo[] | null = null
  private labelIds: Map<string, string> | null = null
  private labelNames: Map<string, string> | null = null
  private readonly now: () => number

  constructor(options: {
    client: LinearClient
    teamId: string
    retry?: Partial<RetryPolicy>
    sleep?: (ms: number) => Promise<void>
    now?: () => number
  }) {
    this.client = options.client
    this.teamId = options.teamId
    this.retry = { ...DEFAULT_LINEAR_RETRY, ...options.retry }
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
    this.now = options.now ?? Date.now
  }

  /**
   * Runs `op`, retrying retryable failures. `recover` runs before each retry: when an earlier attempt
   * may have been applied, it returns the result that attempt produced.
   */
  private async call<T>(name: string, op: () => Promise<T>, recover?: () => Promise<T | null>): Promise<T> {
    let lastError: unknown
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      if (attempt > 1 && recover) {
        const recovered = await recover()
        if (recovered !== null) return recovered
      }
      try {
        return await op()
      } catch (error: unknown) {
        lastError = error
        if (!isRetryable(error)) throw error
        if (attempt === this.retry.attempts) break
        const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1))
        const jittered = backoff * (0.5 + Math.random() / 2)
        const limited = isRateLimited(error) ? rateLimitWaitMs(error, this.now()) : undefined
        // A rate limit is waited out until its reset (plus a little, so the budget has refilled);
        // anything else backs off exponentially.
        await this.sleep(
          limited === undefined
            ? jittered
            : Math.min(this.retry.maxRateLimitWaitMs, limited + Math.random() * this.retry.baseDelayMs),
        )
      }
    }
    throw new LinearUnavailableError(name, this.retry.attempts, lastError)
  }

  private async loadStates(): Promise<StateInfo[]> {
    if (this.states) return this.states
    const states: StateInfo[] = []
    let page = await this.call('workflowStates', () =>
      this.client.workflowStates({ filter: { team: { id: { eq: this.teamId } } }, first: 50 }),
    )
    states.push(...page.nodes.map((s) => ({ id: s.id, type: s.type, position: s.position })))
    while (page.pageInfo.hasNextPage) {
      const after = page.pageInfo.endCursor
      page = await this.call('workflowStates', () =>
        this.client.workflowStates({
          filter: { team: { id: { eq: this.teamId } } },
          first: 50,
          ...(after ? { after } : {}),
        }),
      )
      states.push(...page.nodes.map((s) => ({ id: s.id, type: s.type, position: s.position })))
    }
    this.states = states.sort((a, b) => a.position - b.position)
    return this.states
  }

  private async stateOfType(...types: string[]): Promise<string> {
    const states = await this.loadStates()
    for (const type of types) {
      const state = states.find((s) => s.type === type)
      if (state) return state.id
    }
    throw new LinearWorkflowError(this.teamId, types.join(' or '))
  }

  private async loadLabels(): Promise<Map<string, string>> {
    if (this.labelIds) return this.labelIds
    const usable: LabelInfo[] = []
    const byId = new Map<string, string>()
    let after: string | undefined
    for (;;) {
      const cursor = after
      // Linear lists every team's labels here; the scope is checked on each node below.
      const page = await this.call('issueLabels', () =>
        this.client.issueLabels({ first: 50, ...(cursor ? { after: cursor } : {}) }),
      )
      for (const label of page.nodes) {
        byId.set(label.id, label.name)
        const teamId = label.teamId ?? null
        if (teamId !== null && teamId !== this.teamId) continue
        usable.push({ id: label.id, name: label.name, teamId, isGroup: label.isGroup === true })
      }
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break
      after = page.pageInfo.endCursor
    }
    const byName = new Map<string, string>()
    for (const label of usable) {
      // A label group cannot be put on an issue; a team label wins over a workspace label.
      if (label.isGroup) continue
      if (!byName.has(label.name) || label.teamId === this.teamId) byName.set(label.name, label.id)
    }
    this.labelIds = byName
    this.labelNames = byId
    return byName
  }

  private async resolveLabels(names: readonly string[]): Promise<string[]> {
    const ids: string[] = []
    for (const name of names) {
      let id = (await this.loadLabels()).get(name)
      if (!id) {
        try {
          const payload = await this.call('issueLabelCreate', () =>
            this.client.createIssueLabel({ name, teamId: this.teamId }),
          )
          id = payload.issueLabelId ?? (await this.reloadLabel(name, undefined))
        } catch (error: unknown) {
          // An earlier attempt that failed after being applied (or a concurrent run) made it already;
          // whatever Linear's wording, the label is looked up by name before the error is believed.
          if (!isInputRefusal(error)) throw error
          id = await this.reloadLabel(name, error)
        }
        this.labelIds?.set(name, id)
        this.labelNames?.set(id, name)
      }
      ids.push(id)
    }
    return ids
  }

  private async reloadLabel(name: string, cause: unknown): Promise<string> {
    this.labelIds = null
    const id = (await this.loadLabels()).get(name)
    if (!id)
      throw new Error(
        `Linear label '${name}' could not be created or found in team ${this.teamId} or the workspace` +
          (cause instanceof Error ? ` (${cause.message})` : '') +
          "; check the API key's permissions, or whether a label group or another team's label has that name.",
      )
    return id
  }

  async findByLink(url: string): Promise<TicketRef | null> {
    const attachments = await this.call('attachmentsForURL', () => this.client.attachmentsForURL(url))
    for (const attachment of attachments.nodes) {
      const issueId = attachment.issueId
      if (!issueId) continue
      const issue = await this.get(issueId)
      if (issue) return { id: issue.id, identifier: issue.identifier, url: issue.url }
    }
    return null
  }

  async searchOpen(text: string, limit: number): Promise<OpenTicket[]> {
    // Linear's search takes a term, not a document: the distinctive words of the text, not all of it.
    const term = text.trim().slice(0, 200)
    if (term === '') return []
    const page = await this.call('searchIssues', () =>
      this.client.searchIssues(term, {
        teamId: this.teamId,
        first: limit,
        filter: { state: { type: { nin: ['completed', 'canceled', 'duplicate'] } } },
      }),
    )
    return page.nodes
      .filter((issue) => !issue.trashed)
      .map((issue) => ({
        id: issue.id,
        identifier: issue.identifier,
        url: issue.url,
        title: issue.title,
        description: issue.description ?? '',
      }))
  }

  async get(id: string): Promise<TicketSnapshot | null> {
    let issue: Awaited<ReturnType<LinearClient['issue']>>
    try {
      issue = await this.call('issue', () => this.client.issue(id))
    } catch (error: unknown) {
      if (isNotFound(error)) return null
      throw error
    }
    const states = await this.loadStates()
    const state = states.find((s) => s.id === issue.stateId)
    await this.loadLabels()
    const names = this.labelNames ?? new Map<string, string>()
    return {
      id: issue.id,
      identifier: issue.identifier,
      url: issue.url,
      title: issue.title,
      priority: issue.priority,
      labels: issue.labelIds.map((labelId) => names.get(labelId) ?? labelId),
      state: issue.trashed ? 'cancelled' : mapState(state?.type ?? 'unstarted'),
      closedAt: (issue.completedAt ?? issue.canceledAt)?.toISOString() ?? null,
    }
  }

  async create(ticket: NewTicket): Promise<TicketRef> {
    const labelIds = await this.resolveLabels(ticket.labels)
    const recover = async (): Promise<TicketRef | null> => {
      const existing = await this.get(ticket.clientId)
      return existing ? { id: existing.id, identifier: existing.identifier, url: existing.url } : null
    }
    try {
      return await this.call(
        'issueCreate',
        async () => {
          const payload = await this.client.createIssue({
            id: ticket.clientId,
            teamId: this.teamId,
            title: ticket.title,
            description: ticket.body,
            priority: ticket.priority,
            labelIds,
          })
          const created = await recover()
          if (!payload.success || !created) throw new Error(`Linear did not create issue ${ticket.clientId}`)
          return created
        },
        recover,
      )
    } catch (error: unknown) {
      // A twin's id is refused in words Linear does not document: look the issue up by its id.
      if (isInputRefusal(error)) {
        const existing = await recover()
        if (existing) return existing
      }
      throw error
    }
  }

  async update(id: string, patch: TicketPatch): Promise<void> {
    let labelIds: string[] | undefined
    const adding = patch.addLabels ?? []
    const removing = patch.removeLabels ?? []
    if (adding.length > 0 || removing.length > 0) {
      const current = await this.call('issue', () => this.client.issue(id))
      const wanted = await this.resolveLabels(adding)
      // Removal goes by name: a label that was never created has no id and is simply not on the issue.
      await this.loadLabels()
      const names = this.labelNames ?? new Map<string, string>()
      const unwanted = new Set(removing)
      labelIds = [...new Set([...current.labelIds, ...wanted])].filter(
        (labelId) => !unwanted.has(names.get(labelId) ?? ''),
      )
    }
    await this.call('issueUpdate', () =>
      this.client.updateIssue(id, {
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.body !== undefined ? { description: patch.body } : {}),
        ...(patch.priority !== undefined ? { priority: patch.priority } : {}),
        ...(labelIds ? { labelIds } : {}),
      }),
    )
  }

  async comment(id: string, comment: { readonly clientId: string; readonly body: string }): Promise<void> {
    try {
      await this.call('commentCreate', () =>
        this.client.createComment({ id: comment.clientId, issueId: id, body: comment.body }),
      )
    } catch (error: unknown) {
      // An earlier attempt may have landed: if the comment with this id is there, that is what we wanted.
      if (!isInputRefusal(error) || !(await this.commentExists(comment.clientId))) throw error
    }
  }

  private async commentExists(id: string): Promise<boolean> {
    try {
      await this.call('comment', () => this.client.comment({ id }))
      return true
    } catch (error: unknown) {
      if (isNotFound(error)) return false
      throw error
    }
  }

  async reopen(id: string): Promise<void> {
    const stateId = await this.stateOfType('unstarted', 'backlog', 'triage')
    await this.call('issueUpdate', () => this.client.updateIssue(id, { stateId }))
  }

  async close(id: string): Promise<void> {
    const stateId = await this.stateOfType('completed')
    await this.call('issueUpdate', () => this.client.updateIssue(id, { stateId }))
  }

  async attachLink(id: string, link: { readonly url: string; readonly title: string }): Promise<void> {
    await this.call('attachmentLinkURL', () =>
      this.client.attachmentLinkURL(id, link.url, { title: link.title }),
    )
  }
}
