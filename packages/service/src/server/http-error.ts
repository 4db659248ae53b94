import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** One problem with a request field, by dotted path. */
export interface IssueBody {
  readonly path: string
  readonly message: string
}

/**
 * An answer the client should see as-is: status, a stable machine-readable `code` (also the metrics
 * reject reason) and a message that says what to do. Mapped to JSON in the app's one `onError`.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError'
  readonly status: ContentfulStatusCode
  readonly code: string
  readonly issues: readonly IssueBody[] | undefined
  readonly headers: Readonly<Record<string, string>>

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    extra: { issues?: readonly IssueBody[]; headers?: Record<string, string> } = {},
  ) {
    super(message)
    this.status = status
    this.code = code
    this.issues = extra.issues
    this.headers = extra.headers ?? {}
  }
}
