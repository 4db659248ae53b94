import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parameterizeRoute } from './parameterize-route.js'

describe('parameterizeRoute', () => {
  it.each([
    ['/users/123/x', '/users/:id/x'],
    ['https://app.acme.test/users/123/invoices/9f2c8a1b77d3?tab=2#top', '/users/:id/invoices/:id'],
    ['/projects/3fa85f64-5717-4562-b3fc-2c963f66afa6/settings', '/projects/:id/settings'],
    ['/members/ann.lee%40acme.test/edit', '/members/:id/edit'],
    ['/members/ann.lee@acme.test', '/members/:id'],
    // What the browser's scrubber left of an id segment (session events carry paths as the page saw them).
    ['/members/[email]/edit', '/members/:id/edit'],
    ['/calls/%5Bphone%5D', '/calls/:id'],
    ['/posts/[slug]', '/posts/[slug]'],
    ['/orders/01HGW2N7EHJK3Q8VY5R9TZ6M4P', '/orders/:id'],
    ['/invoices/INV-2024-0001/pdf', '/invoices/:id/pdf'],
    ['/objects/507f1f77bcf86cd799439011', '/objects/:id'],
    ['/share/V1StGXR8_Z5jdHi6B-myT', '/share/:id'],
    ['/api/v2/oauth2/callback', '/api/v2/oauth2/callback'],
    ['/settings/members', '/settings/members'],
    ['/blog/my-first-post', '/blog/my-first-post'],
    ['/step-3/review', '/step-3/review'],
    ['https://app.acme.test', '/'],
    ['', '/'],
    ['//double//slashes/42/', '/double/slashes/:id'],
    ['https://app.acme.test/#/users/42?x=1', '/users/:id'],
  ])('%s → %s', (input, expected) => {
    expect(parameterizeRoute(input)).toBe(expected)
  })

  it('never keeps a numeric segment and is idempotent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.nat().map(String), fc.uuid(), fc.constantFrom('users', 'edit', 'v2'))),
        (parts) => {
          const route = parameterizeRoute(`/${parts.join('/')}`)
          expect(route.split('/').some((s) => /^\d+$/.test(s))).toBe(false)
          expect(parameterizeRoute(route)).toBe(route)
        },
      ),
    )
  })
})

describe('parameterizeRoute on templates', () => {
  it.each([
    '/users/:id',
    '/users/:userId/invoices/:invoiceId',
    '/posts/[slug]',
    '/docs/[...slug]',
    '/shop/[[...all]]',
    '/files/*',
    '/posts/$postId',
    '/settings/members',
    '/',
  ])('leaves %s alone', (template) => {
    expect(parameterizeRoute(template)).toBe(template)
  })
})
