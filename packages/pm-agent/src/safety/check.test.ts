import { describe, expect, it } from 'vitest'
import { checkSafety } from './check.js'
import { safetyRules } from './rules.js'

const none = { routes: [], files: [], texts: [] }

describe('checkSafety', () => {
  it.each([
    ['auth by route', { ...none, routes: ['/login'] }, 'auth'],
    ['auth by text', { ...none, texts: ['I get logged out every time I save'] }, 'auth'],
    ['billing by route', { ...none, routes: ['/settings/billing'] }, 'billing'],
    ['payments by text', { ...none, texts: ['I was charged twice for my plan'] }, 'billing'],
    [
      'data deletion by text',
      { ...none, texts: ['Deleting a project also deleted the other one'] },
      'data-deletion',
    ],
    ['migrations by path', { ...none, files: ['src/db/migrations/0003-users.ts'] }, 'migrations'],
    ['background jobs by path', { ...none, files: ['src/jobs/nightly-export.ts'] }, 'background-jobs'],
    ['production data by route', { ...none, routes: ['/admin/users/:id'] }, 'production-data'],
  ])('holds %s', (_, subject, category) => {
    const verdict = checkSafety(subject)
    expect(verdict.held).toBe(true)
    expect(verdict.reasons.map((r) => r.category)).toContain(category)
  })

  it('lets an ordinary UI bug through', () => {
    const verdict = checkSafety({
      routes: ['/projects/:id/board'],
      files: ['src/board/column.tsx'],
      texts: [
        "TypeError: Cannot read properties of undefined (reading 'cards')",
        'The board does not scroll',
      ],
    })
    expect(verdict).toEqual({ held: false, reasons: [] })
  })

  it("takes a team's own rules and exceptions", () => {
    const rules = safetyRules({
      extra: [{ category: 'exports', routes: [/^\/exports/] }],
      disable: ['background-jobs'],
    })
    expect(checkSafety({ ...none, routes: ['/exports/csv'] }, rules).held).toBe(true)
    expect(checkSafety({ ...none, files: ['src/jobs/x.ts'] }, rules).held).toBe(false)
  })
})
