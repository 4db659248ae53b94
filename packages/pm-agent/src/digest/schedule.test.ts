import { describe, expect, it } from 'vitest'
import { InvalidScheduleError, scheduledRuns, zonedToInstant } from './schedule.js'

describe('scheduledRuns', () => {
  it('Monday 08:00 in Amsterdam is 07:00 UTC in winter and 06:00 UTC in summer', () => {
    const tz = { weekday: 1, time: '08:00', timeZone: 'Europe/Amsterdam' }
    const winter = scheduledRuns(new Date('2026-01-12T07:00:00Z'), tz, 1)
    expect(winter).toEqual([{ due: new Date('2026-01-12T07:00:00Z'), week: '2026-W02' }])
    // One minute earlier the newest due run is the previous Monday.
    expect(scheduledRuns(new Date('2026-01-12T06:59:00Z'), tz, 1)[0]?.week).toBe('2026-W01')
    expect(scheduledRuns(new Date('2026-06-15T06:00:00Z'), tz, 1)[0]?.due.toISOString()).toBe(
      '2026-06-15T06:00:00.000Z',
    )
  })

  it('lists missed Mondays newest first, each reporting on the week before it', () => {
    const runs = scheduledRuns(
      new Date('2026-01-28T10:00:00Z'),
      { weekday: 1, time: '08:00', timeZone: 'UTC' },
      3,
    )
    expect(runs.map((r) => [r.due.toISOString().slice(0, 10), r.week])).toEqual([
      ['2026-01-26', '2026-W04'],
      ['2026-01-19', '2026-W03'],
      ['2026-01-12', '2026-W02'],
    ])
  })

  it('reads the calendar day in the schedule zone (Sunday evening in UTC is Monday in Tokyo)', () => {
    const runs = scheduledRuns(
      new Date('2026-01-11T23:30:00Z'),
      { weekday: 1, time: '08:00', timeZone: 'Asia/Tokyo' },
      1,
    )
    expect(runs[0]).toEqual({ due: new Date('2026-01-11T23:00:00Z'), week: '2026-W02' })
  })

  it('converts wall-clock times across a DST change and rejects bad settings', () => {
    expect(zonedToInstant(new Date('2026-03-29T08:00:00Z'), 'Europe/Amsterdam').toISOString()).toBe(
      '2026-03-29T06:00:00.000Z',
    )
    expect(() => scheduledRuns(new Date(), { weekday: 1, time: '8am', timeZone: 'UTC' })).toThrow(
      InvalidScheduleError,
    )
    expect(() => scheduledRuns(new Date(), { weekday: 1, time: '08:00', timeZone: 'Mars/Olympus' })).toThrow(
      /IANA time zone/,
    )
  })
})
