const DAY_MS = 86_400_000
const WEEK_RE = /^(\d{4})-W(\d{2})$/

export class InvalidWeekError extends Error {
  override readonly name = 'InvalidWeekError'
  constructor(readonly input: string) {
    super(`'${input}' is not an ISO week; write it like 2026-W48 (year, 'W', two-digit week 01–53).`)
  }
}

/** The ISO week (`2026-W48`) a calendar day belongs to; `date` is read as a UTC calendar day. */
export function isoWeekOf(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))
  const dayNum = d.getUTCDay() || 7
  d.setUTCDate(d.getUTCDate() + 4 - dayNum)
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1)
  const week = Math.ceil(((d.getTime() - yearStart) / DAY_MS + 1) / 7)
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`
}

/** Monday 00:00 UTC of an ISO week, and the Monday after (exclusive end). */
export function weekRange(week: string): { start: Date; end: Date } {
  const match = WEEK_RE.exec(week)
  if (!match) throw new InvalidWeekError(week)
  const year = Number(match[1])
  const n = Number(match[2])
  // ISO week 1 is the week with January 4th in it.
  const jan4 = new Date(Date.UTC(year, 0, 4))
  const week1Monday = Date.UTC(year, 0, 4) - ((jan4.getUTCDay() || 7) - 1) * DAY_MS
  const start = new Date(week1Monday + (n - 1) * 7 * DAY_MS)
  if (n < 1 || isoWeekOf(start) !== week) throw new InvalidWeekError(week)
  return { start, end: new Date(start.getTime() + 7 * DAY_MS) }
}

export function shiftWeek(week: string, by: number): string {
  return isoWeekOf(new Date(weekRange(week).start.getTime() + by * 7 * DAY_MS))
}

/** The last complete ISO week before `now` (what a Monday digest reports on). */
export function lastCompleteWeek(now: Date): string {
  return shiftWeek(isoWeekOf(now), -1)
}
