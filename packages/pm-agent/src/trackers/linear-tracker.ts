import { type LinearClient, LinearError, LinearErrorType } from '@linear/sdk'
import type { NewTicket, TicketPatch, TicketRef, TicketSnapshot, TicketState, Tracker } from './tracker.js'

export interface RetryPolicy {
  readonly attempts: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
}

export const DEFAULT_LINEAR_RETRY: RetryPolicy = { attempts: 6, baseDelayMs: 500, maxDelayMs: 30_000 }

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

function isRetryable(error: unknown): boolean {
  return error instanceof LinearError && error.type !== undefined && RETRYABLE.has(error.type)
}

function isNotFound(error: unknown): boolean {
  return (
    error instanceof LinearError &&
    error.type === LinearErrorType.InvalidInput &&
    /not found/i.test(error.message)
  )
}

function isAlreadyExists(error: unknown): boolean {
  return (
    error instanceof LinearError &&
    error.type === LinearErrorType.InvalidInput &&
    /already exists/i.test(error.message)
  )
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
 * Tickets in Linear through the official SDK. Rate limits (429 / RATELIMITED) and server errors are
 * retried with exponential backoff that honours `Retry-After`; creates and comments use client-chosen
 * UUIDs so a retry after an ambiguous failure never makes a twin.
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

  constructor(options: {
    client: LinearClient
    teamId: string
    retry?: Partial<RetryPolicy>
    sleep?: (ms: number) => Promise<void>
  }) {
    this.client = options.client
    this.teamId = options.teamId
    this.retry = { ...DEFAULT_LINEAR_RETRY, ...options.retry }
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)))
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
        const retryAfter =
          error instanceof LinearError && 'retryAfter' in error && typeof error.retryAfter === 'number'
            ? error.retryAfter * 1000
            : 0
        await this.sleep(
          Math.min(this.retry.maxDelayMs, Math.max(backoff * (0.5 + Math.random() / 2), retryAfter)),
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
    const byName = new Map<string, string>()
    const byId = new Map<string, string>()
    let after: string | undefined
    for (;;) {
      const cursor = after
      const page = await this.call('issueLabels', () =>
        this.client.issueLabels({ first: 50, ...(cursor ? { after: cursor } : {}) }),
      )
      for (const label of page.nodes) {
        byId.set(label.id, label.name)
        // A team label wins over a workspace label of the same name.
        if (!byName.has(label.name) || label.teamId === this.teamId) byName.set(label.name, label.id)
      }
      if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break
      after = page.pageInfo.endCursor
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
          id = payload.issueLabelId ?? (await this.reloadLabel(name))
        } catch (error: unknown) {
          // An earlier attempt that failed after being applied (or a concurrent run) made it already.
          if (!(error instanceof LinearError && /duplicate/i.test(error.message))) throw error
          id = await this.reloadLabel(name)
        }
        this.labelIds?.set(name, id)
        this.labelNames?.set(id, name)
      }
      ids.push(id)
    }
    return ids
  }

  private async reloadLabel(name: string): Promise<string> {
    this.labelIds = null
    const id = (await this.loadLabels()).get(name)
    if (!id)
      throw new Error(
        `Linear label '${name}' could not be created or found; check the API key's permissions.`,
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
      if (isAlreadyExists(error)) {
        const existing = await recover()
        if (existing) return existing
      }
      throw error
    }
  }

  async update(id: string, patch: TicketPatch): Promise<void> {
    let labelIds: string[] | undefined
    if (patch.addLabels && patch.addLabels.length > 0) {
      const current = await this.call('issue', () => this.client.issue(id))
      const wanted = await this.resolveLabels(patch.addLabels)
      labelIds = [...new Set([...current.labelIds, ...wanted])]
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
      // An earlier attempt landed: the comment is there, which is what we wanted.
      if (!isAlreadyExists(error)) throw error
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
