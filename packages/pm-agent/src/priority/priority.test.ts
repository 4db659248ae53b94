import { describe, expect, it } from 'vitest'
import { computePriority, type PriorityInput } from './priority.js'
import { binomialLowerTail, binomialUpperTail, rateChange } from './rate-test.js'
import { meetsTicketThreshold } from './thresholds.js'

const week = { firstSeen: '2026-11-23T00:00:00Z', lastSeen: '2026-11-29T00:00:00Z' }

describe('rateChange (exact conditional binomial test)', () => {
  it('matches known binomial tails', () => {
    // P(X ≥ 8 | n = 10, p = 0.5) = 56/1024
    expect(binomialUpperTail(8, 10, 0.5)).toBeCloseTo(56 / 1024, 10)
    expect(binomialLowerTail(2, 10, 0.5)).toBeCloseTo(56 / 1024, 10)
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1)
  })

  it('calls a spike rising and a small wobble steady, whatever the raw ratio says', () => {
    expect(rateChange(60, [10, 12, 9, 11]).trend).toBe('rising')
    // 2 → 4 is a raw doubling but well within Poisson noise.
    const wobble = rateChange(4, [2, 2, 2])
    expect(wobble.ratio).toBe(2)
    expect(wobble.trend).toBe('steady')
  })

  it('calls a rate already falling, falling', () => {
    expect(rateChange(5, [40, 38, 45]).trend).toBe('falling')
  })

  it('calls a first week "new"', () => {
    expect(rateChange(12, []).trend).toBe('new')
    // A first-ever cluster in a project with earlier weeks: new, not "steady" (2 vs 0 is not significant).
    expect(rateChange(2, [0, 0, 0]).trend).toBe('new')
    expect(rateChange(0, [0, 0]).trend).toBe('steady')
  })
})

const base: PriorityInput = {
  ...week,
  distinctUsers: 30,
  distinctWorkspaces: 8,
  sessions: 60,
  daysActive: 5,
  thisWeek: 90,
  previousWeeks: [20, 22, 19, 21],
}

describe('computePriority on constructed weeks', () => {
  it('ranks a spike above the same volume already falling', () => {
    const spike = computePriority({ ...base, thisWeek: 90, previousWeeks: [20, 22, 19, 21] })
    const falling = computePriority({ ...base, thisWeek: 90, previousWeeks: [200, 180, 160, 150] })
    expect(spike.rate.trend).toBe('rising')
    expect(falling.rate.trend).toBe('falling')
    expect(spike.score).toBeGreaterThan(falling.score)
    expect(spike.linear).toBeLessThanOrEqual(falling.linear)
  })

  it('keeps a slow burn (steady, every day, many users) at medium or above', () => {
    const slow = computePriority({ ...base, thisWeek: 21, previousWeeks: [20, 22, 19, 21], daysActive: 7 })
    expect(slow.rate.trend).toBe('steady')
    expect(slow.linear).toBeLessThanOrEqual(3)
  })

  it('gives a single noisy user low priority and no ticket', () => {
    const noisy = {
      ...base,
      distinctUsers: 1,
      distinctWorkspaces: 1,
      sessions: 2,
      thisWeek: 300,
      previousWeeks: [],
    }
    const priority = computePriority(noisy)
    expect(priority.linear).toBeGreaterThanOrEqual(3)
    expect(meetsTicketThreshold(noisy)).toBe(false)
  })

  it('makes a deep, broad, NPS-damaging spike urgent', () => {
    const urgent = computePriority({
      ...base,
      distinctUsers: 400,
      distinctWorkspaces: 60,
      routeSessions: 200,
      npsDrop: 5,
      daysActive: 7,
    })
    expect(urgent.linear).toBe(1)
    expect(urgent.depthShare).toBeCloseTo(0.3)
  })

  it('leaves out parts without data instead of scoring them zero', () => {
    const without = computePriority(base)
    expect(without.parts.depth).toBeUndefined()
    expect(without.parts.nps).toBeUndefined()
    expect(without.score).toBeGreaterThan(0.5)
  })
})

describe('ticket thresholds', () => {
  it('tickets at 5 users or 40 sessions by default; two users with an odd edge case are an observation', () => {
    expect(meetsTicketThreshold({ distinctUsers: 5, sessions: 1 })).toBe(true)
    expect(meetsTicketThreshold({ distinctUsers: 1, sessions: 40 })).toBe(true)
    expect(meetsTicketThreshold({ distinctUsers: 2, sessions: 3 })).toBe(false)
    expect(meetsTicketThreshold({ distinctUsers: 2, sessions: 3 }, { minUsers: 2, minSessions: 100 })).toBe(
      true,
    )
  })
})
