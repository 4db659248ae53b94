import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakePull {
  readonly number: number
  readonly title: string
  readonly head: string
  readonly base: string
  readonly body: string
  readonly draft: boolean
  state: 'open' | 'closed'
  /** Set by `merge`: the commit GitHub made on the base branch. */
  mergeCommitSha?: string | undefined
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
}

export interface FakeGitHub {
  readonly url: string
  readonly pulls: FakePull[]
  readonly requests: FakeRequest[]
  /** The next `times` matching requests fail with `status` (429 carries `retry-after: 0`). */
  fail(method: string, path: RegExp, status: number, times?: number, options?: { afterWrite?: boolean }): void
  /** Marks a pull request merged (closed, with the merge commit the test made on the base branch). */
  merge(number: number, mergeCommitSha: string): void
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

/**
 * A local GitHub REST API, just the pull-request endpoints the fixer uses, speaking GitHub's wire format:
 * `GET /repos/:owner/:repo/pulls?head=owner:branch&state=all`, `GET /repos/:owner/:repo/pulls/:number`
 * (`merged`, `merge_commit_sha` once a test called `merge`), `POST /repos/:owner/:repo/pulls` (422
 * "A pull request already exists" for a second PR from the same head), scripted 5xx and 429. Any other
 * route (ready-for-review, merge) is recorded and answered 404, so a test can assert it was never called.
 */
export async function startFakeGitHub(options: { owner: string; repo: string }): Promise<FakeGitHub> {
  const pulls: FakePull[] = []
  const requests: FakeRequest[] = []
  const failures: Failure[] = []
  const prefix = `/repos/${options.owner}/${options.repo}`
  let baseUrl = ''

  const json = (pull: FakePull) => ({
    id: pull.number * 1000,
    number: pull.number,
    state: pull.state,
    title: pull.title,
    body: pull.body,
    draft: pull.draft,
    html_url: `https://github.com/${options.owner}/${options.repo}/pull/${pull.number}`,
    url: `${baseUrl}${prefix}/pulls/${pull.number}`,
    head: { ref: pull.head, label: `${options.owner}:${pull.head}` },
    base: { ref: pull.base, label: `${options.owner}:${pull.base}` },
    merged: pull.mergeCommitSha !== undefined,
    merge_commit_sha: pull.mergeCommitSha ?? null,
  })

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1')
      const body =
        req.method === 'POST' || req.method === 'PATCH' || req.method === 'PUT'
          ? await readJson(req)
          : undefined
      requests.push({ method: req.method ?? '', path: url.pathname, body, auth: req.headers.authorization })
      const failure = failures.find(
        (f) => f.times > 0 && f.method === req.method && f.path.test(url.pathname),
      )
      if (failure && !failure.afterWrite) {
        failure.times--
        return send(
          res,
          failure.status,
          { message: 'Server Error' },
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
      const single = new RegExp(`^${prefix}/pulls/(\\d+)$`).exec(url.pathname)
      if (single && req.method === 'GET') {
        const pull = pulls.find((p) => p.number === Number(single[1]))
        return pull
          ? send(res, 200, json(pull))
          : send(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' })
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
      failures.push({ method, path, status, times, afterWrite: extra.afterWrite ?? false })
    },
    merge(number, mergeCommitSha) {
      const pull = pulls.find((p) => p.number === number)
      if (!pull) throw new Error(`fake GitHub has no pull request #${number}`)
      pull.state = 'closed'
      pull.mergeCommitSha = mergeCommitSha
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
