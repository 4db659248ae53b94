import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { extractFeatures } from './features.js'
import { behaviourScore, createHeuristicScorer, scoreFactors } from './heuristic-scorer.js'
import { HEURISTIC_WEIGHTS } from './heuristic-weights.js'
import { scoreOutputSchema } from './score-output.js'
import type { ScoringEvent, ScoringSession } from './session.js'

const T0 = Date.parse('2026-03-02T10:00:00Z')
function at(seconds: number, event: string, properties?: Record<string, unknown>): ScoringEvent {
  return { ts: new Date(T0 + seconds * 1000).toISOString(), event, properties }
}
function session(events: ScoringEvent[], extra: Partial<ScoringSession> = {}): ScoringSession {
  return { sessionId: 's1', events, ...extra }
}

const scorer = createHeuristicScorer()

describe('heuristic scorer', () => {
  it('gives a long, productive session that reached its goal a 9 or 10', () => {
    const events: ScoringEvent[] = []
    const pages = [
      '/projects',
      '/projects/42',
      '/projects/42/board',
      '/settings/members',
      '/projects/42/tasks/9',
    ]
    for (let i = 0; i < 25; i++) {
      events.push(at(i * 60, '$pageview', { $pathname: pages[i % pages.length] }))
      events.push(at(i * 60 + 20, '$autocapture', { $event_type: 'click', $el_text: 'Save' }))
    }
    events.push(at(25 * 60, 'invite_sent', { $pathname: '/settings/members' }))
    const out = scorer.scoreSync(session(events))
    expect(out.score).toBeGreaterThanOrEqual(9)
    expect(out.success).toMatch(/^Yes: reached "invite_sent"/)
    expect(out.department).toBe('None')
  })

  it('gives an error followed by leaving a 1–2, owned by Engineering', () => {
    const out = scorer.scoreSync(
      session([
        at(0, '$pageview', { $pathname: '/checkout/8f3a2b9c1d' }),
        at(6, '$exception', {
          $exception_list: [
            { type: 'TypeError', value: "Cannot read properties of undefined (reading 'total')" },
          ],
        }),
        at(9, '$pageleave', { $pathname: '/checkout/8f3a2b9c1d' }),
      ]),
    )
    expect(out.score).toBeGreaterThanOrEqual(1)
    expect(out.score).toBeLessThanOrEqual(2)
    expect(out.department).toBe('Engineering')
    expect(out.improvement).toContain('TypeError')
    expect(out.improvement).toContain('/checkout/:id')
    expect(out.success).toMatch(/^No: left after TypeError/)
  })

  it('explains each score by the features that moved it, summing to the behavioural score', () => {
    const events = [
      at(0, '$pageview', { $pathname: '/checkout/8f3a2b9c1d' }),
      at(6, '$exception', { $exception_type: 'TypeError' }),
      at(9, '$pageleave', { $pathname: '/checkout/8f3a2b9c1d' }),
    ]
    const factors = scorer.explain(session(events))
    expect(factors[0]).toEqual({ feature: 'base', points: HEURISTIC_WEIGHTS.base })
    expect(factors.map((f) => f.feature)).toContain('unrecovered errors')
    expect(factors.map((f) => f.feature)).toContain('left after an error')
    const rest = factors.slice(1).map((f) => Math.abs(f.points))
    expect(rest).toEqual([...rest].sort((a, b) => b - a))
    const sum = factors.reduce((s, f) => s + f.points, 0)
    expect(sum).toBeCloseTo(behaviourScore(extractFeatures(session(events))), 12)
    expect(scoreFactors(extractFeatures(session(events))).every((f) => f.points !== 0)).toBe(true)
  })

  it('scores a recovered error above an unrecovered one', () => {
    const base = [at(0, '$pageview', { $pathname: '/a' }), at(30, '$exception', { $exception_type: 'Error' })]
    const recovered = scorer.scoreSync(
      session([...base, at(60, '$pageview', { $pathname: '/b' }), at(200, '$autocapture')]),
    )
    const left = scorer.scoreSync(session([...base, at(40, '$pageleave')]))
    expect(recovered.score).toBeGreaterThan(left.score)
  })

  it('scores bounces and rage clicks low and names the clicked element', () => {
    const bounce = scorer.scoreSync(
      session([at(0, '$pageview', { $pathname: '/pricing' }), at(4, '$pageleave')]),
    )
    expect(bounce.score).toBeLessThan(3)
    const rage = scorer.scoreSync(
      session([
        at(0, '$pageview', { $pathname: '/reports/2024' }),
        at(30, '$rageclick', { $el_text: 'Export' }),
        at(31, '$rageclick', { $el_text: 'Export' }),
        at(32, '$rageclick', { $el_text: 'Export' }),
        at(60, '$pageleave'),
      ]),
    )
    expect(rage.department).toBe('Design')
    expect(rage.improvement).toContain('"Export" on /reports/:id')
    expect(rage.score).toBeLessThan(4)
  })

  it('blends an explicit rating in from a feedback envelope', () => {
    const events = [at(0, '$pageview', { $pathname: '/a' }), at(300, '$pageview', { $pathname: '/b' })]
    const plain = scorer.scoreSync(session(events)).score
    const envelope = {
      id: 'fb-000000001',
      schemaVersion: 1 as const,
      kind: 'feedback' as const,
      occurredAt: new Date(T0 + 200_000).toISOString(),
      app: { name: 'demo' },
      route: { template: '/b' },
      breadcrumbs: [],
      flags: {},
      frustration: { rageClicks: 0, deadClicks: 0, errorClicks: 0 },
      feedback: { text: 'love it', rating: 10, channel: 'widget' as const },
    }
    const rated = scorer.scoreSync(session(events, { envelopes: [envelope] })).score
    expect(rated).toBeGreaterThan(plain)
  })

  it('does not depend on event order in the input', () => {
    const events = [
      at(0, '$pageview', { $pathname: '/a' }),
      at(50, '$autocapture'),
      at(90, '$pageview', { $pathname: '/b' }),
      at(95, '$exception', { $exception_type: 'Error' }),
    ]
    expect(scorer.scoreSync(session([...events].reverse()))).toEqual(scorer.scoreSync(session(events)))
  })

  it('always returns output the shared schema accepts, whatever the events', () => {
    const eventArb = fc.record({
      ts: fc.integer({ min: 0, max: 7_200_000 }).map((ms) => new Date(T0 + ms).toISOString()),
      event: fc.constantFrom(
        '$pageview',
        '$autocapture',
        '$rageclick',
        '$dead_click',
        '$exception',
        'x',
        'purchase',
      ),
      properties: fc.option(
        fc.record({ $pathname: fc.string(), $el_text: fc.string(), $exception_type: fc.string() }),
        { nil: undefined },
      ),
    })
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 40 }), (events) => {
        const out = scorer.scoreSync(session(events))
        expect(scoreOutputSchema.safeParse(out).success).toBe(true)
      }),
      { numRuns: 300 },
    )
  })
})
