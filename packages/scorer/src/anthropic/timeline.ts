import { eventPath, routeTemplate } from '../scoring/routes.js'
import type { ScoringEvent, ScoringSession } from '../scoring/session.js'
import { scrubText } from './scrub.js'
import { estimateTokens } from './tokens.js'

export interface TimelineOptions {
  /** Estimated tokens the timeline may take (default 1,200); long sessions keep start and end. */
  readonly tokenBudget?: number
}

export interface Timeline {
  readonly text: string
  readonly estimatedTokens: number
  readonly lines: number
  /** Lines summarised away from the middle of a long session. */
  readonly omittedLines: number
}

interface Line {
  readonly ms: number
  readonly label: string
  readonly kind: string
  readonly route: string | undefined
  count: number
  lastMs: number
}

/**
 * User-influenced text (element labels, messages, feedback) after scrubbing: one line, clipped, and with
 * angle brackets replaced so it can never close the tags that fence it as data.
 */
export function asData(text: string, max = 160): string {
  const flat = scrubText(text).replace(/\s+/g, ' ').trim().replace(/</g, '‹').replace(/>/g, '›')
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`
}

function clock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, '0')
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value : undefined
}

function describe(
  event: ScoringEvent,
  route: string | undefined,
): { kind: string; label: string } | undefined {
  const p = event.properties
  const text = str(p?.$el_text)
  const target = text ? ` "${asData(text, 60)}"` : ''
  switch (event.event) {
    case '$pageview':
      return { kind: 'view', label: `viewed ${route ?? 'a page'}` }
    case '$pageleave':
      return { kind: 'leave', label: `left ${route ?? 'the page'}` }
    case '$autocapture': {
      const type = str(p?.$event_type) ?? 'click'
      const verb = type === 'submit' ? 'submitted a form' : type === 'change' ? 'changed a field' : 'clicked'
      return { kind: 'click', label: `${verb}${target}` }
    }
    case '$rageclick':
      return { kind: 'rage', label: `RAGE-CLICKED${target}` }
    case '$dead_click':
      return { kind: 'dead', label: `dead click${target}` }
    case '$exception': {
      const list = p?.$exception_list
      const first = Array.isArray(list) ? (list[0] as Record<string, unknown> | undefined) : undefined
      const type = str(first?.type) ?? str(p?.$exception_type) ?? 'Error'
      const message = str(first?.value) ?? str(p?.$exception_message) ?? ''
      return {
        kind: 'error',
        label: `ERROR ${asData(type, 60)}${message ? `: ${asData(message, 140)}` : ''}`,
      }
    }
    case 'survey sent': {
      const answer = p?.$survey_response
      return {
        kind: 'feedback',
        label: `answered a survey: <user_text>${asData(String(answer ?? ''), 200)}</user_text>`,
      }
    }
    default: {
      if (event.event.startsWith('$') && !['$identify', '$set'].includes(event.event)) {
        return { kind: 'other', label: `${asData(event.event, 40)}` }
      }
      if (event.event === '$identify' || event.event === '$set') return undefined
      return { kind: 'custom', label: `did "${asData(event.event, 60)}"` }
    }
  }
}

function render(line: Line, startMs: number): string {
  const repeat = line.count > 1 ? ` ×${line.count} over ${clock(line.lastMs - line.ms)}` : ''
  return `+${clock(line.ms - startMs)} ${line.label}${repeat}`
}

function summarise(lines: readonly Line[], startMs: number): string {
  if (lines.length === 0) return ''
  const kinds = new Map<string, number>()
  const routes = new Map<string, number>()
  for (const line of lines) {
    kinds.set(line.kind, (kinds.get(line.kind) ?? 0) + line.count)
    if (line.kind === 'view' && line.route) routes.set(line.route, (routes.get(line.route) ?? 0) + line.count)
  }
  const from = clock((lines[0]?.ms ?? startMs) - startMs)
  const to = clock((lines.at(-1)?.lastMs ?? startMs) - startMs)
  const counts = [...kinds.entries()].map(([k, n]) => `${n} ${k}`).join(', ')
  const top = [...routes.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([r, n]) => `${r} ×${n}`)
    .join(', ')
  return `… ${from}–${to} summarised: ${counts}${top ? `; pages: ${top}` : ''} …`
}

/**
 * A compact, token-budgeted account of a session for the model: relative times, route templates,
 * readable labels, repeats collapsed; a long session keeps its start and end and summarises the middle.
 * Every user-influenced string is scrubbed and de-fanged first.
 */
export function buildTimeline(session: ScoringSession, options: TimelineOptions = {}): Timeline {
  const budget = options.tokenBudget ?? 1_200
  const items: { ms: number; event: ScoringEvent }[] = session.events.map((event) => ({
    ms: Date.parse(event.ts),
    event,
  }))
  const exceptions = items.filter((i) => i.event.event === '$exception')
  // The SDK sends each error as an envelope and as a `$exception` event naming it (an import has only
  // the event): an envelope already in the events is not told twice, or the model reads "×2".
  const alreadyTold = (envelope: { id: string; error: { type: string } }, ms: number) =>
    exceptions.some(({ ms: eventMs, event }) => {
      const named = event.properties?.suture_envelope_id
      if (typeof named === 'string') return named === envelope.id
      return event.properties?.$exception_type === envelope.error.type && Math.abs(eventMs - ms) < 5_000
    })
  for (const envelope of session.envelopes ?? []) {
    const ms = Date.parse(envelope.occurredAt)
    if (envelope.kind === 'error' && !alreadyTold(envelope, ms)) {
      items.push({
        ms,
        event: {
          ts: envelope.occurredAt,
          event: '$exception',
          properties: {
            $pathname: envelope.route.template,
            $exception_type: envelope.error.type,
            $exception_message: envelope.error.message,
          },
        },
      })
    }
  }
  items.sort((a, b) => a.ms - b.ms)
  const startMs = items[0]?.ms ?? 0
  const lines: Line[] = []
  let route: string | undefined
  for (const { ms, event } of items) {
    const path = eventPath(event.properties)
    if (path !== undefined) route = asData(routeTemplate(scrubPath(path)), 120)
    const described = describe(event, route)
    if (!described) continue
    const previous = lines.at(-1)
    if (previous && previous.label === described.label) {
      previous.count++
      previous.lastMs = ms
      continue
    }
    lines.push({ ms, lastMs: ms, count: 1, route, ...described })
  }

  const feedback: string[] = []
  for (const envelope of session.envelopes ?? []) {
    if (envelope.kind !== 'feedback') continue
    const rating =
      envelope.feedback.rating === undefined ? 'no rating' : `rating ${envelope.feedback.rating}/10`
    feedback.push(
      `+${clock(Date.parse(envelope.occurredAt) - startMs)} FEEDBACK (${rating}): <user_text>${asData(envelope.feedback.text, 400)}</user_text>`,
    )
  }

  const endMs = items.at(-1)?.ms ?? startMs
  const views = lines.filter((l) => l.kind === 'view')
  const areas = new Set(views.map((l) => l.route?.split('/')[1] ?? ''))
  const header = `Session length ${clock(endMs - startMs)}, ${items.length} events, ${views.reduce((n, l) => n + l.count, 0)} page views in ${areas.size} areas.`
  const rendered = lines.map((l) => render(l, startMs))
  const fixed = [header, ...feedback].join('\n')
  const room = budget - estimateTokens(fixed)
  const all = rendered.join('\n')
  if (estimateTokens(all) <= room) {
    const text = `${fixed}\n${all}`.trim()
    return { text, estimatedTokens: estimateTokens(text), lines: rendered.length, omittedLines: 0 }
  }
  // Keep the start (why they came) and the end (how it ended); summarise what lies between.
  const half = Math.max(0, Math.floor((room - 60) / 2))
  const head: string[] = []
  let used = 0
  for (const r of rendered) {
    const cost = estimateTokens(r) + 1
    if (used + cost > half) break
    head.push(r)
    used += cost
  }
  const tail: string[] = []
  used = 0
  for (let i = rendered.length - 1; i >= head.length; i--) {
    const r = rendered[i] as string
    const cost = estimateTokens(r) + 1
    if (used + cost > half) break
    tail.unshift(r)
    used += cost
  }
  const middle = lines.slice(head.length, lines.length - tail.length)
  const text = [fixed, ...head, summarise(middle, startMs), ...tail].join('\n')
  return { text, estimatedTokens: estimateTokens(text), lines: rendered.length, omittedLines: middle.length }
}

/** Paths can carry emails or tokens in segments; scrub them before templating. */
function scrubPath(path: string): string {
  return scrubText(path)
}
