import { describe, expect, it } from 'vitest'
import type { Signal } from '../dedup/signal.js'
import { checkSafety } from '../safety/check.js'
import { classifyCluster } from './classify.js'

const frames = [{ function: 'renderColumn', file: 'src/board/column.tsx', inApp: true }]
const error = (id: string, route = '/projects/:id/board'): Signal => ({
  id,
  kind: 'error',
  title: "TypeError: Cannot read properties of undefined (reading 'cards')",
  route,
  frames,
})
const safe = { held: false, reasons: [] }

describe('classifyCluster', () => {
  it('marks a reproducible, bounded error auto-fixable', () => {
    const c = classifyCluster([error('a'), error('b')], safe)
    expect(c).toMatchObject({ kind: 'bug', autoFixable: true })
  })

  it('never marks a held cluster auto-fixable', () => {
    const members = [error('a', '/billing'), error('b', '/billing')]
    const c = classifyCluster(members, checkSafety({ routes: ['/billing'], files: [], texts: [] }))
    expect(c.autoFixable).toBe(false)
    expect(c.reasons.join(' ')).toContain('billing')
  })

  it('does not auto-fix a single occurrence or one spread over many routes', () => {
    expect(classifyCluster([error('a')], safe).autoFixable).toBe(false)
    const spread = ['/a', '/b', '/c'].map((r, i) => error(`e${i}`, r))
    expect(classifyCluster(spread, safe).autoFixable).toBe(false)
  })

  it('reads feedback: feature gap, confusing flow, or a bug described in words', () => {
    const fb = (text: string): Signal => ({ id: text, kind: 'feedback', text })
    expect(classifyCluster([fb('Please add export to Excel')], safe)).toMatchObject({
      kind: 'improvement',
      improvement: 'feature-gap',
    })
    expect(
      classifyCluster([fb('I could not find where to invite people, very confusing')], safe),
    ).toMatchObject({
      kind: 'improvement',
      improvement: 'confusing-flow',
    })
    expect(classifyCluster([fb('The save button does not work')], safe).kind).toBe('bug')
  })

  it('takes the department from tags, else from route rules', () => {
    expect(classifyCluster([{ ...error('a'), department: 'growth' }], safe).department).toBe('growth')
    expect(
      classifyCluster([error('a')], safe, { departments: [{ route: /^\/projects/, department: 'core' }] })
        .department,
    ).toBe('core')
  })
})
