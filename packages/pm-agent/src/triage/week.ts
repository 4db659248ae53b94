const DAY_MS = 86_400_000
const WEEK_RE = /^(\d{4})-W(\d{2})$/

export class InvalidTriageWeekError extends Error {
  override readonly name = 'InvalidTriageWeekError'
  constructor(readonly input: string) {
    super(`'${input}' is not an ISO week; write it like 2026-W48 (year, 'W', two-digit week 01–53).`)
  }
}

/** The ISO week (`2026-W48`) of a UTC calendar day. */
export function isoWeek(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()))
  const day = d.getUTCDay() || 7
  d.setUTCDate(d.getUTCDate() + 4 - day)
  const yearStart = Date.UTC(d.getUTCFullYear(), 0, 1)
  const week = Math.ceil(((d.getTime() - yearStart) / DAY_MS + 1) / 7)
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`
}

/** Monday 00:00 UTC of the week and the Monday after (exclusive). */
export function isoWeekRange(week: string): { start: Date; end: Date } {
  const match = WEEK_RE.exec(week)
  if (!match) throw new InvalidTriageWeekError(week)
  const year = Number(match[1])
  const n = Number(match[2])
  const jan4 = new Date(Date.UTC(year, 0, 4))
  const week1Monday = jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * DAY_MS
  const start = new Date(week1Monday + (n - 1) * 7 * DAY_MS)
  if (n < 1 || isoWeek(start) !== week) throw new InvalidTriageWeekError(week)
  return { start, end: new Date(start.getTime() + 7 * DAY_MS) }
}

/** The last complete ISO week before `now`: what a Monday run triages. */
export function previousIsoWeek(now: Date): string {
  return isoWeek(new Date(isoWeekRange(isoWeek(now)).start.getTime() - 7 * DAY_MS))
}

/**
 * Clients' clocks may run ahead of the server's, so a session's reported start can be later than the
 * night it was scored; a week's past that never happens in practice.
 */
const CLIENT_CLOCK_MARGIN_MS = 7 * 24 * 3600 * 1000

/**
 * The earliest `scores.scored_at` a session started at or after `start` can have: a session is scored
 * after it arrives. Reading scores from here on lets `scores_time_idx` bound the read to the weeks asked
 * for instead of every score the project ever had.
 */
export function earliestScoreOf(start: Date): Date {
  return new Date(start.getTime() - CLIENT_CLOCK_MARGIN_MS)
}
