import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ENGAGED_GAP_CAP_SECONDS, extractFeatures } from './features.js'
import { areaEngagementFeatures } from './observable-features.js'
import type { ScoringEvent, ScoringSession } from './session.js'

const T0 = Date.parse('2026-03-02T10:00:00Z')
function at(seconds: number, event: string, properties?: Record<string, unknown>): ScoringEvent {
  return { ts: new Date(T0 + seconds * 1000).toISOString(), event, properties }
}
function session(id: string, events: ScoringEvent[]): ScoringSession {
  return { sessionId: id, events }
}

describe('engagement per area', () => {
  it('gives each area its pages and the engaged time until the next event, idle gaps capped', () => {
    const f = extractFeatures(
      session('s1', [
        at(0, '$pageview', { $pathname: '/products/1' }),
        at(30, '$autocapture', { $el_text: 'Add to cart' }),
        at(50, '$pageview', { $pathname: '/help/returns' }),
        // A tab left open for an hour counts as the cap, as in engagedSeconds.
        at(3_650, '$pageview', { $pathname: '/products/2' }),
        at(3_700, '$pageleave'),
      ]),
    )
    expect(f.areaEngagement).toEqual([
      { area: 'products', pageviews: 2, engagedSeconds: 50 + 50 },
      { area: 'help', pageviews: 1, engagedSeconds: ENGAGED_GAP_CAP_SECONDS },
    ])
    expect(f.engagedSeconds).toBe(100 + ENGAGED_GAP_CAP_SECONDS)
  })

  it('never counts more time in areas than the session was engaged, whatever the events', () => {
    const event = fc.record({
      second: fc.integer({ min: 0, max: 2_000 }),
      event: fc.constantFrom('$pageview', '$autocapture', '$pageleave', '$exception', 'order_completed'),
      path: fc.constantFrom('/products/1', '/help', '/account/login', '/'),
    })
    fc.assert(
      fc.property(fc.array(event, { maxLength: 30 }), (events) => {
        const f = extractFeatures(
          session(
            'p',
            events.map((e) => at(e.second, e.event, e.event === '$pageview' ? { $pathname: e.path } : {})),
          ),
        )
        const inAreas = f.areaEngagement.reduce((sum, a) => sum + a.engagedSeconds, 0)
        expect(inAreas).toBeLessThanOrEqual(f.engagedSeconds + 1e-9)
        expect(f.areaEngagement.reduce((sum, a) => sum + a.pageviews, 0)).toBe(f.pageviews)
        expect(f.areaEngagement).toHaveLength(f.areas)
      }),
    )
  })

  it('makes log columns for the areas common enough across sessions, most common first', () => {
    const sessions = [
      session('a', [at(0, '$pageview', { $pathname: '/products/1' }), at(59, '$pageleave')]),
      session('b', [
        at(0, '$pageview', { $pathname: '/products/2' }),
        at(10, '$pageview', { $pathname: '/help' }),
      ]),
      session('c', [
        at(0, '$pageview', { $pathname: '/help' }),
        at(5, '$pageview', { $pathname: '/blog/x' }),
      ]),
      session('d', [at(0, '$pageview', { $pathname: '/products/3' })]),
    ]
    const columns = areaEngagementFeatures(
      sessions.map((s) => extractFeatures(s)),
      { minShare: 0.5 },
    )
    // `blog` is in one session of four, below the 50% share asked for.
    expect(columns.names).toEqual([
      'log pages in products',
      'log engaged minutes in products',
      'log pages in help',
      'log engaged minutes in help',
    ])
    expect(columns.rows[0]).toEqual([Math.log1p(1), Math.log1p(59 / 60), 0, 0])
    expect(columns.rows[2]).toEqual([0, 0, Math.log1p(1), Math.log1p(5 / 60)])
    expect(columns.rows[3]).toEqual([Math.log1p(1), 0, 0, 0])
  })

  it('gives no columns for no sessions', () => {
    expect(areaEngagementFeatures([])).toEqual({ names: [], rows: [] })
  })
})
