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

      const forged = new Client(server.url)
      const [v, , k, exp, nonce, sig] = (client.jar.get('suture_dash') ?? '').split('.')
      forged.jar.set('suture_dash', [v, seeded.projectId, k, exp, nonce, sig].join('.'))
      expect((await forged.request('/app/sessions')).status).toBe(302)
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

    it('leaves the ingest API as it was', async () => {
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
      const res = await fetch(`${server.url}/v1/nothing`)
      expect(res.headers.get('content-type')).toContain('application/json')
    })
  })
}
