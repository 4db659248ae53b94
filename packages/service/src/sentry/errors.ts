/** Why a Sentry request was refused; each maps to one HTTP status in the routes. */
export type SentryRejectReason =
  | 'malformed'
  | 'too-large'
  | 'unsupported-encoding'
  | 'bad-compression'
  | 'unauthorized'
  | 'forbidden'

const STATUS: Record<SentryRejectReason, 400 | 401 | 403 | 413 | 415> = {
  malformed: 400,
  'bad-compression': 400,
  'too-large': 413,
  'unsupported-encoding': 415,
  unauthorized: 401,
  forbidden: 403,
}

/**
 * A Sentry request Suture cannot accept. The message is safe to send back to the SDK: it names the
 * part of the envelope that was wrong and never echoes its contents.
 */
export class SentryIngestError extends Error {
  override readonly name = 'SentryIngestError'
  readonly reason: SentryRejectReason
  readonly status: 400 | 401 | 403 | 413 | 415

  constructor(reason: SentryRejectReason, message: string) {
    super(message)
    this.reason = reason
    this.status = STATUS[reason]
  }
}
