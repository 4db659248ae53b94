import { DEFAULT_GOALS, type GoalDefinition } from './goals.js'
import { parseTime } from './parse-time.js'
import { eventPath, routeArea } from './routes.js'
import type { ScoringEvent, ScoringSession } from './session.js'

/** A gap longer than this without any event counts as this much: the tab was probably in the background. */
export const ENGAGED_GAP_CAP_SECONDS = 120
/** After an error, activity this long after it (and not another error) counts as recovering. */
const RECOVERY_AFTER_MS = 2_000
/** An error this close to the session's last event, with no recovery, is "error then leave". */
const LEFT_AFTER_ERROR_MS = 120_000

export interface SessionError {
  readonly tsMs: number
  readonly type: string
  readonly message: string
  readonly path: string | undefined
  recovered: boolean
}

/** Time and pages spent in one product area (first path segment). */
export interface AreaEngagement {
  readonly area: string
  readonly pageviews: number
  /** Engaged seconds from each of the area's pageviews to the next event (gaps capped like `engagedSeconds`). */
  readonly engagedSeconds: number
}

export interface SessionFeatures {
  readonly startMs: number
  readonly endMs: number
  readonly durationSeconds: number
  /** Sum of gaps between events, each capped at ENGAGED_GAP_CAP_SECONDS. */
  readonly engagedSeconds: number
  readonly pageviews: number
  readonly distinctPaths: number
  /** Distinct first path segments: how many areas of the product were used. */
  readonly areas: number
  /** Pages and engaged time per area, in the order the areas were first visited. */
  readonly areaEngagement: readonly AreaEngagement[]
  /** The area with the most pageviews, and its example path. */
  readonly topPath: string | undefined
  readonly landingPath: string | undefined
  readonly exitPath: string | undefined
  readonly interactions: number
  readonly rageClicks: number
  readonly deadClicks: number
  readonly rageClickPath: string | undefined
  readonly rageClickLabel: string | undefined
  readonly errors: readonly SessionError[]
  readonly unrecoveredErrors: number
  /** The session ended shortly after an error the user never recovered from. */
  readonly leftAfterError: boolean
  readonly goal: { readonly name: string; readonly path: string | undefined } | undefined
  /** Explicit 0–10 ratings given in the session (feedback envelopes, surveys). */
  readonly ratings: readonly number[]
  readonly feedbackTexts: readonly string[]
  /** Custom (non-`$`) event names, most frequent first, for the texts. */
  readonly customEvents: readonly string[]
}

function sortedEvents(events: readonly ScoringEvent[]): {
  events: readonly ScoringEvent[]
  times: number[]
} {
  const times = new Array<number>(events.length)
  let sorted = true
  for (let i = 0; i < events.length; i++) {
    const event = events[i] as ScoringEvent
    const t = parseTime(event.ts)
    times[i] = t
    if (i > 0 && t < (times[i - 1] as number)) sorted = false
  }
  if (sorted) return { events, times }
  const order = events.map((_, i) => i).sort((a, b) => (times[a] as number) - (times[b] as number))
  return { events: order.map((i) => events[i] as ScoringEvent), times: order.map((i) => times[i] as number) }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined
}

/** PostHog puts exception details in `$exception_list` (newer) or `$exception_type`/`$exception_message`. */
function exceptionDetails(properties: Readonly<Record<string, unknown>> | undefined): {
  type: string
  message: string
} {
  const list = properties?.$exception_list
  if (Array.isArray(list) && list.length > 0) {
    const first = list[0] as Record<string, unknown> | null
    if (first && typeof first === 'object') {
      return { type: str(first.type) ?? 'Error', message: str(first.value) ?? '' }
    }
  }
  return {
    type: str(properties?.$exception_type) ?? 'Error',
    message: str(properties?.$exception_message) ?? str(properties?.message) ?? '',
  }
}

/** A 0–10 rating from a survey or feedback event; 1–5 scales are mapped onto 0–10. */
function ratingOf(properties: Readonly<Record<string, unknown>> | undefined): number | undefined {
  const raw = properties?.$survey_response ?? properties?.rating
  const value = typeof raw === 'string' ? Number(raw) : raw
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 10) return undefined
  const scale = properties?.scale
  return scale === 5 ? (value / 5) * 10 : value
}

/**
 * Reads everything the heuristic scorer and the texts need in one pass over the events.
 * @example
 * const f = extractFeatures(session)
 * f.goal?.name // 'order_completed'
 */
export function extractFeatures(
  session: ScoringSession,
  goals: GoalDefinition = DEFAULT_GOALS,
): SessionFeatures {
  const { events, times } = sortedEvents(session.events)
  const startMs = times.length > 0 ? (times[0] as number) : 0
  const endMs = times.length > 0 ? (times[times.length - 1] as number) : 0
  let engagedMs = 0
  let pageviews = 0
  let interactions = 0
  let rageClicks = 0
  let deadClicks = 0
  let rageClickPath: string | undefined
  let rageClickLabel: string | undefined
  let landingPath: string | undefined
  let exitPath: string | undefined
  let currentPath: string | undefined
  let goal: SessionFeatures['goal']
  const paths = new Set<string>()
  const areaCounts = new Map<string, { count: number; path: string; engagedMs: number }>()
  // The area of the page on screen: the time until the next event is spent there.
  let currentArea: { engagedMs: number } | undefined
  const errors: SessionError[] = []
  const ratings: number[] = []
  const feedbackTexts: string[] = []
  const custom = new Map<string, number>()
  // Activity that shows the user moving on; errors are resolved against it afterwards.
  const activity: number[] = []
  const capMs = ENGAGED_GAP_CAP_SECONDS * 1000

  for (let i = 0; i < events.length; i++) {
    const event = events[i] as ScoringEvent
    const t = times[i] as number
    if (i > 0) {
      const gap = Math.min(t - (times[i - 1] as number), capMs)
      engagedMs += gap
      if (currentArea) currentArea.engagedMs += gap
    }
    const path = eventPath(event.properties)
    if (path !== undefined) currentPath = path
    switch (event.event) {
      case '$pageview': {
        pageviews++
        activity.push(t)
        if (path !== undefined) {
          landingPath ??= path
          exitPath = path
          paths.add(path)
          const area = routeArea(path)
          let entry = areaCounts.get(area)
          if (entry) entry.count++
          else {
            entry = { count: 1, path, engagedMs: 0 }
            areaCounts.set(area, entry)
          }
          currentArea = entry
          if (goal === undefined && goals.routes.test(path)) goal = { name: `reached ${path}`, path }
        }
        break
      }
      case '$pageleave':
      case '$screen_leave':
        break
      case '$autocapture':
      case '$click':
        interactions++
        activity.push(t)
        break
      case '$rageclick':
        rageClicks++
        rageClickPath ??= currentPath
        rageClickLabel ??= str(event.properties?.$el_text)
        break
      case '$dead_click':
        deadClicks++
        break
      case '$exception': {
        const { type, message } = exceptionDetails(event.properties)
        errors.push({ tsMs: t, type, message, path: currentPath, recovered: false })
        break
      }
      case 'survey sent': {
        const rating = ratingOf(event.properties)
        if (rating !== undefined) ratings.push(rating)
        break
      }
      default: {
        activity.push(t)
        if (event.event.charCodeAt(0) !== 36) custom.set(event.event, (custom.get(event.event) ?? 0) + 1)
        if (goal === undefined && goals.events.test(event.event))
          goal = { name: event.event, path: currentPath }
        if (event.event === 'feedback' || event.event === 'feedback_submitted') {
          const rating = ratingOf(event.properties)
          if (rating !== undefined) ratings.push(rating)
        }
      }
    }
  }

  for (const envelope of session.envelopes ?? []) {
    const t = Date.parse(envelope.occurredAt)
    if (envelope.kind === 'error') {
      // The SDK may also have sent a `$exception` event for the same error: count it once.
      const duplicate = errors.some((e) => e.type === envelope.error.type && Math.abs(e.tsMs - t) < 5_000)
      if (!duplicate) {
        errors.push({
          tsMs: t,
          type: envelope.error.type,
          message: envelope.error.message,
          path: envelope.route.template,
          recovered: false,
        })
      }
    } else if (envelope.kind === 'feedback') {
      if (envelope.feedback.rating !== undefined) ratings.push(envelope.feedback.rating)
      if (envelope.feedback.text.trim().length > 0) feedbackTexts.push(envelope.feedback.text)
    }
    const frustration = envelope.frustration
    if (frustration) {
      rageClicks += frustration.rageClicks
      deadClicks += frustration.deadClicks
    }
  }

  let unrecoveredErrors = 0
  let lastUnrecoveredMs = Number.NEGATIVE_INFINITY
  for (const error of errors) {
    error.recovered = activity.some((a) => a > error.tsMs + RECOVERY_AFTER_MS)
    if (!error.recovered) {
      unrecoveredErrors++
      if (error.tsMs > lastUnrecoveredMs) lastUnrecoveredMs = error.tsMs
    }
  }
  const sessionEnd = Math.max(endMs, ...errors.map((e) => e.tsMs))

  let topPath: string | undefined
  let topCount = 0
  for (const { count, path } of areaCounts.values()) {
    if (count > topCount) {
      topCount = count
      topPath = path
    }
  }

  return {
    startMs,
    endMs: sessionEnd,
    durationSeconds: Math.max(0, (sessionEnd - startMs) / 1000),
    engagedSeconds: engagedMs / 1000,
    pageviews,
    distinctPaths: paths.size,
    areas: areaCounts.size,
    areaEngagement: [...areaCounts.entries()].map(([area, { count, engagedMs: ms }]) => ({
      area,
      pageviews: count,
      engagedSeconds: ms / 1000,
    })),
    topPath,
    landingPath,
    exitPath,
    interactions,
    rageClicks,
    deadClicks,
    rageClickPath,
    rageClickLabel,
    errors,
    unrecoveredErrors,
    leftAfterError: unrecoveredErrors > 0 && sessionEnd - lastUnrecoveredMs <= LEFT_AFTER_ERROR_MS,
    goal,
    ratings,
    feedbackTexts,
    customEvents: [...custom.entries()].sort((a, b) => b[1] - a[1]).map(([name]) => name),
  }
}

/** One page, no interaction, no goal, no error (errors are explained separately): they did not stay. */
export function isBounce(f: SessionFeatures): boolean {
  return f.pageviews <= 1 && f.interactions === 0 && f.goal === undefined && f.errors.length === 0
}
