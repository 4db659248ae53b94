import { createHmac } from 'node:crypto'
import { parseEnvelope } from '@suture/envelope'
import { storePairDecision } from '@suture/pm-agent'
import type { SutureDatabase } from '@suture/store'
import { createProject, revokeKey, storeEnvelopes } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { Hono } from 'hono'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../server/start-server.js'
import { mountDashboard } from './routes.js'
import { type SeededProject, seedScoredProject, seedTicketAndDigest, seedTriageWeek } from './test-seed.js'

/** A browser-ish client over real HTTP: keeps cookies, does not follow redirects. */
class Client {
  readonly jar = new Map<string, string>()
  readonly setCookies: string[] = []
  constructor(readonly base: string) {}

  async request(path: string, init: RequestInit & { form?: Record<string, string> } = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.jar.size > 0) headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '))
    let body: BodyInit | null = init.body ?? null
    if (init.form) {
      body = new URLSearchParams(init.form).toString()
      headers.set('content-type', 'application/x-www-form-urlencoded')
    }
    const { form: _form, ...rest } = init
    const res = await fetch(this.base + path, { ...rest, headers, body, redirect: 'manual' })
    for (const line of res.headers.getSetCookie()) {
      this.setCookies.push(line)
      const [pair] = line.split(';')
      const eq = pair?.indexOf('=') ?? -1
      if (!pair || eq < 0) continue
      const name = pair.slice(0, eq)
      const value = pair.slice(eq + 1)
      if (value === '' || /max-age=0/i.test(line)) this.jar.delete(name)
      else this.jar.set(name, value)
    }
    return res
  }

  async loginForm(): Promise<string> {
    const res = await this.request('/app/login')
    const html = await res.text()
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1]
    if (!csrf) throw new Error('no csrf field on the login page')
    return csrf
  }

  async login(key: string): Promise<Response> {
    const csrf = await this.loginForm()
    return this.request('/app/login', { method: 'POST', form: { key, _csrf: csrf } })
  }
}

function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1]
  if (!token) throw new Error('no csrf token on the page')
  return token
}

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`dashboard routes on ${backend.name}`, () => {
    let database: SutureDatabase
    let server: RunningServer
    let seeded: SeededProject

    beforeAll(async () => {
      database = await backend.open()
      seeded = await seedScoredProject(database, { sessions: 60, days: 14 })
      await seedTicketAndDigest(database, seeded.projectId, {
        clusterKey: 'cluster-checkout-typeerror',
        title: 'TypeError on /checkout/:id',
        week: '2026-W48',
        markdown: '# Digest 2026-W48\n\n- TypeError on /checkout/:id',
        html: '<!doctype html><h1>Digest 2026-W48</h1><p>TypeError on <code>/checkout/:id</code> & more</p>',
      })
      const [a, b] = seeded.errorEnvelopeIds
      await seedTriageWeek(database, seeded.projectId, {
        week: '2026-W48',
        ticketKey: 'cluster-checkout-typeerror',
        pair: [a ?? '', b ?? ''],
      })
      server = await startServer({
        database,
        closeDatabase: false,
      })
    })
    afterAll(async () => {
      await server?.close()
      await database?.close()
    })

    it('redirects to the login page without a session, keeping where the user was going', async () => {
      const client = new Client(server.url)
      const res = await client.request('/app/sessions?days=7')
      expect(res.status).toBe(302)
      expect(res.headers.get('location')).toBe('/app/login?next=%2Fapp%2Fsessions%3Fdays%3D7')
      const post = await client.request('/app/pairs/decision', { method: 'POST', form: { a: 'x', b: 'y' } })
      expect(post.status).toBe(303)
      expect(post.headers.get('location')).toBe('/app/login')
    })

    it('refuses the public ingest key, a wrong key and a login without its form token', async () => {
      const client = new Client(server.url)
      const pub = await client.login(seeded.publicKey)
      expect(pub.status).toBe(403)
      expect(await pub.text()).toContain('public ingest key')
      const wrong = await client.login(`${seeded.secretKey}x`)
      expect(wrong.status).toBe(401)
      expect(await wrong.text()).toContain('No live key matches')
      const noCsrf = await new Client(server.url).request('/app/login', {
        method: 'POST',
        form: { key: seeded.secretKey, _csrf: 'a'.repeat(24) },
      })
      expect(noCsrf.status).toBe(403)
      const crossSite = await client.request('/app/login', {
        method: 'POST',
        form: { key: seeded.secretKey, _csrf: await client.loginForm() },
        headers: { origin: 'https://evil.example' },
      })
      expect(crossSite.status).toBe(403)
      expect(client.jar.has('suture_dash')).toBe(false)
      expect((await client.request('/app/sessions')).status).toBe(302)
    })

    it('logs in with the secret key: an HttpOnly, SameSite=Strict session cookie scoped to /app', async () => {
      const client = new Client(server.url)
      const csrf = await client.loginForm()
      const res = await client.request('/app/login?next=%2Fapp%2Fdigest', {
        method: 'POST',
        form: { key: seeded.secretKey, _csrf: csrf },
      })
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toBe('/app/digest')
      const cookie = client.setCookies.find((c) => c.startsWith('suture_dash='))
      expect(cookie).toMatch(/HttpOnly/)
      expect(cookie).toMatch(/SameSite=Strict/)
      expect(cookie).toMatch(/Path=\/app/)
      expect(cookie).toMatch(/Max-Age=43200/)
      const page = await client.request('/app/sessions')
      expect(page.status).toBe(200)
      expect(page.headers.get('content-security-policy')).toContain("default-src 'none'")
      expect(page.headers.get('x-frame-options')).toBe('DENY')
    })

    it('never redirects off-site after login', async () => {
      const client = new Client(server.url)
      const csrf = await client.loginForm()
      const res = await client.request('/app/login?next=%2F%2Fevil.example%2Fapp%2F', {
        method: 'POST',
        form: { key: seeded.secretKey, _csrf: csrf },
      })
      expect(res.headers.get('location')).toBe('/app/issues')
    })

    it('lands where the user was going: the login form posts the page it was asked for back', async () => {
      const client = new Client(server.url)
      const asked = await client.request('/app/tickets/LOCAL-1?x=1')
      const loginUrl = asked.headers.get('location') ?? ''
      const form = await (await client.request(loginUrl)).text()
      const action = /<form method="post" action="([^"]+)"/.exec(form)?.[1]?.replaceAll('&amp;', '&')
      expect(action).toBe('/app/login?next=%2Fapp%2Ftickets%2FLOCAL-1%3Fx%3D1')
      const res = await client.request(action ?? '', {
        method: 'POST',
        form: { key: seeded.secretKey, _csrf: csrfOf(form) },
      })
      expect(res.headers.get('location')).toBe('/app/tickets/LOCAL-1?x=1')
      // A login page opened on its own, or asked to go off-site, lands on Issues, the dashboard's first page.
      const plain = new Client(server.url)
      const offsite = await (await plain.request('/app/login?next=%2F%2Fevil.example%2Fapp%2F')).text()
      expect(/<form method="post" action="([^"]+)"/.exec(offsite)?.[1]).toBe('/app/login')
      expect((await plain.login(seeded.secretKey)).headers.get('location')).toBe('/app/issues')
    })

    it('charts the implied NPS per day and per department from the stored scores', async () => {
      const client = new Client(server.url)
      await client.login(seeded.secretKey)
      const html = await (await client.request('/app/sessions?days=30')).text()
      const latest = await sql<{ n: number }>`
        select count(distinct session_id)::int as n from scores where project_id = ${seeded.projectId} and status = 'scored'
      `.execute(database.db)
      const scored = latest.rows[0]?.n ?? 0
      expect(scored).toBeGreaterThan(40)
      const bars = [...html.matchAll(/<g class="bar" data-day="([\d-]+)" data-total="(\d+)"/g)]
      expect(bars).toHaveLength(30)
      expect(bars.reduce((sum, m) => sum + Number(m[2]), 0)).toBe(scored)
      expect(bars.filter((m) => Number(m[2]) > 0).length).toBeGreaterThanOrEqual(10)
      expect(html).toMatch(/<rect [^>]*fill="#d9534f"/)
      const depts = [...html.matchAll(/<g class="dept" data-department="([^"]+)" data-total="(\d+)"/g)]
      expect(depts.length).toBeGreaterThan(0)
      expect(depts.reduce((sum, m) => sum + Number(m[2]), 0)).toBe(scored)
      const bins = [...html.matchAll(/<g class="bin" data-score="(\d+)" data-count="(\d+)"/g)]
      expect(bins.reduce((sum, m) => sum + Number(m[2]), 0)).toBe(scored)
      const week = [
        ...(await (await client.request('/app/sessions?days=7')).text()).matchAll(/<g class="bar" /g),
      ]
      expect(week).toHaveLength(7)
    })

    it('lists every session, lowest score first, 50 a page, and shows a timeline with envelopes', async () => {
      const client = new Client(server.url)
      await client.login(seeded.secretKey)
      const html = await (await client.request('/app/sessions')).text()
      const scores = [...html.matchAll(/<span class="score \w+">([\d.]+)<\/span>/g)].map((m) => Number(m[1]))
      expect(scores.length).toBe(Math.min(50, seeded.scored))
      expect([...scores].sort((a, b) => a - b)).toEqual(scores)
      expect(html).toContain(`${seeded.sessionIds.length} sessions`)
      expect(html).toContain('Page 1 of 2')
      const lowest = await sql<{ intent: string }>`
        select intent from scores where project_id = ${seeded.projectId} order by score asc limit 1
      `.execute(database.db)
      expect(html).toContain(
        lowest.rows[0]?.intent.replaceAll('&', '&amp;').replaceAll("'", '&#39;') ?? 'missing',
      )

      const errored = seeded.erroredSessionIds[0] ?? ''
      const detail = await client.request(`/app/sessions/${encodeURIComponent(errored)}`)
      expect(detail.status).toBe(200)
      const page = await detail.text()
      expect(page).toContain('<ol class="timeline" id="timeline">')
      expect(page).toContain('$pageview')
      expect(page).toMatch(/<li class="error">/)
      expect(page).toMatch(/<li class="feedback">/)
      expect(page).toContain('The invite button does nothing')
      expect((await client.request('/app/sessions/nope')).status).toBe(404)
    })

    it('shows tickets with their validation and the digest inline, as safe HTML', async () => {
      const client = new Client(server.url)
      await client.login(seeded.secretKey)
      const clusters = await (await client.request('/app/clusters')).text()
      expect(clusters).toContain('Triage of 2026-W48.')
      const rows = [...clusters.matchAll(/<tr data-cluster="([^"]+)"/g)].map((m) => m[1])
      expect(rows).toEqual(['cluster-checkout-typeerror', 'cluster-billing-invoice'])
      expect(clusters).toContain('P2 high')
      expect(clusters).toContain('7 users')
      expect(clusters).toContain('18%')
      expect(clusters).toContain('rising')
      expect(clusters).toContain('fp_3f2a9c1d7e5b4…')
      expect(clusters).toContain('held-for-humans')
      expect(clusters).toContain('back-to-baseline')
      expect(clusters).toContain('1.0.1: 41 → 2')
      expect(clusters).toContain('Every ticket belongs to a cluster above.')
      // The sample is the stored (scrubbed) envelope of a member.
      expect(clusters).toContain(`&quot;id&quot;: &quot;${seeded.errorEnvelopeIds[0]}&quot;`)
      const digest = await (await client.request('/app/digest')).text()
      expect(digest).not.toContain('<iframe')
      expect(digest).toContain('<h1>Digest 2026-W48</h1>')
      expect(digest).toContain('<li>TypeError on /checkout/:id</li>')
      const md = await client.request('/app/digest/2026-W48/markdown')
      expect(md.headers.get('content-type')).toContain('text/markdown')
      expect(await md.text()).toContain('# Digest 2026-W48')
      expect((await client.request('/app/digest/2026-W01')).status).toBe(404)
    })

    it('lists an error in "Latest errors" as soon as it is stored: no session timeout, no weekly triage', async () => {
      const client = new Client(server.url)
      await client.login(seeded.secretKey)
      const before = await (await client.request('/app/errors')).text()
      expect(before).not.toContain('Checkout button exploded just now')
      const stored = parseEnvelope({
        id: 'env_latest_errors_1',
        schemaVersion: 1,
        kind: 'error',
        occurredAt: new Date().toISOString(),
        app: { name: 'shop', release: '1.0.0', environment: 'production' },
        route: { template: '/checkout/:id', url: 'https://shop.example/checkout/1' },
        error: {
          type: 'TypeError',
          message: 'Checkout button exploded just now',
          handled: false,
          mechanism: 'boundary',
        },
      })
      if (!stored.ok) throw new Error(JSON.stringify(stored.issues))
      await storeEnvelopes(database.db, seeded.projectId, [stored.value])
      const after = await (await client.request('/app/errors')).text()
      expect(after).toContain('TypeError: Checkout button exploded just now')
      expect(after).toContain('data-envelope="env_latest_errors_1"')
    })

    it('filters by ?env= (an envelope without one is production) and refuses a bad one naming the field', async () => {
      const client = new Client(server.url)
      await client.login(seeded.secretKey)
      const envelope = (id: string, message: string, environment: string | undefined) => {
        const parsed = parseEnvelope({
          id,
          schemaVersion: 1,
          kind: 'error',
          occurredAt: new Date().toISOString(),
          app: { name: 'shop', release: '1.0.0', ...(environment ? { environment } : {}) },
          route: { template: '/checkout/:id' },
          error: { type: 'TypeError', message, handled: false, mechanism: 'boundary' },
        })
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
        return parsed.value
      }
      await storeEnvelopes(database.db, seeded.projectId, [
        envelope('env_filter_staging_1', 'Only on staging', 'staging'),
        envelope('env_filter_unnamed_1', 'From an SDK without a mode', undefined),
      ])
      const staging = await (await client.request('/app/errors?env=staging')).text()
      expect(staging).toContain('Only on staging')
      expect(staging).not.toContain('From an SDK without a mode')
      expect(staging).toMatch(/<a href="\/app\/errors\?env=staging" class="active">staging<\/a>/)
      const production = await (await client.request('/app/errors?env=production')).text()
      expect(production).toContain('From an SDK without a mode')
      expect(production).not.toContain('Only on staging')
      const all = await (await client.request('/app/errors')).text()
      expect(all).toContain('Only on staging')
      expect(all).toContain('From an SDK without a mode')

      const refused = await client.request('/app/errors?env=prod%20uction')
      expect(refused.status).toBe(400)
      expect(await refused.text()).toContain('The field &quot;env&quot; is invalid')
      expect((await client.request('/app/clusters?env=%3Cscript%3E')).status).toBe(400)

      // Clusters are stored for the environments the loop runs for; another one points at the CLI.
      const clusters = await (await client.request('/app/clusters')).text()
      expect(clusters).toContain('Environments: production.')
      const other = await (await client.request('/app/clusters?env=staging')).text()
      expect(other).toContain('id="env-not-triaged"')
      expect(other).toContain('pnpm suture triage --env staging')
      expect(other).not.toContain('<tr data-cluster=')
    })

    it('shows shadow mode on the digest page and goes live on the button, recording who and when', async () => {
      const client = new Client(server.url)
      await client.login(seeded.secretKey)
      const page = await (await client.request('/app/digest')).text()
      expect(page).toContain('shadow mode</span> Nothing is filed')
      const csrf = csrfOf(page)
      const nobody = await client.request('/app/go-live', { method: 'POST', form: { by: ' ', _csrf: csrf } })
      expect(nobody.status).toBe(400)
      const noCsrf = await client.request('/app/go-live', { method: 'POST', form: { by: 'Ana' } })
      expect(noCsrf.status).toBe(403)
      const res = await client.request('/app/go-live', { method: 'POST', form: { by: 'Ana', _csrf: csrf } })
      expect(res.status).toBe(303)
      expect(res.headers.get('location')).toBe('/app/digest?live=1')
      const row = await database.db
        .selectFrom('project_go_live')
        .selectAll()
        .where('project_id', '=', seeded.projectId)
        .executeTakeFirstOrThrow()
      expect(row.went_live_by).toMatch(/^Ana \(dashboard:key_/)
      const after = await (await client.request('/app/digest?live=1')).text()
      expect(after).toContain('Live since')
      expect(after).toContain('decided by Ana')
      expect(after).not.toContain('Go live</button>')
    })

    it('refuses posts without the CSRF token or from another site', async () => {
      const client = new Client(server.url)
      await client.login(seeded.secretKey)
      const page = await (await client.request('/app/clusters')).text()
      const csrf = csrfOf(page)
      const missing = await client.request('/app/pairs/decision', {
        method: 'POST',
        form: { a: 'x', b: 'y', answer: 'same' },
      })
      expect(missing.status).toBe(403)
      const cross = await client.request('/app/pairs/decision', {
        method: 'POST',
        form: { a: 'x', b: 'y', answer: 'same', _csrf: csrf },
        headers: { 'sec-fetch-site': 'cross-site' },
      })
      expect(cross.status).toBe(403)
      const bad = await client.request('/app/pairs/decision', {
        method: 'POST',
        form: { a: 'x', b: 'y', answer: 'maybe', _csrf: csrf },
      })
      expect(bad.status).toBe(400)
      expect(await bad.text()).toContain('&quot;answer&quot;')
    })

    it('stores "Same" / "Different" on a needs-confirmation pair, ordered as the table keeps it, idempotently', async () => {
      const client = new Client(server.url)
      await client.login(seeded.secretKey)
      const page = await (await client.request('/app/clusters')).text()
      const [a, b] = seeded.errorEnvelopeIds as [string, string]
      expect(page).toContain(`<tr data-pair="${b}|${a}" data-answer="">`)
      const csrf = csrfOf(page)
      // The Claude judge's answer is stored like a person's; the page says it was the model's.
      await storePairDecision(database.db, seeded.projectId, {
        a,
        b,
        answer: 'same',
        decidedBy: 'model:claude-haiku-4-5',
      })
      const judged = await (await client.request('/app/clusters')).text()
      expect(judged).toContain(`<tr data-pair="${b}|${a}" data-answer="same">`)
      expect(judged).toContain('by the model (claude-haiku-4-5); your answer replaces it')
      const decisions = () =>
        database.db
          .selectFrom('pair_decisions')
          .selectAll()
          .where('project_id', '=', seeded.projectId)
          .execute()

      for (const round of [1, 2]) {
        const res = await client.request('/app/pairs/decision', {
          method: 'POST',
          form: { a: b, b: a, answer: 'same', _csrf: csrf },
        })
        expect(res.status, `round ${round}`).toBe(303)
        expect(res.headers.get('location')).toBe('/app/clusters?decided=same#pairs')
      }
      const stored = await decisions()
      expect(stored).toHaveLength(1)
      const row = stored[0]
      expect(row?.answer).toBe('same')
      expect(row?.decided_by).toMatch(/^dashboard:key_/)
      expect(new Set([row?.a, row?.b])).toEqual(new Set([a, b]))
      // The clusters travel with the answer, so a later week applies it to the same two problems.
      expect(row?.a === b ? row?.cluster_a : row?.cluster_b).toBe('cluster-billing-invoice')
      const after = await (await client.request('/app/clusters?decided=same')).text()
      expect(after).toContain(`data-answer="same"`)
      expect(after).toContain('in the dashboard')
      expect(after).not.toContain('by the model')
      expect(after).toContain('The next triage run will merge these two.')

      const changed = await client.request('/app/pairs/decision', {
        method: 'POST',
        form: { a, b, answer: 'different', _csrf: csrf },
      })
      expect(changed.status).toBe(303)
      expect((await decisions()).map((d) => d.answer)).toEqual(['different'])

      const unknown = await client.request('/app/pairs/decision', {
        method: 'POST',
        form: { a, b: 'not-a-pair', answer: 'same', _csrf: csrf },
      })
      expect(unknown.status).toBe(404)
      expect(await decisions()).toHaveLength(1)
    })

    it('logs out: the cookie is cleared and the old session token no longer works', async () => {
      const client = new Client(server.url)
      await client.login(seeded.secretKey)
      const token = client.jar.get('suture_dash') ?? ''
      const csrf = csrfOf(await (await client.request('/app/sessions')).text())
      const out = await client.request('/app/logout', { method: 'POST', form: { _csrf: csrf } })
      expect(out.status).toBe(303)
      expect(out.headers.get('location')).toBe('/app/login?out=1')
      expect(client.jar.has('suture_dash')).toBe(false)
      const replay = new Client(server.url)
      replay.jar.set('suture_dash', token)
      expect((await replay.request('/app/sessions')).status).toBe(302)
    })

    it('logs out on every server sharing the store, and after a restart', async () => {
      // Two servers of one deployment (one SUTURE_DASHBOARD_SECRET, one database), as behind a load balancer.
      // The secret is read when a server builds its dashboard, as `suture serve` reads it from the environment.
      const start = async () => {
        const before = process.env.SUTURE_DASHBOARD_SECRET
        process.env.SUTURE_DASHBOARD_SECRET = 'shared-dashboard-secret-for-two-servers'
        try {
          return await startServer({ database, closeDatabase: false })
        } finally {
          if (before === undefined) delete process.env.SUTURE_DASHBOARD_SECRET
          else process.env.SUTURE_DASHBOARD_SECRET = before
        }
      }
      const [a, b] = await Promise.all([start(), start()])
      let restarted: RunningServer | undefined
      try {
        const client = new Client(a.url)
        await client.login(seeded.secretKey)
        const token = client.jar.get('suture_dash') ?? ''
        const onB = new Client(b.url)
        onB.jar.set('suture_dash', token)
        expect((await onB.request('/app/sessions')).status).toBe(200)
        const csrf = csrfOf(await (await client.request('/app/sessions')).text())
        expect((await client.request('/app/logout', { method: 'POST', form: { _csrf: csrf } })).status).toBe(
          303,
        )
        // Server B never saw the logout, but refuses the cookie.
        expect((await onB.request('/app/sessions')).status).toBe(302)
        // Nor does a server started afterwards (A after a restart) take it back.
        await a.close()
        restarted = await start()
        const onRestarted = new Client(restarted.url)
        onRestarted.jar.set('suture_dash', token)
        expect((await onRestarted.request('/app/sessions')).status).toBe(302)
        // Another browser's session is untouched.
        const other = new Client(b.url)
        await other.login(seeded.secretKey)
        expect((await other.request('/app/sessions')).status).toBe(200)
      } finally {
        await Promise.all([a.close().catch(() => {}), b.close(), restarted?.close()])
      }
    })

    it('ends sessions when their secret key is revoked, and refuses forged cookies', async () => {
      const other = await createProject(database.db, { name: 'Empty project' })
      const client = new Client(server.url)
      await client.login(other.secretKey)
      const empty = await (await client.request('/app/sessions')).text()
      expect(empty).toContain('No scores yet — run `pnpm suture score`')
      expect(empty).not.toContain('data-day=')
      expect(await (await client.request('/app/clusters')).text()).toContain('No clusters yet')
      expect(await (await client.request('/app/digest')).text()).toContain('No digest yet')
      const keyId = (
        await database.db
          .selectFrom('api_keys')
          .select('id')
          .where('project_id', '=', other.projectId)
          .where('kind', '=', 'secret')
          .executeTakeFirstOrThrow()
      ).id
      await revokeKey(database.db, keyId)
      expect((await client.request('/app/sessions')).status).toBe(302)

      // The same cookie naming another project (as current and in the list) fails its signature.
      const forged = new Client(server.url)
      forged.jar.set(
        'suture_dash',
        (client.jar.get('suture_dash') ?? '').replaceAll(other.projectId, seeded.projectId),
      )
      expect(forged.jar.get('suture_dash')).toContain(seeded.projectId)
      expect((await forged.request('/app/sessions')).status).toBe(302)
    })

    describe('several projects in one browser', () => {
      const secretKeyId = async (projectId: string) =>
        (
          await database.db
            .selectFrom('api_keys')
            .select('id')
            .where('project_id', '=', projectId)
            .where('kind', '=', 'secret')
            .executeTakeFirstOrThrow()
        ).id
      const storeError = async (projectId: string, id: string, message: string) => {
        const parsed = parseEnvelope({
          id,
          schemaVersion: 1,
          kind: 'error',
          occurredAt: new Date().toISOString(),
          app: { name: 'shop', release: '1.0.0', environment: 'production' },
          route: { template: '/admin/users' },
          error: { type: 'RangeError', message, handled: false, mechanism: 'boundary' },
        })
        if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues))
        await storeEnvelopes(database.db, projectId, [parsed.value])
      }
      /** The current project's name, as the header's project menu shows it. */
      const currentOf = (html: string) =>
        /<summary><span class="label">Project<\/span> <span class="name"[^>]*>([^<]*)</.exec(html)?.[1]
      const menuOf = (html: string) => [...html.matchAll(/<li[^>]*data-project="([^"]+)"/g)].map((m) => m[1])
      const switchTo = async (client: Client, project: string, from: string, csrf?: string) =>
        client.request('/app/switch', {
          method: 'POST',
          form: { project, from, _csrf: csrf ?? csrfOf(await (await client.request('/app/issues')).text()) },
        })

      it('signs in to a second project without leaving the first, and switches on the same kind of page', async () => {
        const admin = await createProject(database.db, { name: 'Admin app' })
        await storeError(admin.projectId, 'env_switch_admin_1', 'Only the admin app fails like this')
        await storeError(seeded.projectId, 'env_switch_shop_1', 'Only the shop fails like this')
        const client = new Client(server.url)
        await client.login(seeded.secretKey)
        const single = await (await client.request('/app/issues')).text()
        expect(currentOf(single)).toBe('Demo shop')
        expect(menuOf(single)).toEqual([]) // one project: a name and "Add another project", nothing to switch to
        expect(single).toContain('href="/app/login?add=1">Add another project</a>')
        expect(single).toContain('>Log out</button>')

        const adding = await (await client.request('/app/login?add=1')).text()
        expect(adding).toContain('Add another project</h1>')
        expect(adding).toContain('You stay signed in to Demo shop.')
        const added = await client.request('/app/login', {
          method: 'POST',
          form: { key: admin.secretKey, _csrf: csrfOf(adding) },
        })
        expect(added.status).toBe(303)
        expect(added.headers.get('location')).toBe('/app/issues')

        // The project signed in to last is current; every page shows its data only.
        const errors = await (await client.request('/app/errors')).text()
        expect(currentOf(errors)).toBe('Admin app')
        expect(menuOf(errors)).toEqual([seeded.projectId, admin.projectId])
        expect(errors).toContain('>Log out of all 2 projects</button>')
        expect(errors).toContain('Only the admin app fails like this')
        expect(errors).not.toContain('Only the shop fails like this')
        const adminSessions = await (await client.request('/app/sessions')).text()
        expect(adminSessions).not.toContain(`${seeded.sessionIds.length} sessions`)
        expect(await (await client.request('/app/issues')).text()).not.toContain('TypeError on /checkout/:id')
        expect(
          (await client.request(`/app/sessions/${encodeURIComponent(seeded.sessionIds[0] ?? '')}`)).status,
        ).toBe(404)

        // A list page stays itself, keeping the filters every project shares (not a search of this one).
        const csrf = csrfOf(errors)
        const toShop = await switchTo(
          client,
          seeded.projectId,
          '/app/sessions?days=7&q=checkout&page=2',
          csrf,
        )
        expect(toShop.status).toBe(303)
        expect(toShop.headers.get('location')).toBe('/app/sessions?days=7')
        const shopSessions = await (await client.request('/app/sessions?days=7')).text()
        expect(currentOf(shopSessions)).toBe('Demo shop')
        expect(shopSessions).toContain(`${seeded.sessionIds.length} sessions`)
        const shopErrors = await (await client.request('/app/errors')).text()
        expect(shopErrors).toContain('Only the shop fails like this')
        expect(shopErrors).not.toContain('Only the admin app fails like this')
        // The session cookie's nonce is unchanged by a switch, so the form token of the other page still works.
        expect(csrfOf(shopErrors)).toBe(csrf)

        // A detail page names an id of the old project: the other project opens on that kind's list.
        const detail = `/app/sessions/${encodeURIComponent(seeded.sessionIds[0] ?? '')}`
        expect((await switchTo(client, admin.projectId, detail)).headers.get('location')).toBe(
          '/app/sessions',
        )
        expect(
          (await switchTo(client, seeded.projectId, '/app/tickets/LOCAL-1')).headers.get('location'),
        ).toBe('/app/issues')
        expect(
          (
            await switchTo(client, admin.projectId, '/app/issues/cluster-checkout-typeerror?week=2026-W48')
          ).headers.get('location'),
        ).toBe('/app/issues?week=2026-W48')
        for (const from of ['https://evil.example/app/issues', '//evil.example/app/', '/app/nowhere', '']) {
          expect((await switchTo(client, admin.projectId, from)).headers.get('location'), from).toBe(
            '/app/issues',
          )
        }

        // A link written for the other project offers the switch, which lands on that very issue.
        const link = `/app/issues/cluster-checkout-typeerror?project=${seeded.projectId}`
        const elsewhere = await client.request(link)
        expect(elsewhere.status).toBe(403)
        const page = await elsewhere.text()
        expect(page).toContain('It is in Demo shop; you are looking at Admin app.')
        expect(page).toContain('Switch to Demo shop</button>')
        const followed = await switchTo(client, seeded.projectId, link, csrfOf(page))
        expect(followed.headers.get('location')).toBe(link)
        expect((await client.request(link)).status).toBe(200)
      })

      it('refuses a switch without the CSRF token, from another site, or to a project not signed in to', async () => {
        const admin = await createProject(database.db, { name: 'Admin app', allowDuplicate: true })
        const client = new Client(server.url)
        await client.login(seeded.secretKey)
        await client.login(admin.secretKey)
        const csrf = csrfOf(await (await client.request('/app/issues')).text())
        const noCsrf = await client.request('/app/switch', {
          method: 'POST',
          form: { project: seeded.projectId, from: '/app/issues' },
        })
        expect(noCsrf.status).toBe(403)
        const cross = await client.request('/app/switch', {
          method: 'POST',
          form: { project: seeded.projectId, from: '/app/issues', _csrf: csrf },
          headers: { 'sec-fetch-site': 'cross-site' },
        })
        expect(cross.status).toBe(403)
        const stranger = await createProject(database.db, { name: 'Not signed in' })
        const unknown = await switchTo(client, stranger.projectId, '/app/issues', csrf)
        expect(unknown.status).toBe(403)
        expect(await unknown.text()).toContain('not signed in to that project')
        const missing = await client.request('/app/switch', { method: 'POST', form: { _csrf: csrf } })
        expect(missing.status).toBe(400)
        expect(await missing.text()).toContain('The field &quot;project&quot; is missing')
        // Nothing changed: still the admin app.
        expect(currentOf(await (await client.request('/app/issues')).text())).toBe('Admin app')
        expect(client.setCookies.filter((c) => c.startsWith('suture_dash=')).length).toBe(2)
      })

      it('revoking one key signs the browser out of that project only, saying so once', async () => {
        const web = await createProject(database.db, { name: 'Web app', allowDuplicate: true })
        const ops = await createProject(database.db, { name: 'Ops console' })
        const client = new Client(server.url)
        await client.login(web.secretKey)
        await client.login(ops.secretKey)
        const before = client.jar.get('suture_dash') ?? ''
        expect(currentOf(await (await client.request('/app/issues')).text())).toBe('Ops console')

        await revokeKey(database.db, await secretKeyId(ops.projectId))
        const res = await client.request('/app/issues')
        expect(res.status).toBe(200)
        const html = await res.text()
        expect(currentOf(html)).toBe('Web app')
        expect(menuOf(html)).toEqual([])
        expect(html).toContain('Signed out of Ops console: its secret key was revoked.')
        // The cookie was rewritten without it: the note is said once, and the old cookie still only opens Web app.
        expect(client.jar.get('suture_dash')).not.toBe(before)
        expect(client.jar.get('suture_dash')).not.toContain(ops.projectId)
        expect(await (await client.request('/app/issues')).text()).not.toContain('Signed out of')
        const csrf = csrfOf(html)
        expect((await switchTo(client, ops.projectId, '/app/issues', csrf)).status).toBe(403)
        const replay = new Client(server.url)
        replay.jar.set('suture_dash', before)
        expect(currentOf(await (await replay.request('/app/issues')).text())).toBe('Web app')

        // Revoking the key of the last project left ends the session.
        await revokeKey(database.db, await secretKeyId(web.projectId))
        expect((await client.request('/app/issues')).status).toBe(302)
      })

      it('signs out of one project keeping the others, and logs out of all of them', async () => {
        const one = await createProject(database.db, { name: 'First app', allowDuplicate: true })
        const two = await createProject(database.db, { name: 'Second app', allowDuplicate: true })
        const three = await createProject(database.db, { name: 'Third app', allowDuplicate: true })
        const client = new Client(server.url)
        for (const p of [one, two, three]) await client.login(p.secretKey)
        const before = client.jar.get('suture_dash') ?? ''
        const page = await (await client.request('/app/errors')).text()
        expect(page).toContain('Sign out<span class="sr-only"> of Second app</span>')

        // Signing out of another project keeps the page; out of the current one, the first left opens its list.
        const other = await client.request('/app/sign-out', {
          method: 'POST',
          form: { project: two.projectId, from: '/app/errors?env=production', _csrf: csrfOf(page) },
        })
        expect(other.status).toBe(303)
        expect(other.headers.get('location')).toBe('/app/errors?env=production')
        const after = await (await client.request('/app/errors')).text()
        expect(menuOf(after)).toEqual([one.projectId, three.projectId])
        expect(currentOf(after)).toBe('Third app')
        // The cookie from before still named the project: its nonce is revoked.
        const replay = new Client(server.url)
        replay.jar.set('suture_dash', before)
        expect((await replay.request('/app/issues')).status).toBe(302)

        const current = await client.request('/app/sign-out', {
          method: 'POST',
          form: { project: three.projectId, from: '/app/sessions/some-session', _csrf: csrfOf(after) },
        })
        expect(current.headers.get('location')).toBe('/app/sessions')
        const left = await (await client.request('/app/issues')).text()
        expect(currentOf(left)).toBe('First app')
        expect(left).toContain('>Log out</button>')

        await client.login(two.secretKey)
        const out = await client.request('/app/logout', {
          method: 'POST',
          form: { _csrf: csrfOf(await (await client.request('/app/issues')).text()) },
        })
        expect(out.headers.get('location')).toBe('/app/login?out=all')
        expect(client.jar.has('suture_dash')).toBe(false)
        expect(await (await client.request('/app/login?out=all')).text()).toContain(
          'You are logged out of every project this browser was signed in to.',
        )
        expect((await client.request('/app/issues')).status).toBe(302)
      })

      it('holds at most 10 projects and says so, still taking a new key of one it holds', async () => {
        const made = []
        for (let i = 0; i < 11; i++) made.push(await createProject(database.db, { name: `Cap ${i}` }))
        const client = new Client(server.url)
        for (const p of made.slice(0, 10)) expect((await client.login(p.secretKey)).status).toBe(303)
        const page = await (await client.request('/app/issues')).text()
        expect(menuOf(page)).toHaveLength(10)
        expect(page).toContain('Signed in to 10 projects, the most one session holds')
        expect(page).not.toContain('Add another project</a>')
        const refused = await client.login(made[10]?.secretKey ?? '')
        expect(refused.status).toBe(409)
        expect(await refused.text()).toContain('signed in to 10 projects, the most one session holds')
        expect(currentOf(await (await client.request('/app/issues')).text())).toBe('Cap 9')
        // Signing in again to a project already held is not an eleventh.
        const again = await client.login(made[0]?.secretKey ?? '')
        expect(again.status).toBe(303)
        expect(currentOf(await (await client.request('/app/issues')).text())).toBe('Cap 0')
        expect((client.jar.get('suture_dash') ?? '').length).toBeLessThan(1_000)
      })
    })

    it('mounts on any Hono app at its own base path, with its own secret', async () => {
      const app = mountDashboard(
        new Hono(),
        { database },
        { basePath: '/admin/', sessionSecret: 'y'.repeat(32) },
      )
      const res = await app.request('/admin/sessions')
      expect(res.status).toBe(302)
      expect(res.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fsessions')
      const login = await app.request('/admin/login')
      expect(await login.text()).toContain('action="/admin/login"')
      expect(login.headers.get('set-cookie')).toMatch(/Path=\/admin/)
      expect(() => mountDashboard(new Hono(), { database }, { sessionSecret: 'short' })).toThrow(
        /at least 32 bytes/,
      )
    })

    it('still opens the dashboard with a v1 cookie from before sessions held several projects', async () => {
      const secret = 'z'.repeat(32)
      const app = mountDashboard(new Hono(), { database }, { sessionSecret: secret })
      const keyId = (
        await database.db
          .selectFrom('api_keys')
          .select('id')
          .where('project_id', '=', seeded.projectId)
          .where('kind', '=', 'secret')
          .where('revoked_at', 'is', null)
          .executeTakeFirstOrThrow()
      ).id
      const body = `v1.${seeded.projectId}.${keyId}.${Math.floor(Date.now() / 1000) + 600}.oldnonce`
      const v1 = `${body}.${createHmac('sha256', secret).update(`session\u0000${body}`).digest('base64url')}`
      const res = await app.request('/app/issues', { headers: { cookie: `suture_dash=${v1}` } })
      expect(res.status).toBe(200)
      expect(await res.text()).toContain('<span class="name" title="Demo shop">Demo shop</span>')
      // Anything else in the cookie sends the browser to the login page, never to an error.
      for (const cookie of [`${body}.forged`, 'v1.a.b', 'v2', 'v1.%%%.x', `v9.${body.slice(3)}.x`]) {
        const bad = await app.request('/app/issues', { headers: { cookie: `suture_dash=${cookie}` } })
        expect(bad.status, cookie).toBe(302)
      }
    })

    it('leaves the ingest API as it was', async () => {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
      const res = await fetch(`${server.url}/v1/nothing`)
      expect(res.headers.get('content-type')).toContain('application/json')
    })
  })
}
