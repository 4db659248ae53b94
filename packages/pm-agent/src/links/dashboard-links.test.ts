import { describe, expect, it } from 'vitest'
import { dashboardLinks } from './dashboard-links.js'

describe('dashboardLinks', () => {
  it('builds every page under the public URL and the dashboard base path, encoding each part', () => {
    const links = dashboardLinks('https://suture.example/')
    expect(links.home).toBe('https://suture.example/app')
    expect(links.ticket('LOCAL-3')).toBe('https://suture.example/app/tickets/LOCAL-3')
    expect(links.issue('c/1 x', 'prj_1')).toBe('https://suture.example/app/issues/c%2F1%20x?project=prj_1')
    expect(links.issue('k')).toBe('https://suture.example/app/issues/k')
    expect(links.issues('2026-W48')).toBe('https://suture.example/app/issues?week=2026-W48')
    expect(links.issues('2026-W48', 'fp a&b')).toBe(
      'https://suture.example/app/issues?week=2026-W48&q=fp%20a%26b',
    )
    expect(links.digest('2026-W48')).toBe('https://suture.example/app/digest/2026-W48')
    expect(links.session('s?1')).toBe('https://suture.example/app/sessions/s%3F1')
    expect(links.review).toBe('https://suture.example/app/review')
  })

  it('gives paths on this server with an empty public URL, under any base path', () => {
    expect(dashboardLinks('', '/dash/').ticket('LOCAL-1')).toBe('/dash/tickets/LOCAL-1')
  })
})
