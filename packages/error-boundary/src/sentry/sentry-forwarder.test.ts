// biome-ignore-all lint/correctness/noNodejsModules: the fake Sentry ingest server runs in Node, beside happy-dom.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import * as Sentry from '@sentry/browser'
import { fingerprint, parseStack } from '@suture/envelope'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addBreadcrumb, captureError } from '../client/hub.js'
import { waitFor } from '../testing/receiver.js'
import { startTestClient } from '../testing/setup-client.js'
import { sentryForwarder } from './sentry-forwarder.js'

interface SentryEvent {
  tags?: Record<string, string>
  contexts?: Record<string, Record<string, unknown>>
  fingerprint?: string[]
  breadcrumbs?: { category?: string; message?: string }[]
  user?: { id?: string }
  exception?: { values?: { type?: string; value?: string; mechanism?: { type?: string } }[] }
}

/** A stand-in for Sentry's envelope endpoint: newline-delimited JSON, event items collected. */
async function startSentryIngest() {
  const events: SentryEvent[] = []
  const server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*')
    res.setHeader('access-control-allow-headers', '*')
    res.setHeader('access-control-allow-methods', 'POST, OPTIONS')
    if (req.method === 'OPTIONS') return void res.writeHead(204).end()
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const lines = Buffer.concat(chunks).toString('utf8').split('\n')
      for (let i = 1; i + 1 < lines.length; i += 2) {
        const header = JSON.parse(lines[i] ?? '{}') as { type?: string }
        if (header.type === 'event') events.push(JSON.parse(lines[i + 1] ?? '{}') as SentryEvent)
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    dsn: `http://publickey@127.0.0.1:${port}/1`,
    events,
    close: () => new Promise((r) => server.close(r)),
  }
}

describe('sentryForwarder', () => {
  let sentry: Awaited<ReturnType<typeof startSentryIngest>>
  let suture: Awaited<ReturnType<typeof startTestClient>>

  beforeAll(async () => {
    sentry = await startSentryIngest()
    Sentry.init({ dsn: sentry.dsn, defaultIntegrations: false })
    history.replaceState(null, '', '/settings/members')
    suture = await startTestClient({
      getFlags: () => ({ newInviteFlow: true }),
      getActor: () => ({ id: 'user_1' }),
      forward: sentryForwarder(),
    })
  })
  afterAll(async () => {
    await suture.stop()
    await Sentry.close()
    await sentry.close()
  })

  it('sends each error to Sentry with route, flags, attempting, breadcrumbs and fingerprint mapped', async () => {
    addBreadcrumb('Opened the invite dialog')
    const id = captureError(new TypeError('inviter is null'), {
      boundary: 'MembersPage',
      attempting: 'inviting',
    })
    const event = await waitFor(() => sentry.events[0], 10_000, 'the Sentry event')
    const envelope = await waitFor(() => suture.receiver.envelopes()[0], 5_000, 'the Suture envelope')
    expect(event.tags).toMatchObject({
      route: '/settings/members',
      boundary: 'MembersPage',
      'suture.envelope_id': id,
      'suture.mechanism': 'manual',
    })
    expect(event.contexts?.flags).toEqual({ newInviteFlow: true })
    expect(event.contexts?.suture).toMatchObject({ attempting: 'inviting', route: '/settings/members' })
    // The same fingerprint the server derives from the raw stack the envelope carries.
    const sent = envelope.error as { type: string; message: string; stack: string }
    expect(event.fingerprint).toEqual([fingerprint({ ...sent, frames: parseStack(sent.stack) })])
    expect(event.user?.id).toBe((envelope.actor as { idHash: string }).idHash)
    expect(event.breadcrumbs?.map((b) => b.message)).toContain('Opened the invite dialog')
    expect(event.exception?.values?.[0]).toMatchObject({ type: 'TypeError', value: 'inviter is null' })
  })

  it('gives Sentry route templates where the envelope carries the raw path', async () => {
    history.pushState(null, '', '/users/123')
    captureError(new TypeError('user is null'))
    const event = await waitFor(() => sentry.events[1], 10_000, 'the second Sentry event')
    const envelope = await waitFor(() => suture.receiver.envelopes()[1], 5_000, 'the second envelope')
    expect(envelope.route).toMatchObject({ template: '/users/123' })
    expect(event.tags).toMatchObject({ route: '/users/:id' })
    expect(event.contexts?.suture).toMatchObject({ attempting: 'viewing /users/:id', route: '/users/:id' })
    expect(event.breadcrumbs?.map((b) => b.message)).toContain('Navigated to /users/:id')
  })
})
