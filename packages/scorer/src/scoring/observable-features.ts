import { isBounce, type SessionFeatures } from './features.js'
import type { ScoringSession } from './session.js'

/**
 * The observable session features as one numeric row: exactly what the heuristic scorer reads, each count
 * both raw and log-transformed so a fitted model may pick whichever shape ranks better. The logistic
 * baseline of `suture eval scoring` is fitted on these rows.
 */
export const OBSERVABLE_FEATURE_NAMES = [
  'goal reached',
  'engaged minutes',
  'log engaged minutes',
  'session minutes',
  'log session minutes',
  'page views',
  'log page views',
  'distinct pages',
  'log distinct pages',
  'areas',
  'interactions',
  'log interactions',
  'seconds per page',
  'bounce',
  'unrecovered errors',
  'recovered errors',
  'left after error',
  'rage clicks',
  'dead clicks',
  'mean rating',
  'has rating',
] as const

export function observableFeatureRow(f: SessionFeatures): number[] {
  let recovered = 0
  for (const error of f.errors) if (error.recovered) recovered++
  const rating = f.ratings.length > 0 ? f.ratings.reduce((a, b) => a + b, 0) / f.ratings.length : 0
  const engagedMinutes = f.engagedSeconds / 60
  const sessionMinutes = f.durationSeconds / 60
  return [
    f.goal ? 1 : 0,
    engagedMinutes,
    Math.log1p(engagedMinutes),
    sessionMinutes,
    Math.log1p(sessionMinutes),
    f.pageviews,
    Math.log1p(f.pageviews),
    f.distinctPaths,
    Math.log1p(f.distinctPaths),
    f.areas,
    f.interactions,
    Math.log1p(f.interactions),
    f.pageviews > 0 ? f.engagedSeconds / f.pageviews : 0,
    isBounce(f) ? 1 : 0,
    f.unrecoveredErrors,
    recovered,
    f.leftAfterError ? 1 : 0,
    f.rageClicks,
    f.deadClicks,
    rating,
    f.ratings.length > 0 ? 1 : 0,
  ]
}

/** First-event properties that identify rather than describe a session (never one-hot encoded). */
const IDENTIFYING_PROPERTIES = new Set([
  '$pathname',
  '$current_url',
  '$session_id',
  '$window_id',
  '$device_id',
  '$insert_id',
  'distinct_id',
  'url',
  'path',
])
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Extra feature columns for a set of sessions: one name per column, one row per session. */
export interface ContextFeatures {
  readonly names: readonly string[]
  readonly rows: readonly number[][]
}

/**
 * Where in the product the engagement went: for each area (first path segment) visited in at least
 * `minShare` of the sessions, at most `maxAreas` of them, most common first, the log of its pageviews and
 * of its engaged minutes. The areas are chosen without reading any label, so building the columns on all
 * rows leaks nothing. The evaluation fits a logistic baseline with them to test whether *where* a session
 * spent its time (e.g. product pages rather than help pages) says more than the totals the heuristic reads.
 * @example
 * areaEngagementFeatures(sessions.map((s) => extractFeatures(s))).names // ['log pages in products', 'log engaged minutes in products', …]
 */
export function areaEngagementFeatures(
  features: readonly SessionFeatures[],
  options: { minShare?: number; maxAreas?: number } = {},
): ContextFeatures {
  const minShare = options.minShare ?? 0.01
  const maxAreas = options.maxAreas ?? 10
  const sessionsWith = new Map<string, number>()
  for (const f of features) {
    for (const { area } of f.areaEngagement) sessionsWith.set(area, (sessionsWith.get(area) ?? 0) + 1)
  }
  const areas = [...sessionsWith.entries()]
    .filter(([, count]) => count >= minShare * features.length)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, maxAreas)
    .map(([area]) => area)
  const column = new Map(areas.map((area, i) => [area, i]))
  const names = areas.flatMap((area) => [`log pages in ${area}`, `log engaged minutes in ${area}`])
  const rows = features.map((f) => {
    const row = new Array<number>(names.length).fill(0)
    for (const { area, pageviews, engagedSeconds } of f.areaEngagement) {
      const c = column.get(area)
      if (c === undefined) continue
      row[2 * c] = Math.log1p(pageviews)
      row[2 * c + 1] = Math.log1p(engagedSeconds / 60)
    }
    return row
  })
  return { names, rows }
}

/**
 * Context a session stream carries besides behaviour: the calendar (month, weekend, from the first event's
 * UTC timestamp) and the first event's categorical string properties (visitor type, browser, referrer …):
 * each value seen in at least `minShare` of the sessions becomes a 0/1 column, at most `maxColumns` of
 * them, most common first. Unsupervised (no label is read), so building it on all rows leaks nothing.
 * These predict *purchase propensity* (November shoppers buy gifts) rather than satisfaction, which is
 * why the heuristic does not use them; the evaluation fits a second logistic baseline with them to show
 * how much of the outcome they explain.
 */
export function contextFeatures(
  sessions: readonly ScoringSession[],
  options: { minShare?: number; maxColumns?: number } = {},
): ContextFeatures {
  const minShare = options.minShare ?? 0.01
  const maxColumns = options.maxColumns ?? 40
  const counts = new Map<string, number>()
  const perSession = sessions.map((session) => {
    const first = session.events[0]
    const keys: string[] = []
    for (const [key, value] of Object.entries(first?.properties ?? {})) {
      if (IDENTIFYING_PROPERTIES.has(key) || typeof value !== 'string' || value.length > 100) continue
      keys.push(`${key}=${value}`)
    }
    for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1)
    return { keys: new Set(keys), ts: first ? Date.parse(first.ts) : Number.NaN }
  })
  const categorical = [...counts.entries()]
    .filter(([, count]) => count >= minShare * sessions.length && count < sessions.length)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, maxColumns)
    .map(([key]) => key)
  const names = [...MONTHS.map((m) => `month ${m}`), 'weekend', ...categorical]
  const rows = perSession.map(({ keys, ts }) => {
    const row = new Array<number>(names.length).fill(0)
    if (Number.isFinite(ts)) {
      const date = new Date(ts)
      row[date.getUTCMonth()] = 1
      const day = date.getUTCDay()
      row[12] = day === 0 || day === 6 ? 1 : 0
    }
    categorical.forEach((key, c) => {
      if (keys.has(key)) row[13 + c] = 1
    })
    return row
  })
  return { names, rows }
}
