import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Envelope } from '../schema/envelope.js'
import { scrubLight } from '../scrub-light/scrub-light.js'
import { normalizeRoutes, routeTemplateOf } from './normalize-routes.js'
import { parameterizeRoute } from './parameterize-route.js'

/**
 * An envelope as the SDK builds it on `path` after navigating from `from`: `place` is what the SDK names a
 * path by (today the raw path; before, `parameterizeRoute` in the browser), scrubbed in the page as the SDK does.
 */
function sdkEnvelope(path: string, from: string, place: (path: string) => string, action?: string): Envelope {
  const template = place(path)
  const attempting = action ? `clicking '${action}' on ${template}` : `viewing ${template}`
  return scrubLight({
    id: 'env_0123456789',
    schemaVersion: 1,
    occurredAt: '2026-12-03T09:00:00.000Z',
    app: { name: 'shop' },
    kind: 'error',
    route: { template, url: `https://shop.example${path}?tab=2` },
    breadcrumbs: [
      {
        ts: '2026-12-03T08:59:58.000Z',
        type: 'navigation',
        label: `Navigated to ${template}`,
        data: { from: place(from), to: template, how: 'push' },
      },
      { ts: '2026-12-03T08:59:59.000Z', type: 'click', label: "Clicked button 'Save'" },
      { ts: '2026-12-03T08:59:59.500Z', type: 'custom', label: 'Error: TypeError: x' },
    ],
    flags: {},
    attempting,
    frustration: { rageClicks: 0, deadClicks: 0, errorClicks: 0 },
    error: { type: 'TypeError', message: 'x', frames: [], handled: false, mechanism: 'onerror' },
  })
}

const raw = (path: string) => path

describe('routeTemplateOf', () => {
  it.each([
    ['/users/123', '/users/:id'],
    ['/users/123/', '/users/:id'],
    ['/members/[email]', '/members/:id'],
    ['/cards/[card]/edit', '/cards/:id/edit'],
    ['/keys/[api-key]', '/keys/:id'],
    ['/users/:id', '/users/:id'],
    ['/posts/[slug]', '/posts/[slug]'],
    ['/files/*', '/files/*'],
    // A scrubbed token segment was a value: the scrubber's placeholder is templated like the value.
    ['/reset/[jwt]', '/reset/:id'],
    ['users.show', 'users.show'],
    ['https://shop.example/users/1', 'https://shop.example/users/1'],
  ])('%s → %s', (path, template) => {
    expect(routeTemplateOf(path)).toBe(template)
  })
})

describe('normalizeRoutes', () => {
  it('names every place in an SDK envelope by its template', () => {
    const stored = normalizeRoutes(sdkEnvelope('/users/123', '/orders/9f2c8a1b77d3', raw, 'Save'))
    expect(stored.route).toEqual({ template: '/users/:id', url: 'https://shop.example/users/123?tab=2' })
    expect(stored.breadcrumbs[0]).toEqual({
      ts: '2026-12-03T08:59:58.000Z',
      type: 'navigation',
      label: 'Navigated to /users/:id',
      data: { from: '/orders/:id', to: '/users/:id', how: 'push' },
    })
    expect(stored.attempting).toBe("clicking 'Save' on /users/:id")
  })

  it('stores what the browser stored when it parameterised, for ids the browser scrubs too', () => {
    for (const path of ['/members/ann.lee@acme.test/edit', '/cards/4242424242424242', '/settings/members/']) {
      expect(normalizeRoutes(sdkEnvelope(path, '/', raw))).toEqual(sdkEnvelope(path, '/', parameterizeRoute))
    }
  })

  it("leaves the app's own attempting alone, even when it ends with the path", () => {
    const envelope = { ...sdkEnvelope('/users/123', '/', raw), attempting: 'opening /users/123' }
    expect(normalizeRoutes(envelope).attempting).toBe('opening /users/123')
  })

  it('returns an envelope whose paths are already templates as it is (older SDKs, getRouteTemplate)', () => {
    const old = sdkEnvelope('/users/123', '/orders/77', parameterizeRoute, 'Save')
    expect(normalizeRoutes(old)).toBe(old)
    const app = sdkEnvelope('/users/123', '/orders/77', (p) => (p === '/users/123' ? '/users/[slug]' : p))
    expect(normalizeRoutes(app).route.template).toBe('/users/[slug]')
    expect(normalizeRoutes(app).attempting).toBe('viewing /users/[slug]')
    expect(normalizeRoutes(app).breadcrumbs[0]?.data).toEqual({
      from: '/orders/:id',
      to: '/users/[slug]',
      how: 'push',
    })
  })

  const segment = fc.oneof(
    fc.nat().map(String),
    fc.uuid(),
    fc.constantFrom('users', 'edit', 'v2', 'oauth2', 'step-3', 'settings', 'blog', 'my-first-post'),
    fc.constantFrom(
      'ann.lee@acme.test',
      '01HGW2N7EHJK3Q8VY5R9TZ6M4P',
      'INV-2024-0001',
      '507f1f77bcf86cd799439011',
    ),
    fc.constantFrom('4242424242424242', 'V1StGXR8_Z5jdHi6B-myT', 'ann.lee%40acme.test'),
  )
  const path = fc
    .tuple(fc.array(segment, { maxLength: 6 }), fc.boolean())
    .map(([parts, slash]) => `/${parts.join('/')}${slash && parts.length > 0 ? '/' : ''}`)
  const template = fc
    .array(fc.constantFrom('users', 'v2', ':id', ':userId', '[slug]', '[...rest]', '*', '$postId', 'edit'), {
      maxLength: 6,
    })
    .map((parts) => `/${parts.join('/')}`)

  it('stores exactly what the browser once sent, for any path (property)', () => {
    fc.assert(
      fc.property(path, path, fc.option(fc.constantFrom('Save', 'Invite teammate')), (to, from, action) => {
        const before = sdkEnvelope(to, from, parameterizeRoute, action ?? undefined)
        expect(normalizeRoutes(sdkEnvelope(to, from, raw, action ?? undefined))).toEqual(before)
      }),
    )
  })

  it('is idempotent and never changes an envelope whose paths are templates (property)', () => {
    fc.assert(
      fc.property(path, path, template, template, (to, from, t1, t2) => {
        const once = normalizeRoutes(sdkEnvelope(to, from, raw, 'Save'))
        expect(normalizeRoutes(once)).toBe(once)
        const templated = sdkEnvelope(t1, t2, raw, 'Save')
        expect(normalizeRoutes(templated)).toBe(templated)
      }),
    )
  })
})
