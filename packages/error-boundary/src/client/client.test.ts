import { type Envelope, parseEnvelope, parseStack } from '@suture/envelope'
import { completeEnvelope } from '@suture/envelope/ingest'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { networkBreadcrumbs } from '../breadcrumbs/network.js'
import { matchRoute } from '../route/match-route.js'
import { waitFor } from '../testing/receiver.js'
import { startTestClient } from '../testing/setup-client.js'
import { addBreadcrumb, captureError, captureFeedback, getClient } from './hub.js'

type Harness = Awaited<ReturnType<typeof startTestClient>>

describe('SutureClient', () => {
  let h: Harness
  afterEach(async () => {
    await h.stop()
    document.body.innerHTML = ''
  })

  describe('without getRouteTemplate', () => {
    it('sends raw paths and no attempting line, and the server completes both from what it sent', async () => {
      history.replaceState(null, '', '/orders/77')
      h = await startTestClient()
      document.body.innerHTML = '<button type="button">Save</button>'
      history.pushState(null, '', '/users/123')
      ;(document.querySelector('button') as HTMLButtonElement).click()
      captureError(new Error('on a raw path'))
      await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'the envelope')
      const env = h.receiver.envelopes()[0] as {
        route: { template: string }
        breadcrumbs: { type: string; label: string; data?: unknown }[]
        attempting: string
      }
      expect(env.route.template).toBe('/users/123')
      expect(env.breadcrumbs.find((b) => b.type === 'navigation')).toMatchObject({
        label: 'Navigated to /users/123',
        data: { from: '/orders/77', to: '/users/123', how: 'push' },
      })
      expect(env.attempting).toBeUndefined()
      expect(completeEnvelope(env as unknown as Envelope).attempting).toBe("clicking 'Save' on /users/:id")
    })
  })

  describe('with the default config', () => {
    beforeEach(async () => {
      history.replaceState(null, '', '/settings/members')
      h = await startTestClient({
        getActor: () => ({ id: 'user_42', role: 'admin', plan: 'pro' }),
        getWorkspace: () => ({ id: 'ws_1', name: 'Acme', plan: 'team' }),
        getFlags: () => ({ newInviteFlow: true, variant: 'b', limits: { seats: 5 } }),
        getRouteTemplate: (path) => matchRoute(['/settings/members', '/projects/:id/settings'], path),
        integrations: [networkBreadcrumbs()],
      })
    })

    it('sends an envelope that the envelope schema accepts, with route, flags, actor and the raw stack', async () => {
      const error = new TypeError("Cannot read properties of undefined (reading 'email')")
      const id = captureError(error, { attempting: 'inviting a teammate' })
      await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'the envelope')
      const received = h.receiver.envelopes()[0]
      const parsed = parseEnvelope(received)
      expect(parsed.ok, JSON.stringify(parsed.ok ? '' : parsed.issues)).toBe(true)
      if (!parsed.ok || parsed.value.kind !== 'error') throw new Error('expected an error envelope')
      const env = parsed.value
      expect(env.id).toBe(id)
      expect(env.route.template).toBe('/settings/members')
      expect(env.flags).toEqual({ newInviteFlow: true, variant: 'b', limits: { seats: 5 } })
      expect(env.workspace).toEqual({ id: 'ws_1', name: 'Acme', plan: 'team' })
      expect(env.app).toEqual({ name: 'demo', release: '1.2.3', environment: 'test' })
      expect(env.attempting).toBe('inviting a teammate')
      expect(env.error).toMatchObject({ type: 'TypeError', handled: true, mechanism: 'manual' })
      // Frames and the fingerprint are derived on the server from the raw stack.
      expect(env.error.stack).toContain('Cannot read properties of undefined')
      expect(parseStack(env.error.stack ?? '').length).toBeGreaterThan(0)
      expect(env.error.fingerprint).toBeUndefined()
      expect(env.sentAt).toBeTypeOf('string')
    })

    it('hashes the actor id with SHA-256 and a per-app salt; the raw id never leaves', async () => {
      captureError(new Error('boom'))
      await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'the envelope')
      const body = JSON.stringify(h.receiver.requests[0]?.envelopes)
      expect(body).not.toContain('user_42')
      const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode('demo:user_42'))
      const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
      expect(h.receiver.envelopes()[0]?.actor).toEqual({ idHash: hex, role: 'admin', plan: 'pro' })
    })

    it('sends the actor without an id where SubtleCrypto is missing (plain-http pages), never the raw id', async () => {
      const subtle = Object.getOwnPropertyDescriptor(crypto, 'subtle')
      Object.defineProperty(crypto, 'subtle', { configurable: true, get: () => undefined })
      try {
        captureError(new Error('boom on http'))
        await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'the envelope')
      } finally {
        if (subtle) Object.defineProperty(crypto, 'subtle', subtle)
        else delete (crypto as { subtle?: unknown }).subtle
      }
      expect(JSON.stringify(h.receiver.requests[0]?.envelopes)).not.toContain('user_42')
      expect(h.receiver.envelopes()[0]?.actor).toEqual({ role: 'admin', plan: 'pro' })
      expect(crypto.subtle).toBeDefined()
    })

    it('scrubs personal data from messages, breadcrumbs and URLs before queueing', async () => {
      history.replaceState(null, '', '/settings/members?email=jane.doe@example.com&token=abc')
      addBreadcrumb('Invited jane.doe@example.com')
      captureError(new Error('No account for jane.doe@example.com (card 4111 1111 1111 1111)'))
      await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'the envelope')
      const body = JSON.stringify(h.receiver.envelopes()[0])
      expect(body).not.toContain('jane.doe@example.com')
      expect(body).not.toContain('4111 1111 1111 1111')
      const stored = [...h.storage.items.values()].map((i) => i.body).join('')
      expect(stored).not.toContain('jane.doe@example.com')
    })

    it('records clicks, submits, field names (never values), navigation and fetches as breadcrumbs', async () => {
      document.body.innerHTML = `
        <form aria-label="Invite teammate">
          <label for="email">Email</label><input id="email" name="email">
          <button type="submit">Send invite</button>
        </form>`
      const input = document.querySelector('input') as HTMLInputElement
      input.value = 'secret-typed-value'
      input.dispatchEvent(new Event('change', { bubbles: true }))
      const form = document.querySelector('form') as HTMLFormElement
      form.addEventListener('submit', (e) => e.preventDefault())
      ;(document.querySelector('button') as HTMLButtonElement).click()
      history.pushState(null, '', '/projects/981/settings')
      await fetch(`${h.receiver.url}/api/projects/981?expand=1`).catch(() => undefined)
      captureError(new Error('after the journey'))
      await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'the envelope')
      const env = h.receiver.envelopes()[0] as { breadcrumbs: { label: string }[]; attempting: string }
      const labels = env.breadcrumbs.map((b) => b.label)
      expect(labels).toContain("Changed field 'Email'")
      expect(labels).toContain("Clicked button 'Send invite'")
      expect(labels).toContain("Submitted form 'Invite teammate'")
      expect(labels).toContain('Navigated to /projects/:id/settings')
      expect(labels.some((l) => /^GET \/api\/projects\/:id → \d+$/.test(l))).toBe(true)
      expect(JSON.stringify(env)).not.toContain('secret-typed-value')
      // Our own deliveries are not breadcrumbs.
      expect(labels.some((l) => l.includes('/v1/envelopes'))).toBe(false)
      expect(env.attempting).toBeUndefined()
      // The line the server derives from these breadcrumbs: the submit came before the navigation.
      expect(completeEnvelope(env as unknown as Envelope).attempting).toBe('viewing /projects/:id/settings')
    })

    it('sends what the server needs to derive attempting from the last submit when nothing says otherwise', async () => {
      document.body.innerHTML =
        '<form aria-label="Invite teammate"><button type="submit">Send</button></form>'
      const form = document.querySelector('form') as HTMLFormElement
      form.addEventListener('submit', (e) => e.preventDefault())
      ;(document.querySelector('button') as HTMLButtonElement).click()
      captureError(new Error('invite failed'))
      await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'the envelope')
      const env = h.receiver.envelopes()[0] as unknown as Envelope
      expect(env.attempting).toBeUndefined()
      expect(completeEnvelope(env).attempting).toBe(
        "submitting the 'Invite teammate' form on /settings/members",
      )
    })

    it('reports the same Error object once across handlers, keeping the richest context', async () => {
      const error = new Error('render failed')
      captureError(error, { mechanism: 'react-root', handled: true })
      getClient()?.captureError(error, { mechanism: 'boundary', boundary: 'InviteForm', handled: true })
      window.dispatchEvent(new ErrorEvent('error', { error, message: error.message }))
      await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'the envelope')
      await h.client.flush()
      expect(h.receiver.envelopes()).toHaveLength(1)
      expect(h.receiver.envelopes()[0]).toMatchObject({
        boundary: 'InviteForm',
        error: { mechanism: 'boundary' },
      })
    })

    it('reports the same fingerprint once within the window (thrown strings, rejections)', async () => {
      window.dispatchEvent(new ErrorEvent('error', { message: 'Script error.' }))
      window.dispatchEvent(new ErrorEvent('error', { message: 'Script error.' }))
      const rejection = new Event('unhandledrejection') as Event & { reason: unknown }
      rejection.reason = 'quota exceeded'
      window.dispatchEvent(rejection)
      window.dispatchEvent(rejection)
      await waitFor(() => h.receiver.envelopes().length === 2, 5_000, 'two envelopes')
      const mechanisms = h.receiver.envelopes().map((e) => (e.error as { mechanism: string }).mechanism)
      expect(mechanisms.sort()).toEqual(['onerror', 'unhandledrejection'])
    })

    it('links feedback to the error it follows', async () => {
      const errorId = captureError(new Error('could not save'))
      const feedbackId = captureFeedback({ text: 'I lost my draft', rating: 2, linkedTo: errorId ?? '' })
      await waitFor(() => h.receiver.envelopes().length === 2, 5_000, 'both envelopes')
      const feedback = h.receiver.envelopes().find((e) => e.kind === 'feedback')
      expect(parseEnvelope(feedback).ok).toBe(true)
      expect(feedback).toMatchObject({
        id: feedbackId,
        feedback: { text: 'I lost my draft', rating: 2, linkedTo: errorId },
      })
    })
  })

  it('records no fetch breadcrumbs and leaves fetch unpatched without networkBreadcrumbs()', async () => {
    const original = window.fetch
    h = await startTestClient()
    expect(window.fetch).toBe(original)
    await fetch(`${h.receiver.url}/api/projects/981`).catch(() => undefined)
    addBreadcrumb('after the fetch')
    captureError(new Error('no fetch crumbs'))
    await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'the envelope')
    const env = h.receiver.envelopes()[0] as { breadcrumbs: { type: string; label: string }[] }
    expect(env.breadcrumbs.map((b) => b.label)).toContain('after the fetch')
    expect(env.breadcrumbs.filter((b) => b.type === 'fetch')).toEqual([])
  })

  it('applies beforeSend to the scrubbed envelope and drops what it nulls', async () => {
    h = await startTestClient({
      beforeSend: (env) =>
        env.kind === 'error' && env.error.message.includes('ignore')
          ? null
          : { ...env, tags: { team: 'growth' } },
    })
    captureError(new Error('please ignore me'))
    captureError(new Error('keep me'))
    await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'the kept envelope')
    await h.client.flush()
    expect(h.receiver.envelopes()).toHaveLength(1)
    expect(h.receiver.envelopes()[0]).toMatchObject({
      tags: { team: 'growth' },
      error: { message: 'keep me' },
    })
  })

  it('samples error envelopes by sampleRate', async () => {
    h = await startTestClient({ sampleRate: 0 })
    expect(captureError(new Error('sampled out'))).toBeUndefined()
    expect(captureFeedback({ text: 'feedback is never sampled' })).toBeTypeOf('string')
    await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'the feedback')
    expect(h.receiver.envelopes()[0]?.kind).toBe('feedback')
  })

  it('never throws into the host app: a failing hook reports once and goes quiet', async () => {
    let calls = 0
    h = await startTestClient({
      getFlags: () => {
        calls++
        throw new Error('flags service down')
      },
    })
    // A throwing user callback is the user's problem, not ours: the envelope still goes out.
    captureError(new Error('first'))
    await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'first envelope')
    expect(calls).toBe(1)
    // Now break Suture itself: a breadcrumb listener that throws.
    h.client.breadcrumbs.subscribe(() => {
      throw new Error('bug inside suture')
    })
    expect(() => (document.body as HTMLElement).click()).not.toThrow()
    expect(() => captureError(new Error('second'))).not.toThrow()
    await waitFor(
      () =>
        h.receiver.envelopes().some((e) => (e.tags as Record<string, string> | undefined)?.suture_internal),
      5_000,
      'internal report',
    )
    expect(captureError(new Error('third'))).toBeUndefined()
    await h.client.flush()
    const internal = h.receiver
      .envelopes()
      .filter((e) => (e.tags as Record<string, string> | undefined)?.suture_internal)
    expect(internal).toHaveLength(1)
    expect(parseEnvelope(internal[0]).ok).toBe(true)
  })

  it('warns once, with the server message, when the key is refused, and sends the queue once it is fixed', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      h = await startTestClient()
      const message = 'This key is unknown or revoked; check it with `suture project keys list`.'
      h.receiver.setResponder(() => ({ status: 401, body: { error: 'invalid_key', message } }))
      const id = captureError(new Error('refused at first'))
      captureError(new Error('also refused'))
      await waitFor(() => h.receiver.requests.length >= 3, 5_000, 'retries while refused')
      expect(warn).toHaveBeenCalledTimes(1)
      expect(String(warn.mock.calls[0]?.[0])).toContain(message)
      expect(String(warn.mock.calls[0]?.[0])).toContain('401')
      h.receiver.setResponder(() => undefined)
      await waitFor(() => h.client.transport.queue.size === 0, 5_000, 'delivery after the fix')
      expect(h.receiver.stored.has(id ?? '')).toBe(true)
      expect(warn).toHaveBeenCalledTimes(1)
    } finally {
      warn.mockRestore()
    }
  })

  it("defaults app.environment to the bundler's mode (vitest's is 'test'), and init's value wins", async () => {
    h = await startTestClient({ app: { name: 'demo' } })
    captureError(new Error('which environment'))
    await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'the envelope')
    expect(h.receiver.envelopes()[0]?.app).toEqual({ name: 'demo', environment: 'test' })
    await h.stop()
    h = await startTestClient({ app: { name: 'demo', environment: 'staging' } })
    captureError(new Error('which environment'))
    await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'the envelope')
    expect(h.receiver.envelopes()[0]?.app).toEqual({ name: 'demo', environment: 'staging' })
  })

  it("takes the release the Vite plugin wrote into the bundle when init names none; init's value wins", async () => {
    const global = globalThis as { __SUTURE_RELEASE__?: unknown }
    global.__SUTURE_RELEASE__ = '2026.12.1'
    try {
      h = await startTestClient({ app: { name: 'demo' } })
      captureError(new Error('which release'))
      await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'the envelope')
      expect((h.receiver.envelopes()[0] as { app: { release?: string } } | undefined)?.app.release).toBe(
        '2026.12.1',
      )
      await h.stop()
      h = await startTestClient({ app: { name: 'demo', release: '1.0.0' } })
      captureError(new Error('which release'))
      await waitFor(() => h.receiver.envelopes().length === 1, 5_000, 'the envelope')
      expect((h.receiver.envelopes()[0] as { app: { release?: string } } | undefined)?.app.release).toBe(
        '1.0.0',
      )
    } finally {
      delete global.__SUTURE_RELEASE__
    }
  })
})
