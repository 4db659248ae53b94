import { describe, expect, it } from 'vitest'
import { LIMITS, parseEnvelope } from '../index.js'

const valid = {
  id: 'env_0001abcd',
  schemaVersion: 1,
  kind: 'error',
  occurredAt: '2026-11-23T10:00:00.000Z',
  app: { name: 'acme-web', release: '1.4.2', environment: 'production' },
  route: { template: '/settings/members', url: 'https://app.acme.test/settings/members' },
  boundary: 'MembersPage',
  breadcrumbs: [{ ts: '2026-11-23T09:59:58.000Z', type: 'click', label: "Clicked 'Invite teammate'" }],
  flags: { newInviteFlow: true, plan: { tier: 'pro' } },
  error: {
    type: 'TypeError',
    message: "Cannot read properties of undefined (reading 'email')",
    handled: true,
    mechanism: 'boundary',
  },
}

describe('parseEnvelope', () => {
  it('accepts a valid error envelope and applies defaults', () => {
    const result = parseEnvelope(valid)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.frustration).toEqual({ rageClicks: 0, deadClicks: 0, errorClicks: 0 })
    expect(result.value.kind === 'error' && result.value.error.frames).toEqual([])
  })

  it('names the field that is wrong', () => {
    const result = parseEnvelope({ ...valid, error: { ...valid.error, handled: 'yes' } })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.issues.map((i) => i.path)).toContain('error.handled')
  })

  it('truncates a 10 MB message instead of rejecting the envelope', () => {
    const huge = 'x'.repeat(10 * 1024 * 1024)
    const result = parseEnvelope({ ...valid, error: { ...valid.error, message: huge } })
    expect(result.ok).toBe(true)
    if (!result.ok || result.value.kind !== 'error') return
    expect(result.value.error.message.length).toBe(LIMITS.message)
    expect(result.value.error.message.endsWith('…')).toBe(true)
  })

  it('keeps the newest breadcrumbs when there are too many', () => {
    const crumbs = Array.from({ length: 250 }, (_, i) => ({
      ts: '2026-11-23T09:59:58.000Z',
      type: 'custom',
      label: `step ${i}`,
    }))
    const result = parseEnvelope({ ...valid, breadcrumbs: crumbs })
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.value.breadcrumbs).toHaveLength(LIMITS.breadcrumbs)
    expect(result.value.breadcrumbs.at(-1)?.label).toBe('step 249')
  })

  it('never throws on hostile input', () => {
    let deep: unknown = {}
    for (let i = 0; i < 100_000; i++) deep = { a: deep }
    for (const input of [null, 42, 'x', [], { ...valid, flags: deep }, { __proto__: { kind: 'error' } }]) {
      expect(() => parseEnvelope(input)).not.toThrow()
    }
  })
})
