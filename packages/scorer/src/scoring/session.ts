import type { Envelope } from '@suture/envelope'
import { z } from 'zod'

/**
 * One event of a session, named as PostHog names it where PostHog has a name (`$pageview`,
 * `$autocapture`, `$rageclick`, `$dead_click`, `$exception`, `$pageleave`); custom events keep their own.
 */
export interface ScoringEvent {
  /** ISO 8601 timestamp. */
  readonly ts: string
  readonly event: string
  readonly properties?: Readonly<Record<string, unknown>> | undefined
}

/** What a scorer reads: the events of one ended session plus the envelopes (errors, feedback) sent in it. */
export interface ScoringSession {
  readonly sessionId: string
  readonly distinctId?: string | undefined
  /** Oldest first. Scorers tolerate unsorted input but pay for a sort. */
  readonly events: readonly ScoringEvent[]
  readonly envelopes?: readonly Envelope[] | undefined
}

const scoringEventSchema = z.object({
  ts: z.string().refine((s) => Number.isFinite(Date.parse(s)), 'expected an ISO 8601 timestamp'),
  event: z.string().min(1).max(200),
  properties: z.record(z.string(), z.unknown()).optional(),
})

/**
 * One line of `suture score --in sessions.jsonl`: `{ session_id, events, envelopes?, label? }`. Envelopes are
 * taken as they are stored (already parsed at ingest), so only their shape is checked loosely here.
 */
export const sessionLineSchema = z.object({
  session_id: z.string().min(1).max(200),
  distinct_id: z.string().max(200).optional(),
  events: z.array(scoringEventSchema).max(100_000),
  envelopes: z.array(z.looseObject({ kind: z.enum(['error', 'feedback']) })).optional(),
  label: z.record(z.string(), z.unknown()).optional(),
})

export type SessionLine = z.infer<typeof sessionLineSchema>

/** Turns a parsed input line into the scorer's input. */
export function sessionFromLine(line: SessionLine): ScoringSession {
  return {
    sessionId: line.session_id,
    distinctId: line.distinct_id,
    events: line.events,
    envelopes: line.envelopes as unknown as readonly Envelope[] | undefined,
  }
}
