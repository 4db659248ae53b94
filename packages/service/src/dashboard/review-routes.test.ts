import { GitHubPullMerger, type MergedProposal } from '@suture/fixer'
import { type FakeGitHub, seedProposal, startFakeGitHub } from '@suture/fixer/testing'
import type { SutureDatabase } from '@suture/store'
import { createProject } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signGitHubPayload } from '../github/signature.js'
import { startValidationOnMerge } from '../github/start-validation.js'
import { type RunningServer, startServer } from '../server/start-server.js'
import { seedTicketAndDigest } from './test-seed.js'

const WEBHOOK_SECRET = 'whsec-review'
const EXTERNAL_PR = 'https://github.com/acme/web/pull/31'

/** Keeps cookies, never follows redirects: what a browser's form post does, over real HTTP. */
class Client {
  readonly jar = new Map<string, string>()
  constructor(readonly base: string) {}

  async request(path: string, init: RequestInit & { form?: Record<string, string> } = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.jar.size > 0) headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '))
    let body: BodyInit | null = null
    if (init.form) {
      body = new URLSearchParams(init.form).toString()
      headers.set('content-type', 'application/x-www-form-urlencoded')
    }
    const { form: _form, ...rest } = init
    const res = await fetch(this.base + path, { ...rest, headers, body, redirect: 'manual' })
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const eq = pair?.indexOf('=') ?? -1
      if (!pair || eq < 0) continue
      const value = pair.slice(eq + 1)
      if (value === '' || /max-age=0/i.test(line)) this.jar.delete(pair.slice(0, eq))
      else this.jar.set(pair.slice(0, eq), value)
    }
    return res
  }

  async login(key: string): Promise<void> {
    const html = await (await this.request('/app/login')).text()
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''
    const res = await this.request('/app/login', { method: 'POST', form: { key, _csrf: csrf } })
    if (res.status !== 303) throw new Error(`login failed: ${res.status}`)
  }
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`review routes on ${backend.name}`, () => {
    let database: SutureDatabase
    let server: RunningServer
    let projectId: string
    let secretKey: string

    beforeAll(async () => {
      database = await backend.open()
      ;({ projectId, secretKey } = await createProject(database.db, { name: 'review' }))
      await seedProposal(database.db, projectId, { run_id: 'r-1', ticket_id: 't-1', cluster_key: 'k-1' })
      await seedProposal(database.db, projectId, {
        run_id: 'r-2',
        ticket_id: 't-2',
        ticket_identifier: 'LOCAL-2',
        cluster_key: 'k-2',
        finished: '2026-12-02T04:00:00.000Z',
      })
      await seedProposal(database.db, projectId, {
        run_id: 'r-3',
        ticket_id: 't-3',
        ticket_identifier: 'LOCAL-3',
        cluster_key: 'k-3',
        finished: '2026-12-02T05:00:00.000Z',
      })
      await seedTicketAndDigest(database, projectId, {
        clusterKey: 'cluster-members',
        title: 'TypeError: inviter is null',
        week: '2026-W48',
        html: '',
        markdown: '',
      })
      server = await startServer({
        database,
        closeDatabase: false,
        githubWebhook: { secret: WEBHOOK_SECRET },
      })
    })
    afterAll(async () => {
      await server?.close()
      await database?.close()
    })

    const reviews = () => database.db.selectFrom('fix_reviews').selectAll().orderBy('run_id').execute()

    it('shows each open proposal with reasoning, evidence, an escaped coloured diff, cost and the numbers', async () => {
      const client = new Client(server.url)
      await client.login(secretKey)
      const res = await client.request('/app/review')
      expect(res.status).toBe(200)
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
      const html = await res.text()
      expect(html).toContain('3 proposals waiting')
      expect(html).toContain('LOCAL-2')
      expect(html).toContain('fall back to &quot;Someone&quot;')
      expect(html).toContain('fails before (exit 1)')
      expect(html).toContain('passes after')
      expect(html).toContain('<span class="add">+  return (member.inviter?.name ?? &#39;Someone&#39;)')
      expect(html).toContain('<span class="del">-  return member.inviter.name')
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
      expect(html).not.toContain('<script>alert(1)')
      expect(html).toContain('$1.50')
      expect(html).toContain('Wrong-tree rate')
      // No GitHub merger on this server: the button claims only what it does.
      expect(html).toContain('Mark merged <kbd>m</kbd>')
      expect(html).toContain('Records the decision only: validation starts when the merge is seen on GitHub')
      expect(html).not.toContain('name="merge"')
      const js = await client.request('/app/review.js')
      expect(js.headers.get('content-type')).toContain('javascript')
    })

    it('refuses an action without the CSRF token or from another site, and a redirect or close without a reason', async () => {
      const client = new Client(server.url)
      await client.login(secretKey)
      const csrf = csrfOf(await (await client.request('/app/review')).text())
      const missing = await client.request('/app/review/r-1', {
        method: 'POST',
        form: { decision: 'merged' },
      })
      expect(missing.status).toBe(403)
      const cross = await client.request('/app/review/r-1', {
        method: 'POST',
        form: { decision: 'merged', _csrf: csrf },
        headers: { 'sec-fetch-site': 'cross-site' },
      })
      expect(cross.status).toBe(403)
      const noComment = await client.request('/app/review/r-2', {
        method: 'POST',
        form: { decision: 'redirected', comment: '   ', _csrf: csrf },
      })
      expect(noComment.status).toBe(400)
      expect(await noComment.text()).toContain('A redirect needs a comment')
      const noReason = await client.request('/app/review/r-3', {
        method: 'POST',
        form: { decision: 'closed-wrong-tree', _csrf: csrf },
      })
      expect(noReason.status).toBe(400)
      expect(await noReason.text()).toContain('needs a reason')
      // A stale page's Merge posted to a server that cannot merge: refused, nothing recorded.
      const cannot = await client.request('/app/review/r-1', {
        method: 'POST',
        form: { decision: 'merged', merge: 'github', _csrf: csrf },
      })
      expect(cannot.status).toBe(400)
      expect(await cannot.text()).toContain('This server cannot merge on GitHub')
      const unknown = await client.request('/app/review/nope', {
        method: 'POST',
        form: { decision: 'merged', _csrf: csrf },
      })
      expect(unknown.status).toBe(404)
      expect(await reviews()).toEqual([])
    })

    it('merges, redirects and closes as wrong-tree, recording who and when; a double submit changes nothing', async () => {
      const client = new Client(server.url)
      await client.login(secretKey)
      const csrf = csrfOf(await (await client.request('/app/review')).text())
      const merge = await client.request('/app/review/r-1', {
        method: 'POST',
        form: { decision: 'merged', _csrf: csrf },
      })
      expect(merge.status).toBe(303)
      expect(merge.headers.get('location')).toBe('/app/review?done=merged')
      const again = await client.request('/app/review/r-1', {
        method: 'POST',
        form: { decision: 'merged', _csrf: csrf },
      })
      expect(again.status).toBe(303)
      expect(again.headers.get('location')).toContain('already=')
      const redirect = await client.request('/app/review/r-2', {
        method: 'POST',
        form: { decision: 'redirected', comment: 'Fix the serializer instead', _csrf: csrf },
      })
      expect(redirect.status).toBe(303)
      const close = await client.request('/app/review/r-3', {
        method: 'POST',
        form: { decision: 'closed-wrong-tree', comment: 'Needs a product call', _csrf: csrf },
      })
      expect(close.status).toBe(303)
      const rows = await reviews()
      expect(rows.map((r) => [r.run_id, r.decision, r.comment])).toEqual([
        ['r-1', 'merged', null],
        ['r-2', 'redirected', 'Fix the serializer instead'],
        ['r-3', 'closed-wrong-tree', 'Needs a product call'],
      ])
      for (const r of rows) {
        expect(r.reviewed_by).toMatch(/^dashboard:/)
        expect(Math.abs(Date.now() - new Date(r.reviewed_at).getTime())).toBeLessThan(10 * 60_000)
      }
      const page = await (await client.request(merge.headers.get('location') ?? '')).text()
      expect(page).toContain('Recorded as merged.')
      expect(page).toContain('Nothing waits for review.')
    })

    it("shows an external fixer's report like Suture's own, and a merge on GitHub as merged", async () => {
      const report = await fetch(`${server.url}/v1/fixes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-suture-key': secretKey },
        body: JSON.stringify({
          ticket: 'LOCAL-1',
          pr: EXTERNAL_PR,
          costUsd: 4.2,
          agent: 'cursor',
          summary: 'Guard the missing inviter in inviteLine',
          reasoning: 'Invites from the new flow carry inviter: null; <b>inviteLine</b> read .name of it.',
        }),
      })
      expect(report.status).toBe(200)
      const client = new Client(server.url)
      await client.login(secretKey)
      const html = await (await client.request('/app/review')).text()
      expect(html).toContain('1 proposal waiting')
      expect(html).toContain('external fixer')
      expect(html).toContain('Guard the missing inviter in inviteLine')
      expect(html).toContain('&lt;b&gt;inviteLine&lt;/b&gt; read .name of it.')
      expect(html).toContain(`<a href="${EXTERNAL_PR}">pull request</a>`)
      expect(html).toContain('$4.20')
      expect(html).toContain('No reproduction evidence recorded.')

      // The PR is merged on GitHub; the signed webhook arrives.
      const payload = JSON.stringify({
        action: 'closed',
        pull_request: {
          html_url: EXTERNAL_PR,
          state: 'closed',
          merged: true,
          merged_at: '2026-12-02T11:00:00Z',
          closed_at: '2026-12-02T11:00:00Z',
          merge_commit_sha: 'd'.repeat(40),
          merged_by: { login: 'octocat' },
        },
        sender: { login: 'octocat' },
      })
      const hook = await fetch(`${server.url}/v1/github/webhook`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'pull_request',
          'x-github-delivery': 'delivery-review-1',
          'x-hub-signature-256': signGitHubPayload(WEBHOOK_SECRET, payload),
        },
        body: payload,
      })
      expect(hook.status).toBe(200)
      const after = await (await client.request('/app/review')).text()
      expect(after).toContain('Nothing waits for review.')
      const decided = /<div class="card" id="decided">[\s\S]*?<\/table>/.exec(after)?.[0] ?? ''
      expect(decided).toMatch(/LOCAL-1 · attempt 1 · cursor[\s\S]*?merged[\s\S]*?octocat on GitHub/)
      expect(decided).toContain(`<a href="${EXTERNAL_PR}">PR (merged)</a>`)
      // The earlier decisions made on this page are listed too.
      expect(decided).toContain('closed as wrong-tree')
      expect(decided).toContain('on this page')
    })
    describe('with GitHub configured (the fake GitHub, real @octokit/rest)', () => {
      let github: FakeGitHub
      let merging: RunningServer
      let mergeKey: string
      let mergeProject: string
      const calls: MergedProposal[] = []
      const pr = (n: number) => `https://github.com/acme/api/pull/${n}`

      beforeAll(async () => {
        github = await startFakeGitHub({ owner: 'acme', repo: 'api', login: 'suture-bot' })
        ;({ projectId: mergeProject, secretKey: mergeKey } = await createProject(database.db, {
          name: 'review-merge',
        }))
        for (const n of [1, 2]) {
          github.pulls.push({
            number: n,
            title: `fix ${n}`,
            head: `suture/M-${n}`,
            base: 'main',
            body: '',
            draft: true,
            state: 'open',
          })
          await seedProposal(database.db, mergeProject, {
            run_id: `m-${n}`,
            ticket_id: `mt-${n}`,
            ticket_identifier: `MERGE-${n}`,
            cluster_key: `k-merge-${n}`,
            proposal_url: pr(n),
            head_commit: `${n}`.padStart(40, 'b'),
            finished: `2026-12-02T0${n}:00:00.000Z`,
          })
          await seedTicketAndDigest(database, mergeProject, {
            clusterKey: `k-merge-${n}`,
            title: `Crash ${n}`,
            week: '2026-W48',
            html: '',
            markdown: '',
          })
        }
        github.block(2, 'Required status check "test" is failing.')
        // An external fixer's PR in another repository: not this merger's to merge.
        await seedProposal(database.db, mergeProject, {
          run_id: 'm-3',
          ticket_id: 'mt-3',
          ticket_identifier: 'MERGE-3',
          cluster_key: 'k-merge-3',
          proposal_url: 'https://github.com/acme/web/pull/77',
          finished: '2026-12-02T03:00:00.000Z',
        })
        const onMerged = async (db: Parameters<typeof startValidationOnMerge>[0], merged: MergedProposal) => {
          calls.push(merged)
          await startValidationOnMerge(db, merged)
        }
        merging = await startServer({
          database,
          closeDatabase: false,
          githubWebhook: { secret: WEBHOOK_SECRET },
          mergePullRequest: new GitHubPullMerger(
            { token: 'ghp_review', owner: 'acme', repo: 'api', baseUrl: github.url },
            { retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 } },
          ),
          onMerged,
        })
      })
      afterAll(async () => {
        await merging?.close()
        await github?.close()
      })

      const decisions = () =>
        database.db
          .selectFrom('fix_reviews')
          .selectAll()
          .where('project_id', '=', mergeProject)
          .orderBy('run_id')
          .execute()
      const card = (html: string, runId: string) =>
        new RegExp(`<article[^>]*data-run="${runId}"[\\s\\S]*?</article>`).exec(html)?.[0] ?? ''

      it('offers Merge only for PRs in the configured repository', async () => {
        const client = new Client(merging.url)
        await client.login(mergeKey)
        const html = await (await client.request('/app/review')).text()
        expect(card(html, 'm-1')).toContain('<input type="hidden" name="merge" value="github"/>')
        expect(card(html, 'm-1')).toContain('Merge <kbd>m</kbd>')
        expect(card(html, 'm-1')).toContain('merges it on GitHub, then starts validation')
        expect(card(html, 'm-3')).toContain('Mark merged <kbd>m</kbd>')
        expect(card(html, 'm-3')).not.toContain('name="merge"')
      })

      it("shows GitHub's 405 refusal and records nothing", async () => {
        const client = new Client(merging.url)
        await client.login(mergeKey)
        const csrf = csrfOf(await (await client.request('/app/review')).text())
        const refused = await client.request('/app/review/m-2', {
          method: 'POST',
          form: { decision: 'merged', merge: 'github', _csrf: csrf },
        })
        expect(refused.status).toBe(409)
        const text = await refused.text()
        expect(text).toContain('<title>Not merged')
        expect(text).toContain('GitHub says: Required status check &quot;test&quot; is failing. GitHub will')
        expect(text).toContain('then merge again')
        // The draft was marked ready for the merge, and is a draft again after the refusal.
        expect(text).not.toContain('could not be turned back into a draft')
        expect(await decisions()).toEqual([])
        expect(github.pullJson(2)).toMatchObject({ merged: false, draft: true })
        expect(calls).toEqual([])
        const page = await (await client.request('/app/review')).text()
        expect(page).toContain('3 proposals waiting')
      })

      it('marks the draft ready, merges it, records the decision and starts validation once; the webhook of the same merge changes nothing', async () => {
        const client = new Client(merging.url)
        await client.login(mergeKey)
        const csrf = csrfOf(await (await client.request('/app/review')).text())
        const before = github.requests.length
        const merged = await client.request('/app/review/m-1', {
          method: 'POST',
          form: { decision: 'merged', merge: 'github', _csrf: csrf },
        })
        expect(merged.status).toBe(303)
        expect(merged.headers.get('location')).toBe('/app/review?done=merged-on-github')
        expect(github.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([
          'GET /repos/acme/api/pulls/1',
          'POST /graphql',
          'PUT /repos/acme/api/pulls/1/merge',
        ])
        const sha = `${1}`.padStart(40, 'e')
        expect(github.pullJson(1)).toMatchObject({ draft: false, merged: true, merge_commit_sha: sha })

        const rows = await decisions()
        expect(rows.map((r) => [r.run_id, r.decision])).toEqual([['m-1', 'merged']])
        expect(rows[0]?.reviewed_by).toMatch(/^dashboard:/)
        expect(rows[0]?.comment).toContain('Merged from the Review page (squash)')
        const run = await database.db
          .selectFrom('fix_runs')
          .select(['pr_state', 'merge_commit', 'review_outcome'])
          .where('run_id', '=', 'm-1')
          .executeTakeFirstOrThrow()
        expect(run).toEqual({ pr_state: 'merged', merge_commit: sha, review_outcome: 'merged' })
        expect(calls.map((m) => [m.runId, m.clusterKey, m.mergeCommit])).toEqual([['m-1', 'k-merge-1', sha]])
        // Validation really started: pm-agent's ticket link now waits on the merge commit.
        const link = await database.db
          .selectFrom('ticket_links')
          .select(['fix_release', 'validation'])
          .where('project_id', '=', mergeProject)
          .where('cluster_key', '=', 'k-merge-1')
          .executeTakeFirstOrThrow()
        expect(link).toEqual({ fix_release: sha, validation: 'pending' })
        const page = await (await client.request('/app/review?done=merged-on-github')).text()
        expect(page).toContain('Merged on GitHub and recorded; post-merge validation has started.')
        expect(page).toContain('2 proposals waiting')

        // GitHub's webhook for the same merge arrives: already known, nothing more happens.
        const payload = JSON.stringify({
          action: 'closed',
          pull_request: github.pullJson(1),
          sender: { login: 'suture-bot' },
        })
        const hook = await fetch(`${merging.url}/v1/github/webhook`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-github-event': 'pull_request',
            'x-github-delivery': `delivery-merge-${mergeProject}`,
            'x-hub-signature-256': signGitHubPayload(WEBHOOK_SECRET, payload),
          },
          body: payload,
        })
        expect(hook.status).toBe(200)
        expect(((await hook.json()) as { proposals: unknown[] }).proposals).toEqual([
          { runId: 'm-1', state: 'merged', changed: false, decision: 'merged' },
        ])
        expect(calls).toHaveLength(1)
        expect(await decisions()).toHaveLength(1)

        // A second click: the first decision stands and GitHub is not asked again.
        const requests = github.requests.length
        const again = await client.request('/app/review/m-1', {
          method: 'POST',
          form: { decision: 'merged', merge: 'github', _csrf: csrf },
        })
        expect(again.status).toBe(303)
        expect(again.headers.get('location')).toContain('already=merged')
        expect(github.requests.length).toBe(requests)
        expect(calls).toHaveLength(1)
      })
    })
  })
}
