import { describe, expect, it } from 'vitest'
import type { Breadcrumb } from '../schema/envelope.js'
import { deriveAttempting } from './derive-attempting.js'

const at = Date.parse('2026-12-03T09:00:00.000Z')
const crumb = (ago: number, type: Breadcrumb['type'], label: string, frustration?: string): Breadcrumb => ({
  ts: new Date(at - ago).toISOString(),
  type,
  label,
  ...(frustration && { data: { frustration } }),
})

describe('deriveAttempting', () => {
  it('describes a form submit', () => {
    const crumbs = [
      crumb(5_000, 'navigation', 'Navigated to /settings/members'),
      crumb(3_000, 'input', "Changed field 'Email'"),
      crumb(1_000, 'click', "Clicked button 'Send invite'"),
      crumb(990, 'submit', "Submitted form 'Invite teammate'"),
      crumb(500, 'fetch', 'POST /api/invites → 500'),
    ]
    expect(deriveAttempting(crumbs, '/settings/members', at)).toBe(
      "submitting the 'Invite teammate' form on /settings/members",
    )
  })

  it('describes the last click when it came after the submit', () => {
    const crumbs = [
      crumb(5_000, 'submit', "Submitted form 'Search'"),
      crumb(100, 'click', "Clicked button 'Export'"),
    ]
    expect(deriveAttempting(crumbs, '/reports', at)).toBe("clicking 'Export' on /reports")
  })

  it('skips rage and dead clicks (frustration, not intent) and the error breadcrumb', () => {
    const crumbs = [
      crumb(2_000, 'click', "Clicked button 'Pay now'"),
      crumb(1_500, 'click', "Rage-clicked 'Pay now' (4 times in 1 s)", 'rage'),
      crumb(1_000, 'click', "Dead click on 'Pay now' (nothing happened for 2.5 s)", 'dead'),
      crumb(0, 'custom', "Error: TypeError: Cannot read properties of undefined (reading 'id')"),
    ]
    expect(deriveAttempting(crumbs, '/checkout', at)).toBe("clicking 'Pay now' on /checkout")
  })

  it('says a form was submitted when it has no name, and a click without a name is no action', () => {
    expect(deriveAttempting([crumb(10, 'submit', 'Submitted form')], '/x', at)).toBe(
      'submitting a form on /x',
    )
    expect(deriveAttempting([crumb(10, 'click', 'Clicked div.card')], '/x', at)).toBe('viewing /x')
  })

  it('ignores actions from before the last navigation and stale ones', () => {
    const crumbs = [
      crumb(4_000, 'click', "Clicked link 'Billing'"),
      crumb(3_000, 'navigation', 'Navigated to /billing'),
    ]
    expect(deriveAttempting(crumbs, '/billing', at)).toBe('viewing /billing')
    expect(deriveAttempting([crumb(60_000, 'click', "Clicked button 'Old'")], '/x', at)).toBe('viewing /x')
    expect(deriveAttempting([], '/', at)).toBe('viewing /')
  })
})
