import { type Envelope, envelopeSchema, sessionEventSchema } from '@suture/envelope'
import { scrubEnvelopesThorough } from '@suture/envelope/scrub-server'
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

/** One event of an input line: the fields of an ingested session event, under ingest's own rules. */
const scoringEventSchema = sessionEventSchema.pick({ ts: true, event: true, properties: true })

/**
 * One line of `suture score --in sessions.jsonl`: `{ session_id, events, envelopes?, label? }`. A file is as
 * untrusted as a request, so events and envelopes are checked with the schemas `POST /v1/session-events`
 * and `POST /v1/envelopes` use (a string where a rating belongs is refused, not passed to the prompt).
 */
export const sessionLineSchema = z.object({
  session_id: sessionEventSchema.shape.sessionId,
  distinct_id: sessionEventSchema.shape.distinctId,
  events: z.array(scoringEventSchema).max(100_000),
  envelopes: z.array(envelopeSchema).max(10_000).optional(),
  label: z.record(z.string(), z.unknown()).optional(),
})

export type SessionLine = z.infer<typeof sessionLineSchema>

/** Turns a parsed input line into the scorer's input; envelopes are scrubbed with ingest's scrubber. */
export function sessionFromLine(line: SessionLine): ScoringSession {
  return {
    sessionId: line.session_id,
    distinctId: line.distinct_id,
    events: line.events,
    envelopes: line.envelopes ? scrubEnvelopesThorough(line.envelopes) : undefined,
  }
}
