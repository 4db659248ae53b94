import { isoWeekOf } from './iso-week.js'

const DAY_MS = 86_400_000

export interface WeeklySchedule {
  /** ISO weekday, 1 = Monday. */
  readonly weekday: number
  /** Local wall-clock time, `HH:MM`. */
  readonly time: string
  /** IANA time zone, e.g. `Europe/Amsterdam`. */
  readonly timeZone: string
}

export const DEFAULT_WEEKLY_SCHEDULE: WeeklySchedule = { weekday: 1, time: '08:00', timeZone: 'UTC' }

export class InvalidScheduleError extends Error {
  override readonly name = 'InvalidScheduleError'
  constructor(
    readonly field: 'time' | 'timeZone' | 'weekday',
    readonly value: string,
  ) {
    super(
      field === 'time'
        ? `schedule time '${value}' must be HH:MM (24 h), e.g. 08:00`
        : field === 'timeZone'
          ? `'${value}' is not an IANA time zone; use e.g. Europe/Amsterdam or UTC`
          : `weekday '${value}' must be 1 (Monday) to 7 (Sunday)`,
    )
  }
}

/** The wall-clock reading of `instant` in `timeZone`, as a UTC-based Date (for calendar arithmetic). */
function wallClock(instant: number, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return new Date(
    Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second')),
  )
}

/** The instant at which the wall clock in `timeZone` reads `local` (a UTC-based Date); DST-safe. */
export function zonedToInstant(local: Date, timeZone: string): Date {
  let guess = local.getTime()
  for (let i = 0; i < 3; i++) {
    const offset = wallClock(guess, timeZone).getTime() - guess
    const next = local.getTime() - offset
    if (next === guess) break
    guess = next
  }
  return new Date(guess)
}

function validate(schedule: WeeklySchedule): { hour: number; minute: number } {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(schedule.time)
  if (!match) throw new InvalidScheduleError('time', schedule.time)
  if (!Number.isInteger(schedule.weekday) || schedule.weekday < 1 || schedule.weekday > 7) {
    throw new InvalidScheduleError('weekday', String(schedule.weekday))
  }
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: schedule.timeZone })
  } catch {
    throw new InvalidScheduleError('timeZone', schedule.timeZone)
  }
  return { hour: Number(match[1]), minute: Number(match[2]) }
}

export interface ScheduledRun {
  /** When the run was due. */
  readonly due: Date
  /** The ISO week it reports on: the complete week before the scheduled day (in the schedule's zone). */
  readonly week: string
}

/**
 * The scheduled runs at or before `now`, newest first, `count` of them: what a worker that has just
 * woken up (on time, or after missing a Monday) should have done.
 */
export function scheduledRuns(
  now: Date,
  schedule: WeeklySchedule = DEFAULT_WEEKLY_SCHEDULE,
  count = 4,
): ScheduledRun[] {
  const { hour, minute } = validate(schedule)
  const local = wallClock(now.getTime(), schedule.timeZone)
  const isoDay = local.getUTCDay() || 7
  let day =
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()) -
    ((isoDay - schedule.weekday + 7) % 7) * DAY_MS
  const runs: ScheduledRun[] = []
  while (runs.length < count) {
    const due = zonedToInstant(new Date(day + hour * 3_600_000 + minute * 60_000), schedule.timeZone)
    if (due.getTime() <= now.getTime()) {
      // The report covers the last complete ISO week before the scheduled calendar day.
      const previousSunday = day - (new Date(day).getUTCDay() || 7) * DAY_MS
      const week = isoWeekOf(new Date(previousSunday))
      runs.push({ due, week })
    }
    day -= 7 * DAY_MS
  }
  return runs
}
