import { describe, expect, it } from 'vitest'
import { SutureClient } from '../client/client.js'
import { MemoryQueueStorage } from '../transport/queue.js'
import { matchRoute, templateFromMatches } from './match-route.js'

const ROUTES = [
  '/',
  '/projects/:id',
  '/projects/:id/settings',
  '/projects/new',
  '/docs/*',
  '/teams/[team]/members',
]

describe('route templates', () => {
  it('matches React Router and Next.js style patterns', () => {
    expect(matchRoute(ROUTES, '/projects/42/settings')).toBe('/projects/:id/settings')
    expect(matchRoute(ROUTES, '/teams/acme/members')).toBe('/teams/[team]/members')
    expect(matchRoute(ROUTES, '/docs/a/b/c')).toBe('/docs/*')
    expect(matchRoute(ROUTES, '/')).toBe('/')
  })

  it('prefers static segments over parameters', () => {
    expect(matchRoute(ROUTES, '/projects/new')).toBe('/projects/new')
    expect(matchRoute(ROUTES, '/projects/7')).toBe('/projects/:id')
  })

  it('returns undefined when nothing matches', () => {
    expect(matchRoute(ROUTES, '/billing/invoices')).toBeUndefined()
  })

  it('joins React Router match paths', () => {
    expect(
      templateFromMatches([{ route: { path: '/' } }, { route: { path: 'projects/:id' } }, { route: {} }]),
    ).toBe('/projects/:id')
  })

  it("the client uses the app's getRouteTemplate(pathname), else the raw path (the server templates it), and never throws", () => {
    const client = (getRouteTemplate?: (pathname: string) => string | null | undefined) =>
      new SutureClient({
        endpoint: 'http://127.0.0.1:9',
        publicKey: 'pk_test_routes',
        app: { name: 'routes-test' },
        transport: { storage: new MemoryQueueStorage() },
        ...(getRouteTemplate && { getRouteTemplate }),
      })
    const cases: [SutureClient, string, string][] = [
      [client(() => '/p/:pid'), '/projects/1', '/p/:pid'],
      [client((path) => matchRoute(ROUTES, path)), '/projects/1', '/projects/:id'],
      // No pattern matches: the raw path.
      [client((path) => matchRoute(ROUTES, path)), '/orders/12345/items', '/orders/12345/items'],
      [client(), '/orders/12345/items', '/orders/12345/items'],
      [client(() => undefined), '/orders/12345/items', '/orders/12345/items'],
      [
        client(() => {
          throw new Error('router not ready')
        }),
        '/projects/1',
        '/projects/1',
      ],
    ]
    for (const [c, path, template] of cases) {
      expect(c.template(path)).toBe(template)
      c.close()
    }
  })
})
