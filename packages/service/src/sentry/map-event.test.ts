import type { Integration } from '@sentry/core'
import * as Sentry from '@sentry/node'
import { fingerprint, parseStack } from '@suture/envelope'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseItemJson, parseSentryEnvelope, type SentryEnvelope } from './envelope-parser.js'
import {
  browserFromUserAgent,
  fingerprintFor,
  hashUserId,
  mapSentryEvent,
  mapSentryFeedback,
  mapSentryUserReport,
  SENTRY_MESSAGE_TYPE,
  type SentryMapContext,
} from './map-event.js'

// The real SDK builds and serialises the envelopes; only the last hop (HTTP) is replaced by a transport
// that keeps the bytes, the same bytes the HTTP transport would POST.
const sent: Uint8Array[] = []
const enc = new TextEncoder()

beforeAll(() => {
  Sentry.init({
    dsn: 'http://sut_pub_abc@127.0.0.1:9/1',
    release: 'shop@1.4.2',
    environment: 'staging',
    defaultIntegrations: false,
    integrations: [Sentry.featureFlagsIntegration()],
    transport: (options) =>
      Sentry.createTransport(options, async (request) => {
        sent.push(typeof request.body === 'string' ? enc.encode(request.body) : request.body)
        return { statusCode: 200, headers: { 'x-sentry-rate-limits': null, 'retry-after': null } }
      }),
  })
})

afterAll(() => Sentry.close())

async function capture(fn: () => string): Promise<{ id: string; envelope: SentryEnvelope }> {
  const before = sent.length
  const id = fn()
  await Sentry.flush(2000)
  const fresh = sent.slice(before).map((b) => parseSentryEnvelope(b))
  const envelope = fresh.find((e) => e.header.event_id === id)
  if (envelope === undefined) throw new Error(`the SDK sent no envelope for ${id}`)
  return { id, envelope }
}

const ctx = (envelope: SentryEnvelope): SentryMapContext => ({
  userSalt: 'salt-1',
  appName: 'Shop',
  envelopeHeader: envelope.header,
  receivedAt: new Date('2026-01-01T00:00:00Z'),
})

function loadInvoices(): never {
  throw new TypeError("Cannot read properties of undefined (reading 'total')")
}

describe('mapSentryEvent on events from the real @sentry/node', () => {
  it('maps an exception: type, message, frames newest first, fingerprint equal to the native one', async () => {
    let thrown: Error | undefined
    const { id, envelope } = await capture(() => {
      Sentry.setUser({ id: 'user-42', email: 'ann@example.com', ip_address: '10.0.0.1' })
      Sentry.setTag('team', 'billing')
      Sentry.setContext('workspace', { id: 'ws_1', name: 'Acme', plan: 'pro' })
      Sentry.getClient()
        ?.getIntegrationByName<{ addFeatureFlag(n: string, v: unknown): void } & Integration>('FeatureFlags')
        ?.addFeatureFlag('new-checkout', true)
      Sentry.addBreadcrumb({
        category: 'ui.click',
        message: 'body > div#root > button.primary[aria-label="Pay now"]',
      })
      Sentry.addBreadcrumb({
        category: 'fetch',
        type: 'http',
        data: { method: 'post', url: 'https://shop.test/api/orders/8812?token=abc', status_code: 500 },
      })
      Sentry.addBreadcrumb({ category: 'navigation', data: { from: '/cart', to: '/orders/8812/pay' } })
      Sentry.addBreadcrumb({ category: 'console', level: 'warning', message: 'retrying payment' })
      try {
        loadInvoices()
      } catch (error: unknown) {
        thrown = error as Error
        return Sentry.captureException(error)
      }
      throw new Error('unreachable')
    })
    const item = envelope.items.find((i) => i.type === 'event')
    if (item === undefined || thrown === undefined) throw new Error('no event item')
    const result = mapSentryEvent(parseItemJson(item, 0), ctx(envelope))
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    const e = result.value
    expect(e.kind).toBe('error')
    if (e.kind !== 'error') return
    expect(e.id).toBe(id)
    expect(e.error.type).toBe('TypeError')
    expect(e.error.message).toBe("Cannot read properties of undefined (reading 'total')")
    expect(e.error.handled).toBe(true)
    expect(e.error.mechanism).toBe('sentry')
    // Newest first: the function that threw is on top, as parseStack orders frames.
    expect(e.error.frames[0]?.function).toContain('loadInvoices')
    expect(e.error.frames[0]?.inApp).toBe(true)
    expect(e.error.frames[0]?.file).toContain('map-event.test.ts')
    expect(e.error.fingerprint).toBe(
      fingerprint({ type: 'TypeError', message: thrown.message, frames: parseStack(thrown.stack ?? '') }),
    )
    expect(e.app).toEqual({ name: 'shop', release: 'shop@1.4.2', environment: 'staging' })
    expect(e.actor?.idHash).toBe(hashUserId('user-42', 'salt-1'))
    expect(JSON.stringify(e)).not.toContain('user-42')
    expect(JSON.stringify(e)).not.toContain('ann@example.com')
    expect(JSON.stringify(e)).not.toContain('10.0.0.1')
    expect(e.workspace).toEqual({ id: 'ws_1', name: 'Acme', plan: 'pro' })
    expect(e.flags).toEqual({ 'new-checkout': true })
    expect(e.tags?.team).toBe('billing')
    expect(e.breadcrumbs.map((b) => [b.type, b.label])).toEqual([
      ['click', "Clicked 'Pay now'"],
      ['fetch', 'POST /api/orders/:id → 500'],
      ['navigation', 'Navigated to /orders/:id/pay'],
      ['console', 'console.warning: retrying payment'],
    ])
    expect(JSON.stringify(e.breadcrumbs)).not.toContain('token=abc')
    expect(e.sdk?.name).toBe('sentry.javascript.node')
    // No request and no route-named transaction: no route, so no "attempting" line to derive.
    expect(e.route.template).toBe('(unknown)')
    expect(e.attempting).toBeUndefined()
  })

  it('maps captureMessage to an error of type Message', async () => {
    const { id, envelope } = await capture(() => Sentry.captureMessage('Checkout took 31 s', 'warning'))
    const item = envelope.items.find((i) => i.type === 'event')
    if (item === undefined) throw new Error('no event item')
    const result = mapSentryEvent(parseItemJson(item, 0), ctx(envelope))
    if (!result.ok || result.value.kind !== 'error') throw new Error('not mapped')
    expect(result.value.id).toBe(id)
    expect(result.value.error.type).toBe(SENTRY_MESSAGE_TYPE)
    expect(result.value.error.message).toBe('Checkout took 31 s')
    expect(result.value.tags?.level).toBe('warning')
    expect(result.value.route.template).toBe('(unknown)')
  })

  it('maps captureFeedback to feedback linked to its event, dropping name and email', async () => {
    const errorId = Sentry.captureException(new Error('boom'))
    const { id, envelope } = await capture(() =>
      Sentry.captureFeedback({
        message: 'The pay button did nothing',
        name: 'Ann Lee',
        email: 'ann@example.com',
        url: 'https://shop.test/orders/8812/pay',
        associatedEventId: errorId,
      }),
    )
    const item = envelope.items.find((i) => i.type === 'feedback')
    if (item === undefined) throw new Error(`no feedback item in ${envelope.items.map((i) => i.type)}`)
    const result = mapSentryFeedback(parseItemJson(item, 0), ctx(envelope))
    if (!result.ok || result.value.kind !== 'feedback') throw new Error(JSON.stringify(result))
    expect(result.value.id).toBe(id)
    expect(result.value.feedback).toEqual({
      text: 'The pay button did nothing',
      channel: 'sentry',
      linkedTo: errorId,
    })
    expect(result.value.route.template).toBe('/orders/:id/pay')
    expect(JSON.stringify(result.value)).not.toMatch(/Ann Lee|ann@example\.com/)
  })

  it('honours a fingerprint set by the SDK, with {{ default }} standing for Suture’s own', async () => {
    const { envelope } = await capture(() =>
      Sentry.withScope((scope) => {
        scope.setFingerprint(['payments', 'gateway-timeout'])
        return Sentry.captureException(new Error('timeout 1'))
      }),
    )
    const item = envelope.items.find((i) => i.type === 'event')
    if (item === undefined) throw new Error('no event item')
    const a = mapSentryEvent(parseItemJson(item, 0), ctx(envelope))
    if (!a.ok || a.value.kind !== 'error') throw new Error('not mapped')
    expect(a.value.error.fingerprint).toBe(fingerprintFor(['payments', 'gateway-timeout'], a.value.error))
    expect(a.value.error.fingerprint).not.toBe(fingerprintFor(undefined, a.value.error))
    const err = { type: 'Error', message: 'x', frames: [] }
    expect(fingerprintFor(['{{ default }}'], err)).toBe(fingerprintFor(undefined, err))
    expect(fingerprintFor(['{{ default }}', 'a'], err)).not.toBe(fingerprintFor(['{{ default }}', 'b'], err))
  })
})

describe('mapSentryUserReport and malformed events', () => {
  const base: SentryMapContext = {
    userSalt: 's',
    appName: 'Shop',
    receivedAt: new Date('2026-01-01T00:00:00Z'),
  }

  it('gives frames the debug id of their bundle from debug_meta sourcemap images, ignoring other images and bad ids', () => {
    const id = 'b7e3a9f2-1c4d-4e8a-9b6f-0d2c5e7a8f13'
    const frame = (file: string, extra: Record<string, unknown> = {}) => ({
      filename: file,
      abs_path: `https://app.test/${file}`,
      function: 'f',
      lineno: 1,
      colno: 10,
      in_app: true,
      ...extra,
    })
    const event = {
      event_id: 'c'.repeat(32),
      exception: {
        values: [
          {
            type: 'TypeError',
            value: 'x is undefined',
            stacktrace: {
              frames: [
                frame('assets/own.js', { debug_id: 'ffffffff-1c4d-4e8a-9b6f-0d2c5e7a8f13' }),
                frame('assets/wasm.js'),
                frame('assets/junk.js'),
                frame('assets/app.js'),
              ],
            },
          },
        ],
      },
      debug_meta: {
        images: [
          { type: 'sourcemap', code_file: 'https://app.test/assets/app.js', debug_id: id },
          { type: 'wasm', code_file: 'https://app.test/assets/wasm.js', debug_id: id },
          { type: 'sourcemap', code_file: 'https://app.test/assets/junk.js', debug_id: 'not-an-id' },
          'junk',
        ],
      },
    }
    const result = mapSentryEvent(event, base)
    if (!result.ok || result.value.kind !== 'error') throw new Error('not mapped')
    expect(result.value.error.frames.map((f) => f.debugId)).toEqual([
      id,
      undefined,
      undefined,
      'ffffffff-1c4d-4e8a-9b6f-0d2c5e7a8f13',
    ])
    expect(mapSentryEvent({ ...event, debug_meta: { images: 'nope' } }, base).ok).toBe(true)
  })

  it('maps a legacy user_report with a stable id derived from its event and text', () => {
    const report = { event_id: 'a'.repeat(32), name: 'Ann', email: 'ann@example.com', comments: 'It broke' }
    const a = mapSentryUserReport(report, base)
    const b = mapSentryUserReport(report, base)
    if (!a.ok || !b.ok || a.value.kind !== 'feedback') throw new Error('not mapped')
    expect(a.value.id).toBe(b.value.id)
    expect(a.value.feedback.linkedTo).toBe('a'.repeat(32))
    expect(JSON.stringify(a.value)).not.toContain('ann@example.com')
    const c = mapSentryUserReport({ ...report, comments: 'Still broken' }, base)
    expect(c.ok && c.value.id).not.toBe(a.value.id)
  })

  it('names the field when an event cannot be mapped, and never throws on junk', () => {
    // No id anywhere: one is assigned, as Sentry's server does.
    const noId = mapSentryEvent({ message: 'x' }, base)
    expect(noId.ok && /^[0-9a-f]{32}$/.test(noId.value.id)).toBe(true)
    const badId = mapSentryEvent({ event_id: 'not an id!', message: 'x' }, base)
    expect(badId.ok).toBe(false)
    if (!badId.ok) expect(badId.issues[0]?.path).toBe('event_id')
    // A broken exception is not a message: the field is named.
    const numeric = mapSentryEvent({ event_id: 'b'.repeat(32), exception: 123 }, base)
    expect(!numeric.ok && numeric.issues[0]?.path).toBe('exception')
    const values = mapSentryEvent({ event_id: 'b'.repeat(32), exception: { values: 'x' } }, base)
    expect(!values.ok && values.issues[0]?.path).toBe('exception.values')
    const junk = mapSentryEvent(
      {
        event_id: 'b'.repeat(32),
        timestamp: 'yesterday',
        exception: {
          values: [
            null,
            { type: 42, value: 'a\u0000b\ud800', stacktrace: { frames: [null, { lineno: -1 }] } },
          ],
        },
        breadcrumbs: { values: [{ timestamp: 1e20 }, 'x'] },
        tags: [['k', 1], 'bad'],
        contexts: { flags: { values: [{ flag: 'f', result: { deep: true } }] } },
        user: { id: 7 },
        request: { url: 'not a url' },
      },
      base,
    )
    if (!junk.ok || junk.value.kind !== 'error') throw new Error(JSON.stringify(junk))
    expect(junk.value.error.type).toBe('42')
    expect(junk.value.error.message).toBe('ab\ufffd')
    expect(junk.value.occurredAt).toBe('2026-01-01T00:00:00.000Z')
    expect(junk.value.tags?.k).toBe('1')
    expect(junk.value.flags).toEqual({})
    expect(junk.value.actor?.idHash).toBe(hashUserId('7', 's'))
    expect(mapSentryFeedback({ event_id: 'c'.repeat(32), contexts: {} }, base).ok).toBe(false)
  })
})

describe('browserFromUserAgent', () => {
  it('names the browser and major version from real User-Agent strings', () => {
    const chrome =
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.85 Safari/537.36'
    const edge =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91'
    const safari =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1'
    const firefox = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0'
    expect(browserFromUserAgent(chrome)).toBe('Chrome 131')
    expect(browserFromUserAgent(edge)).toBe('Edge 120')
    expect(browserFromUserAgent(safari)).toBe('Safari 17')
    expect(browserFromUserAgent(firefox)).toBe('Firefox 121')
    expect(browserFromUserAgent('curl/8.0')).toBeUndefined()
  })
})
