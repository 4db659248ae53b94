import { describe, expect, it } from 'vitest'
import { decideLineage, type LineageState } from './stopping.js'

const fresh: LineageState = { iterations: 0, costUsd: 0, escalated: false }

describe('decideLineage', () => {
  it('a first-attempt fix closes clean; a later one closes messy', () => {
    expect(decideLineage(fresh, 'fixed').action).toMatchObject({ kind: 'close', outcome: 'fixed-clean' })
    expect(decideLineage({ ...fresh, iterations: 2 }, 'fixed').action).toMatchObject({
      kind: 'close',
      outcome: 'fixed-messy',
    })
  })

  it('unchanged attempts iterate until the cap, then escalate instead of a fourth try', () => {
    let state = fresh
    const kinds: string[] = []
    for (let i = 0; i < 3; i++) {
      const { action, next } = decideLineage(state, i === 1 ? 'improved' : 'unchanged', {
        maxIterations: 3,
        maxCostUsd: 100,
      })
      kinds.push(action.kind)
      state = next
    }
    expect(kinds).toEqual(['iterate', 'iterate', 'escalate'])
    expect(state).toEqual({ iterations: 3, costUsd: 0, escalated: true })
  })

  it('the cost budget escalates even while waiting for data, exactly once', () => {
    const spent = { iterations: 1, costUsd: 30, escalated: false }
    const first = decideLineage(spent, 'pending', { maxIterations: 5, maxCostUsd: 25 })
    expect(first.action).toMatchObject({ kind: 'escalate', reason: expect.stringMatching(/cost budget/) })
    expect(decideLineage(first.next, 'pending', { maxIterations: 5, maxCostUsd: 25 }).action.kind).toBe(
      'wait',
    )
  })

  it('a regression pulls the andon cord whatever the budget', () => {
    const { action, next } = decideLineage({ iterations: 0, costUsd: 0, escalated: false }, 'regressed')
    expect(action).toMatchObject({ kind: 'andon', outcome: 'reverted' })
    expect(next.escalated).toBe(true)
  })

  it('no data to compare with waits only until the window is over, then a person decides (once)', () => {
    const fresh = { iterations: 0, costUsd: 0, escalated: false }
    expect(decideLineage(fresh, 'insufficient-data').action.kind).toBe('wait')
    const over = decideLineage(fresh, 'insufficient-data', undefined, { windowComplete: true })
    expect(over.action).toMatchObject({ kind: 'escalate', outcome: 'escalated' })
    expect(
      decideLineage(over.next, 'insufficient-data', undefined, { windowComplete: true }).action.kind,
    ).toBe('wait')
  })
})
