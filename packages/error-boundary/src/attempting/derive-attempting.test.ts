import { describe, expect, it } from 'vitest'
import type { RawBreadcrumb } from '../breadcrumbs/ring-buffer.js'
import { deriveAttempting } from './derive-attempting.js'

const now = 1_000_000
const crumb = (
  ago: number,
  type: RawBreadcrumb['type'],
  label: string,
  frustration?: string,
): RawBreadcrumb =>
  frustration ? { at: now - ago, type, label, data: { frustration } } : { at: now - ago, type, label }

describe('deriveAttempting', () => {
  it('describes a form submit', () => {
    const crumbs = [
      crumb(5_000, 'navigation', 'Navigated to /settings/members'),
      crumb(3_000, 'input', "Changed field 'Email'"),
      crumb(1_000, 'click', "Clicked button 'Send invite'"),
      crumb(990, 'submit', "Submitted form 'Invite teammate'"),
      crumb(500, 'fetch', 'POST /api/invites → 500'),
    ]
    expect(deriveAttempting(crumbs, '/settings/members', now)).toBe(
      "submitting the 'Invite teammate' form on /settings/members",
    )
  })

  it('describes the last click when it came after the submit', () => {
    const crumbs = [
      crumb(5_000, 'submit', "Submitted form 'Search'"),
      crumb(100, 'click', "Clicked button 'Export'"),
    ]
    expect(deriveAttempting(crumbs, '/reports', now)).toBe("clicking 'Export' on /reports")
  })

  it('ignores actions from before the last navigation and stale ones', () => {
    const crumbs = [
      crumb(4_000, 'click', "Clicked link 'Billing'"),
      crumb(3_000, 'navigation', 'Navigated to /billing'),
    ]
    expect(deriveAttempting(crumbs, '/billing', now)).toBe('viewing /billing')
    expect(deriveAttempting([crumb(60_000, 'click', "Clicked button 'Old'")], '/x', now)).toBe('viewing /x')
  })
})
