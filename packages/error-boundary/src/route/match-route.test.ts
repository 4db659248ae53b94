import { describe, expect, it } from 'vitest'
import { matchRoute, resolveTemplate, templateFromMatches } from './match-route.js'

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

  it('uses the router, then the patterns, then parameterises the URL', () => {
    expect(resolveTemplate('/projects/1', () => '/p/:pid', ROUTES)).toBe('/p/:pid')
    expect(resolveTemplate('/projects/1', () => null, ROUTES)).toBe('/projects/:id')
    expect(resolveTemplate('/orders/12345/items', undefined, ROUTES)).toBe('/orders/:id/items')
    expect(
      resolveTemplate(
        '/projects/1',
        () => {
          throw new Error('router not ready')
        },
        ROUTES,
      ),
    ).toBe('/projects/:id')
  })
})
