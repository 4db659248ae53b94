import type { ServerFile } from './server-file.js'

/** The running server refused or failed an admin request; the message is the server's own. */
export class AdminRequestError extends Error {
  override readonly name = 'AdminRequestError'
  readonly status: number
  readonly code: string

  constructor(status: number, code: string, message: string) {
    super(message)
    this.status = status
    this.code = code
  }
}

/** The server named in the data dir's serve file holds the database but does not answer. */
export class ServerUnreachableError extends Error {
  override readonly name = 'ServerUnreachableError'

  constructor(server: ServerFile, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    super(
      `suture serve (pid ${server.pid}) holds this data dir but does not answer at ${server.url} (${reason}). ` +
        'If it is starting, retry in a moment; if it hangs, stop it and run the command again.',
      { cause },
    )
  }
}

const TIMEOUT_MS = 30_000

/** One JSON request to the running server's admin API (`/admin/v1`, see @suture/service). */
export async function adminRequest<T>(
  server: ServerFile,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  let response: Response
  try {
    response = await fetch(new URL(`/admin/v1${path}`, server.url), {
      method,
      headers: {
        authorization: `Bearer ${server.adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
  } catch (error: unknown) {
    // fetch hides the socket error (ECONNREFUSED) in `cause`.
    throw new ServerUnreachableError(
      server,
      error instanceof Error && error.cause instanceof Error ? error.cause : error,
    )
  }
  const text = await response.text()
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    json = undefined
  }
  if (!response.ok) {
    const answer = (json ?? {}) as { error?: unknown; message?: unknown }
    // The server's own 401 text speaks to HTTP callers; a CLI user needs to know the file is the stale part.
    if (response.status === 401 && answer.error === 'admin_token_required')
      throw new AdminRequestError(
        401,
        'admin_token_required',
        `suture serve (pid ${server.pid}, ${server.url}) refused the admin token in its serve.json: the file ` +
          'is not from its current run (nothing was changed). Restart suture serve to write it again.',
      )
    throw new AdminRequestError(
      response.status,
      typeof answer.error === 'string' ? answer.error : 'http_error',
      typeof answer.message === 'string'
        ? answer.message
        : `suture serve at ${server.url} answered ${response.status} to ${method} ${path}`,
    )
  }
  return json as T
}
