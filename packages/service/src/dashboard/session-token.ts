import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** A project a browser signed in to, with the secret key it signed in with. */
export interface SessionProject {
  readonly projectId: string
  readonly keyId: string
}

/**
 * What a dashboard session cookie carries: every project the browser signed in to, which one the pages
 * show, until when.
 */
export interface DashboardSession {
  /** The current project: the one every page shows. Always one of `projects`. */
  readonly projectId: string
  /** The key the current project was signed in with. */
  readonly keyId: string
  /** Every project signed in to, in sign-in order (at most `MAX_SESSION_PROJECTS`). */
  readonly projects: readonly SessionProject[]
  /** Unix seconds. */
  readonly expiresAt: number
  /** Random per login: the CSRF token is derived from it, and logout revokes it. */
  readonly nonce: string
}

/** How many projects one browser session holds: the cookie stays well under the 4 KB browsers keep. */
export const MAX_SESSION_PROJECTS = 10

/** Signing in to one more project would pass `MAX_SESSION_PROJECTS`. */
export class TooManyProjectsError extends RangeError {
  readonly max = MAX_SESSION_PROJECTS
  constructor(readonly count: number) {
    super(
      `A dashboard session holds at most ${MAX_SESSION_PROJECTS} projects (asked for ${count}); sign out of one from the project menu first.`,
    )
    this.name = 'TooManyProjectsError'
  }
}

// v1 (one project): v1.<project>.<key>.<expires>.<nonce>.<mac>, still accepted so a deploy keeps people
// signed in. v2: v2.<expires>.<nonce>.<current project>.<project>~<key>[.<project>~<key>…].<mac>
const V1 = 'v1'
const V2 = 'v2'
const FIELD = /^[A-Za-z0-9_-]{1,100}$/
const EXPIRES = /^\d{1,12}$/
const MAX_TOKEN_LENGTH = 2_500

function mac(secret: Buffer, purpose: string, text: string): string {
  return createHmac('sha256', secret).update(`${purpose}\u0000${text}`).digest('base64url')
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** The project list with `entry` added, or its older entry replaced in place (a newer key for it). */
function withProject(projects: readonly SessionProject[], entry: SessionProject): SessionProject[] {
  const at = projects.findIndex((p) => p.projectId === entry.projectId)
  if (at < 0) return [...projects, entry]
  return projects.map((p, i) => (i === at ? entry : p))
}

/**
 * Signs and checks dashboard session cookies with HMAC-SHA256. The cookie is stateless, so any server
 * sharing the secret accepts it; the keys it names are re-checked on every request, so revoking a secret
 * key ends that project's part of every session.
 */
export class SessionSigner {
  readonly #secret: Buffer

  constructor(secret: string | Buffer) {
    this.#secret = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : secret
    if (this.#secret.length < 32) {
      throw new RangeError(
        'The dashboard session secret must be at least 32 bytes; use `openssl rand -hex 32`.',
      )
    }
  }

  static random(): SessionSigner {
    return new SessionSigner(randomBytes(32))
  }

  /**
   * A new session (fresh nonce and expiry) whose current project is `projectId`, signed in with `keyId`,
   * keeping the projects of `signedIn` (an entry for the same project is replaced by this key).
   * @throws TooManyProjectsError beyond `MAX_SESSION_PROJECTS` projects.
   */
  issue(input: {
    projectId: string
    keyId: string
    ttlSeconds: number
    now?: number
    signedIn?: readonly SessionProject[]
  }): { token: string; session: DashboardSession } {
    const now = input.now ?? Math.floor(Date.now() / 1000)
    const projects = withProject(input.signedIn ?? [], { projectId: input.projectId, keyId: input.keyId })
    return this.#sign({
      projectId: input.projectId,
      keyId: input.keyId,
      projects,
      expiresAt: now + input.ttlSeconds,
      nonce: randomBytes(18).toString('base64url'),
    })
  }

  /**
   * The same session (nonce, so CSRF tokens of open pages, and expiry kept) with another current project
   * and/or fewer projects. A `current` not among the projects is ignored; when the current project itself
   * is dropped, the first one left becomes current. `rotate`
   * gives it a fresh nonce, for when the old token must stop working (the caller revokes it).
   * @throws RangeError when no project is left: log out instead.
   */
  update(
    session: DashboardSession,
    change: { current?: string; projects?: readonly SessionProject[]; rotate?: boolean },
  ): { token: string; session: DashboardSession } {
    const projects = change.projects ?? session.projects
    const current =
      projects.find((p) => p.projectId === change.current) ??
      projects.find((p) => p.projectId === session.projectId) ??
      projects[0]
    if (current === undefined) throw new RangeError('A session needs at least one project; log out instead.')
    return this.#sign({
      projectId: current.projectId,
      keyId: current.keyId,
      projects,
      expiresAt: session.expiresAt,
      nonce: change.rotate ? randomBytes(18).toString('base64url') : session.nonce,
    })
  }

  #sign(session: DashboardSession): { token: string; session: DashboardSession } {
    if (session.projects.length > MAX_SESSION_PROJECTS)
      throw new TooManyProjectsError(session.projects.length)
    const body = [
      V2,
      String(session.expiresAt),
      session.nonce,
      session.projectId,
      ...session.projects.map((p) => `${p.projectId}~${p.keyId}`),
    ].join('.')
    return { token: `${body}.${mac(this.#secret, 'session', body)}`, session }
  }

  /** The session a cookie value names, or undefined when it is malformed, forged or expired. */
  verify(token: string | undefined, now = Math.floor(Date.now() / 1000)): DashboardSession | undefined {
    if (token === undefined || token.length > MAX_TOKEN_LENGTH) return undefined
    const parts = token.split('.')
    const signature = parts.pop()
    if (signature === undefined || !safeEqual(signature, mac(this.#secret, 'session', parts.join('.'))))
      return undefined
    const session = parts[0] === V1 ? parseV1(parts) : parts[0] === V2 ? parseV2(parts) : undefined
    if (session === undefined || session.expiresAt <= now) return undefined
    return session
  }

  /** The CSRF token of a session: forms carry it, and a post without the matching token is refused. */
  csrfToken(session: DashboardSession): string {
    return mac(this.#secret, 'csrf', session.nonce)
  }

  checkCsrf(session: DashboardSession, token: unknown): boolean {
    return typeof token === 'string' && safeEqual(token, this.csrfToken(session))
  }
}

function parseV1(parts: readonly string[]): DashboardSession | undefined {
  if (parts.length !== 5) return undefined
  const [, projectId = '', keyId = '', expires = '', nonce = ''] = parts
  if (![projectId, keyId, nonce].every((f) => FIELD.test(f)) || !EXPIRES.test(expires)) return undefined
  return { projectId, keyId, projects: [{ projectId, keyId }], expiresAt: Number(expires), nonce }
}

function parseV2(parts: readonly string[]): DashboardSession | undefined {
  const [, expires = '', nonce = '', currentId = '', ...entries] = parts
  if (entries.length < 1 || entries.length > MAX_SESSION_PROJECTS) return undefined
  if (!EXPIRES.test(expires) || !FIELD.test(nonce)) return undefined
  const projects: SessionProject[] = []
  for (const entry of entries) {
    const [projectId = '', keyId = '', extra] = entry.split('~')
    if (extra !== undefined || !FIELD.test(projectId) || !FIELD.test(keyId)) return undefined
    if (projects.some((p) => p.projectId === projectId)) return undefined
    projects.push({ projectId, keyId })
  }
  const current = projects.find((p) => p.projectId === currentId)
  if (current === undefined) return undefined
  return { projectId: current.projectId, keyId: current.keyId, projects, expiresAt: Number(expires), nonce }
}
