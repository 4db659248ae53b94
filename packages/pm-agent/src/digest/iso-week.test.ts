import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidWeekError, isoWeekOf, lastCompleteWeek, shiftWeek, weekRange } from './iso-week.js'

describe('ISO weeks', () => {
  it('knows the edge weeks', () => {
    expect(isoWeekOf(new Date('2026-11-23T00:00:00Z'))).toBe('2026-W48')
    expect(isoWeekOf(new Date('2021-01-03T12:00:00Z'))).toBe('2020-W53')
    expect(isoWeekOf(new Date('2024-12-30T00:00:00Z'))).toBe('2025-W01')
    expect(weekRange('2026-W48').start.toISOString()).toBe('2026-11-23T00:00:00.000Z')
    expect(weekRange('2020-W53').start.toISOString()).toBe('2020-12-28T00:00:00.000Z')
    expect(shiftWeek('2026-W01', -1)).toBe('2025-W52')
    expect(lastCompleteWeek(new Date('2026-11-30T08:00:00Z'))).toBe('2026-W48')
  })

  it('rejects weeks that do not exist', () => {
    expect(() => weekRange('2025-W53')).toThrow(InvalidWeekError)
    expect(weekRange('2026-W53').start.toISOString()).toBe('2026-12-28T00:00:00.000Z')
    expect(() => weekRange('2026-48')).toThrow(/like 2026-W48/)
  })

  it('every day falls in the week whose range contains it', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }), (ms) => {
        const date = new Date(ms)
        const { start, end } = weekRange(isoWeekOf(date))
        expect(start.getTime()).toBeLessThanOrEqual(ms)
        expect(end.getTime()).toBeGreaterThan(ms)
      }),
    )
  })
})
