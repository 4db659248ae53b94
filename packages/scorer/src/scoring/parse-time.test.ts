import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseTime } from './parse-time.js'

describe('parseTime', () => {
  it('agrees with Date.parse on every ISO timestamp it is given', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1970-01-01T00:00:00Z'),
          max: new Date('2200-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(0, 1, 2, 3, 6),
        (date, fractionDigits) => {
          const iso = date.toISOString()
          const ts =
            fractionDigits === 3
              ? iso
              : fractionDigits === 0
                ? iso.replace(/\.\d+Z$/, 'Z')
                : iso.replace(/\.(\d+)Z$/, (_, f: string) => `.${`${f}000`.slice(0, fractionDigits)}Z`)
          expect(parseTime(ts)).toBe(Date.parse(ts))
        },
      ),
      { numRuns: 2000 },
    )
  })

  it('falls back to Date.parse for offsets, bare dates and garbage', () => {
    for (const ts of [
      '2026-03-02T10:00:00+02:00',
      '2026-03-02',
      '2026-13-02T10:00:00Z',
      'yesterday',
      '2026-03-02T10:00:00,5Z',
    ]) {
      expect(Object.is(parseTime(ts), Date.parse(ts))).toBe(true)
    }
  })
})
