import { fileTickets, LocalTracker } from '@suture/pm-agent'
import { sampleCluster } from '@suture/pm-agent/testing'
import type { SutureDatabase } from '@suture/store'
import { createProject } from '@suture/store'
import { TEST_DATABASES } from '@suture/store/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningServer, startServer } from '../server/start-server.js'

/** Keeps cookies and never follows redirects, like a browser's form post over real HTTP. */
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
    const res = await this.request('/app/login', { method: 'POST', form: { key, _csrf: csrfOf(html) } })
    if (res.status !== 303) throw new Error(`login failed: ${res.status}`)
  }
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? ''

for (const backend of TEST_DATABASES) {
  describe.skipIf(!backend.available)(`the Andon page on ${backend.name}`, () => {
    let database: SutureDatabase
    let server: RunningServer
    let projectId: string
    let secretKey: string
    let ticketId: string

    beforeAll(async () => {
      database = await backend.open()
      const db = database.db
      ;({ projectId, secretKey } = await createProject(db, { name: 'andon-page' }))
      await db
        .insertInto('route_quarantine')
        .values({
          project_id: projectId,
          route_template: '/billing',
          cluster_key: 'billing',
          release: 'r7',
          reason: 'the failure rate rose significantly after the fix',
        })
        .execute()
      const tracker = new LocalTracker({ db, projectId })
      const filed = await fileTickets({
        db,
        projectId,
        tracker,
        clusters: [sampleCluster({ key: 'billing', route: '/billing' })],
        runKey: 'w',
        shadow: false,
        clusterUrl: (k) => `https://suture.test/clusters/${k}`,
      })
      ticketId = filed.entries[0]?.ticket?.id ?? ''
      await tracker.update(ticketId, { addLabels: ['suture:escalated'] })
      await db
        .updateTable('ticket_links')
        .set({ iterations: 2, escalated: true, validation: 'andon', fix_release: 'r7' })
        .where('project_id', '=', projectId)
        .execute()
      server = await startServer({ database, keyCacheTtlMs: 0, closeDatabase: false })
    }, 120_000)
    afterAll(async () => {
      await server?.close()
      await database?.close()
    })

    it('clears a quarantine and resets a lineage from buttons, CSRF-checked, recording the dashboard key', async () => {
      const client = new Client(server.url)
      await client.login(secretKey)
      const page = await client.request('/app/andon')
      expect(page.status).toBe(200)
      const html = await page.text()
      expect(html).toContain('/billing')
      expect(html).toContain('Clear quarantine')
      expect(html).toContain('Reset counters')
      expect(html).toContain('andon cord (release r7)')

      // A form without the page's token (or posted from another site) is refused and changes nothing.
      const forged = await client.request('/app/andon/quarantine/clear', {
        method: 'POST',
        form: { route: '/billing', _csrf: 'forged' },
      })
      expect(forged.status).toBe(403)
      const csrf = csrfOf(html)
      const missing = await client.request('/app/andon/quarantine/clear', {
        method: 'POST',
        form: { _csrf: csrf },
      })
      expect(missing.status).toBe(400)

      const cleared = await client.request('/app/andon/quarantine/clear', {
        method: 'POST',
        form: { route: '/billing', _csrf: csrf },
      })
      expect(cleared.status).toBe(303)
      expect(cleared.headers.get('location')).toBe('/app/andon?done=cleared')
      const row = await database.db
        .selectFrom('route_quarantine')
        .select(['cleared_by', 'cleared_at'])
        .where('project_id', '=', projectId)
        .executeTakeFirstOrThrow()
      expect(row.cleared_by).toMatch(/^dashboard:/)
      expect(row.cleared_at).not.toBeNull()
      const twice = await client.request('/app/andon/quarantine/clear', {
        method: 'POST',
        form: { route: '/billing', _csrf: csrf },
      })
      expect(twice.status).toBe(404)

      const reset = await client.request('/app/andon/lineage/reset', {
        method: 'POST',
        form: { ticket: ticketId, _csrf: csrf },
      })
      expect(reset.status).toBe(303)
      expect(reset.headers.get('location')).toBe('/app/andon?done=reset')
      const history = await database.db
        .selectFrom('lineage_resets')
        .select(['reset_by', 'previous_iterations'])
        .where('project_id', '=', projectId)
        .execute()
      expect(history).toEqual([{ reset_by: row.cleared_by, previous_iterations: 2 }])
      const ticket = await new LocalTracker({ db: database.db, projectId }).get(ticketId)
      expect(ticket?.labels).not.toContain('suture:escalated')
      const after = await (await client.request('/app/andon?done=reset')).text()
      expect(after).toContain('Counters reset')
      expect(after).toContain('No route is quarantined')

      const unknown = await client.request('/app/andon/lineage/reset', {
        method: 'POST',
        form: { ticket: 'LOCAL-999', _csrf: csrf },
      })
      expect(unknown.status).toBe(404)
    }, 120_000)
  })
}
