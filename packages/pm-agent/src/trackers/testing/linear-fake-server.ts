import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type FieldNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql'

/**
 * A local stand-in for Linear's GraphQL API, for tests that drive the real `@linear/sdk`.
 *
 * It parses the documents the SDK sends with the reference `graphql` parser, resolves the handful of
 * root fields Suture uses over an in-memory workspace, and answers with exactly the fields each query
 * selected (fragments included), Relay pagination (`first` / `after`, `pageInfo`) and Linear's error
 * shapes. Where Linear's documentation says how the real API behaves, the fake does the same:
 * - a rate limit is answered as Linear does (linear.app/developers/rate-limiting): HTTP **400** with a
 *   GraphQL error whose `extensions.code` is `RATELIMITED`, `X-RateLimit-Requests-*` and
 *   `X-RateLimit-Complexity-*` headers with the reset as UTC epoch milliseconds, and no `Retry-After`;
 * - labels are scoped like Linear's: `issueLabels` lists every team's labels, workspace labels
 *   (`team: null`) and label groups (`isGroup`), but an issue takes only labels of its own team or the
 *   workspace, never a group, and at most one label of each group;
 * - a create with a client-chosen id or a label name that is taken fails with Linear's generic
 *   validation error, whose wording Linear does not document (clients must not depend on it).
 * Faults can be queued: rate limits, a plain 429 with `Retry-After` (as a proxy might answer), 5xx,
 * and 5xx *after* the mutation was applied — the case that creates twins in a naive client.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type Obj = { [key: string]: Json }

export interface FakeWorkflowState {
  readonly id: string
  readonly name: string
  readonly type: 'triage' | 'backlog' | 'unstarted' | 'started' | 'completed' | 'canceled' | 'duplicate'
  readonly position: number
}

export interface Fault {
  /**
   * 429: Linear's rate limit, answered the way Linear answers it (HTTP 400, `RATELIMITED`, reset
   * headers); 'http-429': a bare HTTP 429 with `Retry-After: 0`; 5xx: an upstream error.
   */
  readonly status: 429 | 'http-429' | 500 | 502 | 503
  /** For 429: when the rate limit resets, in milliseconds from now (default 20). */
  readonly resetInMs?: number
  /** Only requests for this operation name (e.g. `createIssue`); any operation when absent. */
  readonly operation?: string
  /** Apply the mutation first, then fail: the client cannot know it succeeded. */
  readonly afterApply?: boolean
}

export interface FakeRequestLog {
  readonly operation: string
  readonly variables: Obj
  readonly status: number | 'http-429'
}

const DEFAULT_STATES: readonly FakeWorkflowState[] = [
  { id: 'state-triage', name: 'Triage', type: 'triage', position: 0 },
  { id: 'state-backlog', name: 'Backlog', type: 'backlog', position: 1 },
  { id: 'state-todo', name: 'Todo', type: 'unstarted', position: 2 },
  { id: 'state-progress', name: 'In Progress', type: 'started', position: 3 },
  { id: 'state-done', name: 'Done', type: 'completed', position: 4 },
  { id: 'state-canceled', name: 'Canceled', type: 'canceled', position: 5 },
  { id: 'state-duplicate', name: 'Duplicate', type: 'duplicate', position: 6 },
]

class GraphQLFailure extends Error {
  constructor(
    message: string,
    readonly type: string,
    readonly code: string,
  ) {
    super(message)
  }
}

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export class LinearFakeServer {
  readonly apiKey = 'lin_api_fake_key'
  readonly teamId = 'team-1'
  readonly teamKey = 'SUT'
  /** Another team of the same workspace, whose labels `issueLabels` lists too. */
  readonly otherTeamId = 'team-2'
  readonly issues = new Map<string, Obj>()
  readonly comments = new Map<string, Obj>()
  readonly attachments = new Map<string, Obj>()
  readonly labels = new Map<string, Obj>()
  readonly states: readonly FakeWorkflowState[]
  readonly log: FakeRequestLog[] = []
  private readonly faults: Fault[] = []
  private server: Server | null = null
  private issueNumber = 0
  private clock = Date.parse('2026-01-05T09:00:00Z')

  constructor(options: { states?: readonly FakeWorkflowState[]; extraLabels?: number } = {}) {
    this.states = options.states ?? DEFAULT_STATES
    // Enough pre-existing labels to force the SDK through more than one page.
    for (let i = 0; i < (options.extraLabels ?? 60); i++) this.addLabel(`existing-${i}`)
  }

  /** Starts listening on 127.0.0.1 and resolves to the GraphQL endpoint URL. */
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' })
        res.end(
          JSON.stringify({ errors: [{ message: error instanceof Error ? error.message : String(error) }] }),
        )
      })
    })
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve))
    const { port } = this.server.address() as AddressInfo
    return `http://127.0.0.1:${port}/graphql`
  }

  async stop(): Promise<void> {
    const server = this.server
    if (!server) return
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
    this.server = null
  }

  /** Queues faults; each matching request consumes one. */
  inject(...faults: Fault[]): void {
    this.faults.push(...faults)
  }

  /** Operation names of requests that were answered successfully. */
  applied(operation: string): number {
    return this.log.filter((entry) => entry.operation === operation && entry.status === 200).length
  }

  /** A label of `teamId`, or a workspace label when `teamId` is null; `isGroup` makes a label group. */
  addLabel(
    name: string,
    teamId: string | null = this.teamId,
    options: { isGroup?: boolean; parentId?: string } = {},
  ): Obj {
    const id = `label-${this.labels.size + 1}`
    const label: Obj = {
      __typename: 'IssueLabel',
      id,
      name,
      color: '#888888',
      isGroup: options.isGroup === true,
      parent: options.parentId ? { __typename: 'IssueLabel', id: options.parentId } : null,
      team: teamId ? { __typename: 'Team', id: teamId } : null,
      createdAt: this.now(),
      updatedAt: this.now(),
    }
    this.labels.set(id, label)
    return label
  }

  /** Moves an issue to a workflow state by its type, as a person would in Linear's UI. */
  setIssueState(issueId: string, type: FakeWorkflowState['type']): void {
    const issue = this.issues.get(issueId)
    const state = this.states.find((s) => s.type === type)
    if (!issue || !state) throw new Error(`no issue ${issueId} or state ${type}`)
    this.applyState(issue, state.id)
  }

  /** An issue filed by a person in Linear's UI (not through Suture): what the pre-filing search finds. */
  fileIssue(input: { title: string; description?: string; stateType?: FakeWorkflowState['type'] }): Obj {
    const payload = this.issueCreate({
      teamId: this.teamId,
      title: input.title,
      ...(input.description !== undefined ? { description: input.description } : {}),
    })
    const issue = payload.issue as Obj
    if (input.stateType) this.setIssueState(String(issue.id), input.stateType)
    return issue
  }

  issuesWithAttachmentUrl(url: string): Obj[] {
    return [...this.attachments.values()]
      .filter((a) => a.url === url)
      .map((a) => this.issues.get(String((a.issue as Obj).id)))
      .filter(isObj)
  }

  /** Sets the fake's clock (timestamps it writes advance one second per write from here). */
  setNow(iso: string): void {
    this.clock = Date.parse(iso)
  }

  private now(): string {
    this.clock += 1000
    return new Date(this.clock).toISOString()
  }

  private applyState(issue: Obj, stateId: string): void {
    const state = this.states.find((s) => s.id === stateId)
    if (!state)
      throw new GraphQLFailure(`Entity not found: WorkflowState ${stateId}`, 'invalid input', 'INPUT_ERROR')
    issue.state = { __typename: 'WorkflowState', id: state.id }
    issue.completedAt = state.type === 'completed' ? this.now() : null
    issue.canceledAt = state.type === 'canceled' || state.type === 'duplicate' ? this.now() : null
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers })
      res.end(JSON.stringify(body))
    }
    if (req.method !== 'POST' || req.url !== '/graphql') {
      send(404, { errors: [{ message: 'Not found' }] })
      return
    }
    if (req.headers.authorization !== this.apiKey) {
      send(401, {
        errors: [
          {
            message: 'Authentication required, not authenticated',
            extensions: { type: 'authentication error', code: 'AUTHENTICATION_ERROR' },
          },
        ],
      })
      return
    }
    let body: unknown
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch {
      send(400, { errors: [{ message: 'Body is not JSON' }] })
      return
    }
    if (!isObj(body) || typeof body.query !== 'string') {
      send(400, { errors: [{ message: 'GraphQL request must include a "query" string' }] })
      return
    }
    const variables = isObj(body.variables) ? body.variables : {}
    const document = parse(body.query)
    const operation = document.definitions.find(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    )
    if (!operation) {
      send(400, { errors: [{ message: 'No operation in document' }] })
      return
    }
    const operationName = operation.name?.value ?? 'anonymous'
    const fragments = new Map<string, FragmentDefinitionNode>()
    for (const d of document.definitions)
      if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d)

    const faultIndex = this.faults.findIndex(
      (f) => f.operation === undefined || f.operation === operationName,
    )
    const fault = faultIndex >= 0 ? this.faults.splice(faultIndex, 1)[0] : undefined
    const fail = (fault: Fault) => {
      const status = fault.status
      if (status === 429) {
        // Linear: "GraphQL requests over the limit return HTTP 400 with an errors[] entry whose
        // extensions.code is RATELIMITED"; the reset headers are UTC epoch milliseconds.
        this.log.push({ operation: operationName, variables, status: 400 })
        const reset = Date.now() + (fault.resetInMs ?? 20)
        send(
          400,
          {
            errors: [
              {
                message: 'Rate limit exceeded',
                extensions: {
                  code: 'RATELIMITED',
                  statusCode: 429,
                  userError: false,
                  userPresentableMessage: 'Too many requests. Please try again later.',
                },
              },
            ],
          },
          {
            'x-ratelimit-requests-limit': '2500',
            'x-ratelimit-requests-remaining': '0',
            'x-ratelimit-requests-reset': String(reset),
            'x-ratelimit-complexity-limit': '3000000',
            'x-ratelimit-complexity-remaining': '2999000',
            'x-ratelimit-complexity-reset': String(reset),
          },
        )
      } else if (status === 'http-429') {
        this.log.push({ operation: operationName, variables, status })
        send(429, { errors: [{ message: 'Too many requests' }] }, { 'retry-after': '0' })
      } else {
        this.log.push({ operation: operationName, variables, status })
        send(status, `upstream error ${status}`)
      }
    }
    if (fault && !fault.afterApply) {
      fail(fault)
      return
    }
    const data: Obj = {}
    try {
      for (const selection of operation.selectionSet.selections) {
        if (selection.kind !== Kind.FIELD) continue
        const args = this.arguments(selection, variables)
        const value = this.resolveRoot(selection.name.value, args)
        data[selection.alias?.value ?? selection.name.value] = this.project(
          value,
          selection.selectionSet,
          fragments,
        )
      }
    } catch (error: unknown) {
      if (error instanceof GraphQLFailure) {
        this.log.push({ operation: operationName, variables, status: 400 })
        send(400, {
          data: null,
          errors: [
            {
              message: error.message,
              extensions: {
                type: error.type,
                code: error.code,
                userError: true,
                userPresentableMessage: error.message,
              },
            },
          ],
        })
        return
      }
      throw error
    }
    if (fault?.afterApply) {
      fail(fault)
      return
    }
    this.log.push({ operation: operationName, variables, status: 200 })
    send(200, { data })
  }

  private arguments(field: FieldNode, variables: Obj): Obj {
    const args: Obj = {}
    for (const arg of field.arguments ?? []) args[arg.name.value] = literalValue(arg.value, variables)
    return args
  }

  private project(
    value: Json | undefined,
    selectionSet: SelectionSetNode | undefined,
    fragments: Map<string, FragmentDefinitionNode>,
  ): Json {
    if (value === undefined || value === null) return null
    if (!selectionSet) return value
    if (Array.isArray(value)) return value.map((v) => this.project(v, selectionSet, fragments))
    if (!isObj(value)) return null
    const out: Obj = {}
    const visit = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          const name = selection.name.value
          const key = selection.alias?.value ?? name
          out[key] =
            name === '__typename'
              ? (value.__typename ?? null)
              : this.project(value[name], selection.selectionSet, fragments)
        } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const fragment = fragments.get(selection.name.value)
          if (
            fragment &&
            fragment.typeCondition.name.value === (value.__typename ?? fragment.typeCondition.name.value)
          ) {
            visit(fragment.selectionSet)
          }
        } else if (!selection.typeCondition || selection.typeCondition.name.value === value.__typename) {
          visit(selection.selectionSet)
        }
      }
    }
    visit(selectionSet)
    return out
  }

  private resolveRoot(field: string, args: Obj): Json {
    switch (field) {
      case 'issue': {
        const issue = this.issues.get(String(args.id))
        if (!issue) throw new GraphQLFailure('Entity not found: Issue', 'invalid input', 'INPUT_ERROR')
        return issue
      }
      case 'issueCreate':
        return this.issueCreate(isObj(args.input) ? args.input : {})
      case 'issueUpdate':
        return this.issueUpdate(String(args.id), isObj(args.input) ? args.input : {})
      case 'commentCreate':
        return this.commentCreate(isObj(args.input) ? args.input : {})
      case 'comment': {
        const comment = this.comments.get(String(args.id))
        if (!comment) throw new GraphQLFailure('Entity not found: Comment', 'invalid input', 'INPUT_ERROR')
        return comment
      }
      case 'attachmentLinkURL':
        return this.attachmentLinkUrl(args)
      case 'attachmentsForURL':
        return this.connection(
          [...this.attachments.values()].filter(
            (a) => a.url === args.url && (args.includeArchived || !a.archivedAt),
          ),
          args,
          'AttachmentConnection',
        )
      case 'searchIssues':
        return this.searchIssues(args)
      case 'issueLabels':
        return this.connection(
          [...this.labels.values()].filter((l) => matches(l, args.filter)),
          args,
          'IssueLabelConnection',
        )
      case 'issueLabelCreate':
        return this.issueLabelCreate(isObj(args.input) ? args.input : {})
      case 'workflowStates':
        return this.connection(
          this.states
            .map(
              (s): Obj => ({
                __typename: 'WorkflowState',
                id: s.id,
                name: s.name,
                type: s.type,
                position: s.position,
                color: '#000000',
                team: { __typename: 'Team', id: this.teamId },
                createdAt: '2026-01-01T00:00:00.000Z',
                updatedAt: '2026-01-01T00:00:00.000Z',
              }),
            )
            .filter((s) => matches(s, args.filter)),
          args,
          'WorkflowStateConnection',
        )
      default:
        throw new GraphQLFailure(
          `Cannot query field "${field}" on this fake`,
          'graphql error',
          'GRAPHQL_VALIDATION_FAILED',
        )
    }
  }

  /**
   * Linear's full-text issue search (`searchIssues(term, teamId, filter, first, after)`), answered in its
   * `IssueSearchPayload` shape. Linear does not document its ranking; the fake returns the issues whose
   * title or description contains any word of the term, most words first, after `teamId` and `filter`
   * (the workflow state's `type` resolved as Linear's filter does).
   */
  private searchIssues(args: Obj): Obj {
    if (typeof args.term !== 'string')
      throw new GraphQLFailure(
        'Variable "$term" of required type "String!" was not provided.',
        'graphql error',
        'GRAPHQL_VALIDATION_FAILED',
      )
    const words = [...new Set(args.term.toLowerCase().match(/[\p{L}\p{N}_]{2,}/gu) ?? [])]
    const scored = [...this.issues.values()]
      .filter((issue) => args.teamId == null || (issue.team as Obj).id === args.teamId)
      .map((issue) => {
        const stateId = (issue.state as Obj).id
        const state = this.states.find((st) => st.id === stateId)
        const view: Obj = { ...issue, state: { ...(issue.state as Obj), type: state?.type ?? null } }
        const text = `${String(issue.title)}\n${String(issue.description ?? '')}`.toLowerCase()
        return { issue, view, hits: words.filter((w) => text.includes(w)).length }
      })
      .filter((r) => r.hits > 0 && matches(r.view, args.filter))
      .sort((a, b) => b.hits - a.hits || Number(b.issue.number) - Number(a.issue.number))
      .map((r): Obj => ({ ...r.issue, __typename: 'IssueSearchResult', metadata: {}, trashed: null }))
    return {
      ...this.connection(scored, args, 'IssueSearchPayload'),
      totalCount: scored.length,
      archivePayload: {
        __typename: 'ArchiveResponse',
        archive: '',
        totalCount: 0,
        databaseVersion: 0,
        includesDependencies: [],
      },
    }
  }

  private connection(all: Obj[], args: Obj, typename: string): Obj {
    const first = typeof args.first === 'number' ? args.first : 50
    const after =
      typeof args.after === 'string' ? Number(Buffer.from(args.after, 'base64url').toString()) + 1 : 0
    const page = all.slice(after, after + first)
    const cursor = (i: number) => Buffer.from(String(i)).toString('base64url')
    return {
      __typename: typename,
      nodes: page,
      pageInfo: {
        __typename: 'PageInfo',
        startCursor: page.length > 0 ? cursor(after) : null,
        endCursor: page.length > 0 ? cursor(after + page.length - 1) : null,
        hasPreviousPage: after > 0,
        hasNextPage: after + page.length < all.length,
      },
    }
  }

  /** Linear's rules for the labels of an issue of `teamId`. */
  private checkLabels(labelIds: Json | undefined, teamId: string): string[] {
    const ids = Array.isArray(labelIds) ? labelIds.map(String) : []
    const groups = new Set<string>()
    for (const id of ids) {
      const label = this.labels.get(id)
      if (!label)
        throw new GraphQLFailure(`Entity not found: IssueLabel ${id}`, 'invalid input', 'INPUT_ERROR')
      const labelTeam = (label.team as Obj | null)?.id ?? null
      if (labelTeam !== null && labelTeam !== teamId)
        throw new GraphQLFailure(
          `Label ${String(label.name)} belongs to another team than the issue`,
          'invalid input',
          'INPUT_ERROR',
        )
      if (label.isGroup === true)
        throw new GraphQLFailure(
          `Label ${String(label.name)} is a label group and cannot be applied to an issue`,
          'invalid input',
          'INPUT_ERROR',
        )
      const parent = (label.parent as Obj | null)?.id
      if (typeof parent === 'string') {
        if (groups.has(parent))
          throw new GraphQLFailure(
            'Only one label of a label group can be applied to an issue',
            'invalid input',
            'INPUT_ERROR',
          )
        groups.add(parent)
      }
    }
    return ids
  }

  private issueCreate(input: Obj): Obj {
    if (input.teamId !== this.teamId)
      throw new GraphQLFailure('Entity not found: Team', 'invalid input', 'INPUT_ERROR')
    if (typeof input.title !== 'string' || input.title.length === 0) {
      throw new GraphQLFailure(
        'Argument Validation Error: title should not be empty',
        'invalid input',
        'INPUT_ERROR',
      )
    }
    const id = typeof input.id === 'string' ? input.id : randomUUID()
    if (this.issues.has(id)) {
      throw new GraphQLFailure('Argument Validation Error', 'invalid input', 'INPUT_ERROR')
    }
    this.issueNumber += 1
    const identifier = `${this.teamKey}-${this.issueNumber}`
    const createdAt = this.now()
    const issue: Obj = {
      __typename: 'Issue',
      id,
      identifier,
      number: this.issueNumber,
      title: input.title,
      description: typeof input.description === 'string' ? input.description : null,
      priority: typeof input.priority === 'number' ? input.priority : 0,
      priorityLabel:
        ['No priority', 'Urgent', 'High', 'Medium', 'Low'][Number(input.priority ?? 0)] ?? 'No priority',
      labelIds: this.checkLabels(input.labelIds, this.teamId),
      team: { __typename: 'Team', id: this.teamId },
      url: `https://linear.app/suture/issue/${identifier.toLowerCase()}`,
      branchName: `sut-${this.issueNumber}`,
      createdAt,
      updatedAt: createdAt,
      boardOrder: 0,
      sortOrder: 0,
      prioritySortOrder: 0,
      customerTicketCount: 0,
      previousIdentifiers: [],
      reactionData: [],
      reactions: [],
      inheritsSharedAccess: false,
      sharedAccess: {
        __typename: 'IssueSharedAccess',
        isShared: false,
        sharedWithCount: 0,
        viewerHasOnlySharedAccess: false,
        disallowedIssueFields: [],
        sharedWithUsers: [],
      },
    }
    const firstState = [...this.states]
      .sort((a, b) => a.position - b.position)
      .find((s) => s.type !== 'triage')
    this.applyState(
      issue,
      typeof input.stateId === 'string' ? input.stateId : (firstState?.id ?? 'state-backlog'),
    )
    this.issues.set(id, issue)
    return { __typename: 'IssuePayload', success: true, lastSyncId: this.issueNumber, issue }
  }

  private issueUpdate(id: string, input: Obj): Obj {
    const issue = this.issues.get(id)
    if (!issue) throw new GraphQLFailure('Entity not found: Issue', 'invalid input', 'INPUT_ERROR')
    if (typeof input.title === 'string') issue.title = input.title
    if (typeof input.description === 'string') issue.description = input.description
    if (typeof input.priority === 'number') issue.priority = input.priority
    if (input.labelIds !== undefined)
      issue.labelIds = this.checkLabels(input.labelIds, String((issue.team as Obj).id))
    if (typeof input.stateId === 'string') this.applyState(issue, input.stateId)
    issue.updatedAt = this.now()
    return { __typename: 'IssuePayload', success: true, lastSyncId: 0, issue }
  }

  private commentCreate(input: Obj): Obj {
    const issueId = String(input.issueId)
    if (!this.issues.has(issueId))
      throw new GraphQLFailure('Entity not found: Issue', 'invalid input', 'INPUT_ERROR')
    const id = typeof input.id === 'string' ? input.id : randomUUID()
    if (this.comments.has(id))
      throw new GraphQLFailure('Argument Validation Error', 'invalid input', 'INPUT_ERROR')
    const comment: Obj = {
      __typename: 'Comment',
      id,
      body: typeof input.body === 'string' ? input.body : '',
      issue: { __typename: 'Issue', id: issueId },
      issueId,
      url: `https://linear.app/suture/comment/${id}`,
      reactionData: [],
      reactions: [],
      createdAt: this.now(),
    }
    comment.updatedAt = comment.createdAt as string
    this.comments.set(id, comment)
    return { __typename: 'CommentPayload', success: true, lastSyncId: 0, comment }
  }

  private attachmentLinkUrl(args: Obj): Obj {
    const issueId = String(args.issueId)
    const issue = this.issues.get(issueId)
    if (!issue) throw new GraphQLFailure('Entity not found: Issue', 'invalid input', 'INPUT_ERROR')
    // Linear: the URL identifies the attachment within an issue; linking it again updates it.
    const existing = [...this.attachments.values()].find(
      (a) => a.url === args.url && (a.issue as Obj).id === issueId,
    )
    const now = this.now()
    const attachment: Obj = existing ?? {
      __typename: 'Attachment',
      id: randomUUID(),
      url: String(args.url),
      issue: { __typename: 'Issue', id: issueId },
      createdAt: now,
      groupBySource: false,
      metadata: {},
    }
    attachment.title = typeof args.title === 'string' ? args.title : String(args.url)
    attachment.updatedAt = now
    this.attachments.set(String(attachment.id), attachment)
    return { __typename: 'AttachmentPayload', success: true, lastSyncId: 0, attachment }
  }

  private issueLabelCreate(input: Obj): Obj {
    if (typeof input.name !== 'string' || input.name.length === 0) {
      throw new GraphQLFailure(
        'Argument Validation Error: name should not be empty',
        'invalid input',
        'INPUT_ERROR',
      )
    }
    const teamId = typeof input.teamId === 'string' ? input.teamId : null
    // A name is taken within its team and by workspace labels, whatever the team.
    const duplicate = [...this.labels.values()].find((l) => {
      const other = (l.team as Obj | null)?.id ?? null
      return l.name === input.name && (other === teamId || other === null || teamId === null)
    })
    if (duplicate) throw new GraphQLFailure('Argument Validation Error', 'invalid input', 'INPUT_ERROR')
    const label = this.addLabel(input.name, teamId)
    return { __typename: 'IssueLabelPayload', success: true, lastSyncId: 0, issueLabel: label }
  }
}

function literalValue(node: ValueNode, variables: Obj): Json {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value] ?? null
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value)
    case Kind.STRING:
    case Kind.ENUM:
      return node.value
    case Kind.BOOLEAN:
      return node.value
    case Kind.NULL:
      return null
    case Kind.LIST:
      return node.values.map((v) => literalValue(v, variables))
    case Kind.OBJECT: {
      const out: Obj = {}
      for (const f of node.fields) out[f.name.value] = literalValue(f.value, variables)
      return out
    }
  }
}

const COMPARATORS = new Set(['eq', 'neq', 'in', 'nin'])

/** Linear's filter objects, the subset Suture sends: `{ team: { id: { eq } } }`, `{ name: { in } }`. */
function matches(entity: Json | undefined, filter: Json | undefined): boolean {
  if (!isObj(filter)) return true
  for (const [key, condition] of Object.entries(filter)) {
    if (COMPARATORS.has(key)) {
      if (key === 'eq' && entity !== condition) return false
      if (key === 'neq' && entity === condition) return false
      if (key === 'in' && !(Array.isArray(condition) && condition.includes(entity as Json))) return false
      if (key === 'nin' && Array.isArray(condition) && condition.includes(entity as Json)) return false
    } else if (!matches(isObj(entity) ? entity[key] : null, condition)) {
      return false
    }
  }
  return true
}
