import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { deriveAttempting } from '../attempting/derive-attempting.js'
import { parameterizeRoute } from '../route/parameterize-route.js'
import type { Envelope } from '../schema/envelope.js'
import { scrubLight } from '../scrub-light/scrub-light.js'
import { completeEnvelope } from './complete-envelope.js'

const OCCURRED = '2026-12-03T09:00:00.000Z'
const at = Date.parse(OCCURRED)

type Action = { kind: 'click' | 'submit' | 'rage'; label: string; ago: number }

/**
 * An envelope as the browser SDK builds it on `path` after `actions`: `old` is the SDK that templated paths
 * and derived "attempting" in the page (scrubbing the line with the rest); the new one sends raw paths and
 * no line, and leaves both to ingest.
 */
function sdkEnvelope(path: string, actions: readonly Action[], old: boolean): Envelope {
  const place = old ? parameterizeRoute : (p: string) => p
  const breadcrumbs: Envelope['breadcrumbs'] = [
    {
      ts: new Date(at - 40_000).toISOString(),
      type: 'navigation',
      label: `Navigated to ${place(path)}`,
      data: { from: '/', to: place(path), how: 'push' },
    },
    ...actions.map(({ kind, label, ago }) => ({
      ts: new Date(at - ago).toISOString(),
      type: kind === 'submit' ? ('submit' as const) : ('click' as const),
      label:
        kind === 'submit'
          ? `Submitted form '${label}'`
          : kind === 'rage'
            ? `Rage-clicked '${label}' (3 times in 1 s)`
            : `Clicked button '${label}'`,
      ...(kind === 'rage' && { data: { frustration: 'rage' } }),
    })),
    { ts: OCCURRED, type: 'custom', label: 'Error: TypeError: x' },
  ]
  const envelope: Envelope = {
    id: 'env_0123456789',
    schemaVersion: 1,
    occurredAt: OCCURRED,
    app: { name: 'shop' },
    kind: 'error',
    route: { template: place(path), url: `https://shop.example${path}` },
    breadcrumbs,
    flags: {},
    frustration: { rageClicks: 0, deadClicks: 0, errorClicks: 0 },
    error: { type: 'TypeError', message: 'x', frames: [], handled: false, mechanism: 'onerror' },
  }
  // The old SDK derived the line from its unscrubbed breadcrumbs, then scrubbed the whole envelope.
  if (old) envelope.attempting = deriveAttempting(envelope.breadcrumbs, place(path), at)
  return scrubLight(envelope)
}

describe('completeEnvelope', () => {
  it('derives the attempting line the page used to, naming the route template', () => {
    const stored = completeEnvelope(
      sdkEnvelope('/teams/42/members', [{ kind: 'submit', label: 'Invite teammate', ago: 2_000 }], false),
    )
    expect(stored.route.template).toBe('/teams/:id/members')
    expect(stored.attempting).toBe("submitting the 'Invite teammate' form on /teams/:id/members")
  })

  it("keeps the app's own line (a boundary's attempting prop) and derives none for it", () => {
    const envelope = { ...sdkEnvelope('/users/7', [], false), attempting: 'saving the draft' }
    expect(completeEnvelope(envelope).attempting).toBe('saving the draft')
  })

  it('stores exactly what the old SDK sent, scrubbed labels included (property)', () => {
    const label = fc.oneof(
      fc.constantFrom('Save', 'Invite teammate', 'Pay now', 'Email ann@acme.test', 'Call +1 415 555 0100'),
      fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !s.includes("'")),
    )
    const action = fc.record({
      kind: fc.constantFrom('click', 'submit', 'rage') as fc.Arbitrary<Action['kind']>,
      label,
      ago: fc.integer({ min: 0, max: 45_000 }),
    })
    const path = fc.constantFrom(
      '/users/123',
      '/settings',
      '/members/ann@acme.test/edit',
      '/',
      '/orders/9f2c8a1b77d3',
    )
    fc.assert(
      fc.property(path, fc.array(action, { maxLength: 4 }), (p, actions) => {
        const sorted = [...actions].sort((a, b) => b.ago - a.ago)
        expect(completeEnvelope(sdkEnvelope(p, sorted, false))).toEqual(sdkEnvelope(p, sorted, true))
      }),
    )
  })

  it('is idempotent, and an older SDK envelope comes back as the same object', () => {
    const once = completeEnvelope(sdkEnvelope('/users/1', [{ kind: 'click', label: 'Save', ago: 10 }], false))
    expect(completeEnvelope(once)).toBe(once)
    const old = sdkEnvelope('/users/1', [{ kind: 'click', label: 'Save', ago: 10 }], true)
    expect(completeEnvelope(old)).toBe(old)
  })
})
