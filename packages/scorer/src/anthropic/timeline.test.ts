import { describe, expect, it } from 'vitest'
import type { ScoringEvent } from '../scoring/session.js'
import { buildTimeline } from './timeline.js'

const T0 = Date.parse('2026-03-02T10:00:00Z')
const at = (s: number, event: string, properties?: Record<string, unknown>): ScoringEvent => ({
  ts: new Date(T0 + s * 1000).toISOString(),
  event,
  properties,
})

describe('buildTimeline', () => {
  it('uses relative times, route templates and readable labels, collapsing repeats', () => {
    const { text, omittedLines } = buildTimeline({
      sessionId: 's',
      events: [
        at(0, '$pageview', { $pathname: '/projects/123' }),
        at(30, '$pageview', { $pathname: '/projects/456' }),
        at(95, '$pageview', { $pathname: '/projects/789' }),
        at(100, '$autocapture', { $event_type: 'submit', $el_text: 'Create' }),
        at(130, '$exception', { $exception_list: [{ type: 'RangeError', value: 'Invalid time value' }] }),
      ],
    })
    expect(omittedLines).toBe(0)
    expect(text).toContain('+0:00 viewed /projects/:id ×3 over 1:35')
    expect(text).toContain('+1:40 submitted a form "Create"')
    expect(text).toContain('+2:10 ERROR RangeError: Invalid time value')
  })

  it('keeps the start and the end of a long session within the budget and summarises the middle', () => {
    const events: ScoringEvent[] = []
    for (let i = 0; i < 600; i++) {
      events.push(at(i * 10, '$pageview', { $pathname: `/area${i % 7}/page` }))
      events.push(at(i * 10 + 5, '$autocapture', { $el_text: `Button ${i}` }))
    }
    events.push(at(6_100, 'checkout_completed'))
    const { text, estimatedTokens, omittedLines } = buildTimeline(
      { sessionId: 's', events },
      { tokenBudget: 800 },
    )
    expect(estimatedTokens).toBeLessThanOrEqual(800)
    expect(omittedLines).toBeGreaterThan(1000)
    expect(text).toContain('+0:00 viewed /area0/page')
    expect(text).toContain('did "checkout_completed"')
    expect(text).toMatch(/… [\d:]+–[\d:]+ summarised: \d+ click, \d+ view; pages: \/area\d\/page ×\d+/)
  })

  it('tells the model about each error once, though the SDK sent it as an envelope and a $exception', () => {
    const envelope = (id: string, s: number, type: string, message: string) => ({
      id,
      schemaVersion: 1 as const,
      kind: 'error' as const,
      occurredAt: new Date(T0 + s * 1000).toISOString(),
      app: { name: 'shop' },
      route: { template: '/checkout' },
      breadcrumbs: [],
      flags: {},
      frustration: { rageClicks: 0, deadClicks: 0, errorClicks: 0 },
      error: { type, message, frames: [], handled: false, mechanism: 'boundary' as const },
    })
    const { text } = buildTimeline({
      sessionId: 's',
      events: [
        at(0, '$pageview', { $pathname: '/checkout' }),
        at(5, '$exception', {
          $exception_type: 'TypeError',
          $exception_message: 'total is undefined',
          suture_envelope_id: 'err-1',
        }),
        at(20, '$exception', { $exception_type: 'RangeError', $exception_message: 'bad index' }),
      ],
      envelopes: [
        envelope('err-1', 5, 'TypeError', 'total is undefined'),
        envelope('err-2', 21, 'RangeError', 'bad index'),
        envelope('err-3', 40, 'SyntaxError', 'bad json'),
      ],
    })
    expect(text.match(/ERROR TypeError/g)).toHaveLength(1)
    expect(text.match(/ERROR RangeError/g)).toHaveLength(1)
    expect(text).not.toMatch(/ERROR [^\n]*×2/)
    expect(text).toContain('ERROR SyntaxError: bad json')
  })
})
