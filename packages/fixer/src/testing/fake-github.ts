import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakePull {
  readonly number: number
  readonly title: string
  readonly head: string
  readonly base: string
  readonly body: string
  readonly draft: boolean
  readonly state: 'open' | 'closed'
  readonly closedAt?: string | undefined
  /** Set by `merge()`: who merged, when, the merge commit. */
  readonly merged?: { readonly by: string; readonly at: string; readonly sha: string } | undefined
  /** The head commit (default: derived from the number); `pushHead()` moves it as a new push would. */
  readonly headSha?: string | undefined
  /**
   * Why GitHub refuses to merge it (failing required checks, conflicts, missing approval): `PUT …/merge`
   * answers 405 with this message, as GitHub does.
   */
  readonly blocked?: string | undefined
}

export interface FakeRequest {
  readonly method: string
  readonly path: string
  readonly body: unknown
  readonly auth: string | undefined
}

/** A scripted failure: the next `times` requests matching method and path get `status`. */
interface Failure {
  method: string
  path: RegExp
  status: number
  times: number
  /** Store the create anyway before failing (a write that succeeded but whose answer was lost). */
  afterWrite: boolean
  message: string
  /** A GraphQL POST fails only when its query names this mutation. */
  graphql: string | undefined
}

export interface FakeGitHub {
  readonly url: string
  readonly pulls: FakePull[]
  readonly requests: FakeRequest[]
  /**
   * The next `times` matching requests fail with `status` (429 carries `retry-after: 0`); `message` is
   * the answer's GitHub `message` (default `Server Error`). Status 0 drops the connection unanswered.
   */
  fail(
    method: string,
    path: RegExp,
    status: number,
    times?: number,
    options?: { afterWrite?: boolean; message?: string; graphql?: string },
  ): void
  /** Merges a PR as a person would on github.com (the fixer itself never does). */
  merge(number: number, by: { login: string; at?: string; sha?: string }): void
  /** Sets (or, with undefined, clears) why a merge through the API is refused with 405. */
  block(number: number, message: string | undefined): void
  /** A new commit on the PR's branch: a merge that names the old head then gets 409. */
  pushHead(number: number, sha: string): void
  /** Closes a PR without merging. */
  closePull(number: number, at?: string): void
  /** The PR as GitHub's REST API and the `pull_request` webhook payload carry it. */
  pullJson(number: number): Record<string, unknown>
  close(): Promise<void>
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
  res.end(JSON.stringify(body))
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString('utf8')
  return text ? JSON.parse(text) : undefined
}

const DOCS = 'https://docs.github.com/rest/pulls/pulls#merge-a-pull-request'

/**
 * A local GitHub API, just the pull-request endpoints the fixer uses, speaking GitHub's wire format:
 * `GET /repos/:owner/:repo/pulls?head=owner:branch&state=all`, `POST /repos/:owner/:repo/pulls` (422
 * "A pull request already exists" for a second PR from the same head), `GET /repos/:owner/:repo/pulls/:n`
 * (state, draft, node_id, head.sha, merged, merged_at, merge_commit_sha, merged_by), `PUT
 * /repos/:owner/:repo/pulls/:n/merge` (200 `{ sha, merged, message }`; 405 for a draft, a closed or
 * blocked PR; 409 when `sha` is not the head; 422 for an unknown `merge_method`), `POST /graphql` with
 * the `markPullRequestReadyForReview` and `convertPullRequestToDraft` mutations (GraphQL errors in a 200 answer for an unknown node id),
 * scripted 5xx, 429, 403 and dropped connections. Any other route is recorded and answered 404, so a
 * test can assert it was never called.
 */
export async function startFakeGitHub(options: {
  owner: string
  repo: string
  /** Who the token belongs to: the `merged_by` of a merge through the API. Default `suture-bot`. */
  login?: string
}): Promise<FakeGitHub> {
  const pulls: FakePull[] = []
  const requests: FakeRequest[] = []
  const failures: Failure[] = []
  const prefix = `/repos/${options.owner}/${options.repo}`
  let baseUrl = ''

  const headOf = (pull: FakePull) => pull.headSha ?? `${pull.number}`.padStart(40, 'b')
  const nodeIdOf = (pull: FakePull) => `PR_kwFake${pull.number}`
  const json = (pull: FakePull) => ({
    id: pull.number * 1000,
    node_id: nodeIdOf(pull),
    number: pull.number,
    state: pull.state,
    title: pull.title,
    body: pull.body,
    draft: pull.draft,
    html_url: `https://github.com/${options.owner}/${options.repo}/pull/${pull.number}`,
    url: `${baseUrl}${prefix}/pulls/${pull.number}`,
    head: { ref: pull.head, sha: headOf(pull), label: `${options.owner}:${pull.head}` },
    base: { ref: pull.base, label: `${options.owner}:${pull.base}` },
    merged: pull.merged !== undefined,
    merged_at: pull.merged?.at ?? null,
    closed_at: pull.closedAt ?? null,
    merge_commit_sha: pull.merged?.sha ?? null,
    merged_by: pull.merged ? { login: pull.merged.by, id: 1, type: 'User' } : null,
    mergeable: pull.state === 'open' && pull.merged === undefined ? pull.blocked === undefined : null,
  })
  const indexOf = (number: number) => {
    const i = pulls.findIndex((p) => p.number === number)
    if (i < 0) throw new Error(`no pull request #${number} in the fake`)
    return i
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const body =
        req.method === 'POST' || req.method === 'PATCH' || req.method === 'PUT'
          ? await readJson(req)
          : undefined
      requests.push({ method: req.method ?? '', path: url.pathname, body, auth: req.headers.authorization })
      const query = (body as { query?: unknown } | undefined)?.query
      const failure = failures.find(
        (f) =>
          f.times > 0 &&
          f.method === req.method &&
          f.path.test(url.pathname) &&
          (f.graphql === undefined || (typeof query === 'string' && query.includes(f.graphql))),
      )
      if (failure && !failure.afterWrite) {
        failure.times--
        // A network failure: the connection closes with no answer at all.
        if (failure.status === 0) return void req.socket.destroy()
        return send(
          res,
          failure.status,
          { message: failure.message, documentation_url: 'https://docs.github.com/rest' },
          failure.status === 429 ? { 'retry-after': '0' } : {},
        )
      }
      if (url.pathname === `${prefix}/pulls` && req.method === 'GET') {
        const head = url.searchParams.get('head')
        const state = url.searchParams.get('state') ?? 'open'
        const found = pulls.filter(
          (p) =>
            (head === null || `${options.owner}:${p.head}` === head) &&
            (state === 'all' || p.state === state),
        )
        return send(res, 200, found.map(json))
      }
      const one = new RegExp(`^${prefix}/pulls/(\\d+)$`).exec(url.pathname)
      if (one && req.method === 'GET') {
        const pull = pulls.find((p) => p.number === Number(one[1]))
        return pull
          ? send(res, 200, json(pull))
          : send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' })
      }
      const merge = new RegExp(`^${prefix}/pulls/(\\d+)/merge$`).exec(url.pathname)
      if (merge && req.method === 'PUT') {
        const i = pulls.findIndex((p) => p.number === Number(merge[1]))
        const pull = pulls[i]
        if (!pull) return send(res, 404, { message: 'Not Found', documentation_url: DOCS })
        const input = (body ?? {}) as { merge_method?: string; sha?: string }
        const method = input.merge_method ?? 'merge'
        if (!['merge', 'squash', 'rebase'].includes(method)) {
          return send(res, 422, {
            message: 'Invalid request.\n\nmerge_method is not a valid value.',
            documentation_url: DOCS,
          })
        }
        if (pull.state !== 'open') {
          return send(res, 405, { message: 'Pull Request is not mergeable', documentation_url: DOCS })
        }
        if (pull.draft) {
          return send(res, 405, { message: 'Pull Request is still a draft', documentation_url: DOCS })
        }
        if (input.sha !== undefined && input.sha !== headOf(pull)) {
          return send(res, 409, {
            message: 'Head branch was modified. Review and try the merge again.',
            documentation_url: DOCS,
          })
        }
        if (pull.blocked !== undefined) {
          return send(res, 405, { message: pull.blocked, documentation_url: DOCS })
        }
        const sha = `${pull.number}`.padStart(40, 'e')
        pulls[i] = {
          ...pull,
          state: 'closed',
          closedAt: new Date().toISOString(),
          merged: { by: options.login ?? 'suture-bot', at: new Date().toISOString(), sha },
        }
        if (failure?.afterWrite) {
          failure.times--
          return send(res, failure.status, { message: failure.message })
        }
        return send(res, 200, { sha, merged: true, message: 'Pull Request successfully merged' })
      }
      if (url.pathname === '/graphql' && req.method === 'POST') {
        const input = (body ?? {}) as { query?: string; variables?: { pullRequestId?: string } }
        const mutation = ['markPullRequestReadyForReview', 'convertPullRequestToDraft'].find((m) =>
          input.query?.includes(m),
        )
        if (mutation === undefined) {
          return send(res, 200, {
            errors: [
              {
                message:
                  'The fake GitHub answers markPullRequestReadyForReview and convertPullRequestToDraft only.',
              },
            ],
          })
        }
        const id = input.variables?.pullRequestId
        const i = pulls.findIndex((p) => nodeIdOf(p) === id)
        const pull = pulls[i]
        if (!pull) {
          return send(res, 200, {
            data: { [mutation]: null },
            errors: [
              {
                type: 'NOT_FOUND',
                path: [mutation],
                locations: [{ line: 2, column: 3 }],
                message: `Could not resolve to a node with the global id of '${id}'`,
              },
            ],
          })
        }
        const draft = mutation === 'convertPullRequestToDraft'
        pulls[i] = { ...pull, draft }
        return send(res, 200, {
          data: { [mutation]: { pullRequest: { id: nodeIdOf(pull), number: pull.number, isDraft: draft } } },
        })
      }
      if (url.pathname === `${prefix}/pulls` && req.method === 'POST') {
        const input = body as { title?: string; head?: string; base?: string; body?: string; draft?: boolean }
        if (!input?.title || !input.head || !input.base) {
          return send(res, 422, {
            message: 'Validation Failed',
            errors: [{ resource: 'PullRequest', code: 'missing_field' }],
          })
        }
        if (pulls.some((p) => p.head === input.head && p.state === 'open')) {
          return send(res, 422, {
            message: 'Validation Failed',
            errors: [
              {
                resource: 'PullRequest',
                code: 'custom',
                message: `A pull request already exists for ${options.owner}:${input.head}.`,
              },
            ],
            documentation_url: 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request',
          })
        }
        const pull: FakePull = {
          number: pulls.length + 1,
          title: input.title,
          head: input.head,
          base: input.base,
          body: input.body ?? '',
          draft: input.draft === true,
          state: 'open',
        }
        pulls.push(pull)
        if (failure?.afterWrite) {
          failure.times--
          return send(res, failure.status, { message: 'Server Error' })
        }
        return send(res, 201, json(pull))
      }
      return send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' })
    })().catch((error: unknown) => send(res, 500, { message: String(error) }))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: baseUrl,
    pulls,
    requests,
    fail(method, path, status, times = 1, extra = {}) {
      failures.push({
        method,
        path,
        status,
        times,
        afterWrite: extra.afterWrite ?? false,
        message: extra.message ?? 'Server Error',
        graphql: extra.graphql,
      })
    },
    block(number, message) {
      const i = indexOf(number)
      pulls[i] = { ...(pulls[i] as FakePull), blocked: message }
    },
    pushHead(number, sha) {
      const i = indexOf(number)
      pulls[i] = { ...(pulls[i] as FakePull), headSha: sha }
    },
    merge(number, by) {
      const i = indexOf(number)
      const at = by.at ?? new Date().toISOString()
      const sha = by.sha ?? `${number}`.padStart(40, 'c')
      pulls[i] = {
        ...(pulls[i] as FakePull),
        state: 'closed',
        closedAt: at,
        merged: { by: by.login, at, sha },
      }
    },
    closePull(number, at) {
      const i = indexOf(number)
      pulls[i] = { ...(pulls[i] as FakePull), state: 'closed', closedAt: at ?? new Date().toISOString() }
    },
    pullJson: (number) => json(pulls[indexOf(number)] as FakePull),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
