import { z } from 'zod'
import { boundedRecord, boundedString } from './bounded.js'
import { LIMITS } from './limits.js'

/**
 * One event of a session. Event names follow PostHog's where one exists (`$pageview`, `$autocapture`,
 * `$rageclick`, `$dead_click`, `$exception`, `$pageleave`), so sessions imported from PostHog and
 * sessions recorded by our SDK look the same to the scorer.
 */
export const sessionEventSchema = z.object({
  /**
   * Optional client id for idempotent retries; the server derives one when absent. Refused, not cut, when
   * too long: two ids sharing a prefix must not collide into one "duplicate".
   */
  id: z.string().min(1).max(LIMITS.id).optional(),
  sessionId: boundedString(LIMITS.shortText).min(1),
  ts: z.iso.datetime({ offset: true }),
  event: boundedString(LIMITS.shortText).min(1),
  distinctId: boundedString(LIMITS.shortText).optional(),
  properties: boundedRecord(z.json(), LIMITS.eventProperties).default({}),
})

export type SessionEvent = z.infer<typeof sessionEventSchema>
export type SessionEventInput = z.input<typeof sessionEventSchema>
