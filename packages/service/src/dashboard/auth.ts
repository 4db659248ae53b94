import { randomBytes, timingSafeEqual } from 'node:crypto'
import { type Database, isDashboardSessionRevoked, revokeDashboardSession } from '@suture/store'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { Kysely } from 'kysely'
import type { DashboardSession, SessionSigner } from './session-token.js'

export const SESSION_COOKIE = 'suture_dash'
export const LOGIN_CSRF_COOKIE = 'suture_login_csrf'

/** A project the browser is signed in to, with its name for the project menu. */
export interface SignedInProject {
  readonly projectId: string
  readonly keyId: string
  readonly name: string
}

/** The logged-in browser, as every dashboard page sees it: the current project, and the others. */
export interface DashboardUser {
  /** With only the projects whose key is still live; `projectId` is the current one. */
  readonly session: DashboardSession
  readonly projectName: string
  readonly csrf: string
  /** Every project still signed in to, in sign-in order (the current one included). */
  readonly projects: readonly SignedInProject[]
  /** Projects this request signed out of because their key was revoked (the cookie must be rewritten). */
  readonly dropped: readonly string[]
}

export interface CookiePolicy {
  readonly path: string
  readonly secure: boolean | 'auto'
}

function isSecure(c: Context, policy: CookiePolicy): boolean {
  if (policy.secure !== 'auto') return policy.secure
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https'
}

/** Sets the session cookie to a signed session; the browser keeps it until the session expires. */
export function setSessionCookie(
  c: Context,
  policy: CookiePolicy,
  signed: { readonly token: string; readonly session: DashboardSession },
): void {
  setCookie(c, SESSION_COOKIE, signed.token, {
    path: policy.path,
    httpOnly: true,
    sameSite: 'Strict',
    secure: isSecure(c, policy),
    maxAge: Math.max(0, signed.session.expiresAt - Math.floor(Date.now() / 1000)),
  })
}

export function clearSessionCookie(c: Context, policy: CookiePolicy): void {
  deleteCookie(c, SESSION_COOKIE, { path: policy.path, secure: isSecure(c, policy), sameSite: 'Strict' })
}

/** Where a login or a switch may send the browser: only paths inside the dashboard (`//evil.example` and absolute URLs are open redirects). */
export function dashboardPath(base: string, next: string | undefined): string | undefined {
  if (next?.startsWith(`${base}/`) && !next.startsWith('//') && !/[\\\s]/.test(next)) return next
  return undefined
}

/** `next` when it is a dashboard path, else Issues (the page the dashboard opens on; `/app` redirects there too). */
export function dashboardPathOrIssues(base: string, next: string | undefined): string {
  return dashboardPath(base, next) ?? `${base}/issues`
}

/**
 * Login forms are protected by a double-submit token: a random cookie (SameSite=Strict) repeated in a
 * hidden field, so another site cannot log a victim into its own project.
 */
export function loginCsrf(c: Context, policy: CookiePolicy): string {
  const existing = getCookie(c, LOGIN_CSRF_COOKIE)
  if (existing !== undefined && /^[A-Za-z0-9_-]{20,64}$/.test(existing)) return existing
  const token = randomBytes(18).toString('base64url')
  setCookie(c, LOGIN_CSRF_COOKIE, token, {
    path: policy.path,
    httpOnly: true,
    sameSite: 'Strict',
    secure: isSecure(c, policy),
    maxAge: 3600,
  })
  return token
}

export function checkLoginCsrf(c: Context, field: unknown): boolean {
  const cookie = getCookie(c, LOGIN_CSRF_COOKIE)
  if (cookie === undefined || typeof field !== 'string') return false
  const a = Buffer.from(cookie)
  const b = Buffer.from(field)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Browsers say where a request came from; a form posted by another site is refused before anything else.
 * `Sec-Fetch-Site` is trusted when sent (every current browser does); otherwise the Origin must match.
 */
export function crossSite(c: Context): boolean {
  const site = c.req.header('sec-fetch-site')
  if (site !== undefined) return site !== 'same-origin' && site !== 'none'
  const origin = c.req.header('origin')
  if (origin === undefined) return false
  return origin !== new URL(c.req.url).origin && origin !== forwardedOrigin(c)
}

function forwardedOrigin(c: Context): string | undefined {
  const host = c.req.header('x-forwarded-host')
  const proto = c.req.header('x-forwarded-proto')
  return host && proto ? `${proto}://${host}` : undefined
}

/**
 * Logged-out sessions, kept in the store until their cookies would have expired: every server of a
 * deployment refuses a logged-out cookie, and so does this one after a restart. (Revoking the secret key
 * still ends every session of that project at once.)
 */
export class RevokedSessions {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  revoke(session: DashboardSession): Promise<void> {
    return revokeDashboardSession(this.#db, session.nonce, new Date(session.expiresAt * 1000))
  }

  has(session: DashboardSession): Promise<boolean> {
    return isDashboardSessionRevoked(this.#db, session.nonce)
  }
}

/**
 * The user behind a request's session cookie: signature and expiry checked, not logged out, and each
 * project's secret key still live. Revoking a key signs every browser out of that project only: the
 * others stay usable, and when it was the current one the first remaining project becomes current.
 */
export async function currentUser(
  c: Context,
  db: Kysely<Database>,
  signer: SessionSigner,
  revoked: RevokedSessions,
): Promise<DashboardUser | undefined> {
  const signed = signer.verify(getCookie(c, SESSION_COOKIE))
  if (signed === undefined || (await revoked.has(signed))) return undefined
  const rows = await db
    .selectFrom('api_keys')
    .innerJoin('projects', 'projects.id', 'api_keys.project_id')
    .select([
      'api_keys.id as keyId',
      'api_keys.project_id as projectId',
      'api_keys.kind',
      'api_keys.revoked_at',
      'projects.name',
    ])
    .where(
      'api_keys.id',
      'in',
      signed.projects.map((p) => p.keyId),
    )
    .execute()
  const projects: SignedInProject[] = []
  const dropped: string[] = []
  for (const entry of signed.projects) {
    const row = rows.find((r) => r.keyId === entry.keyId && r.projectId === entry.projectId)
    if (row !== undefined && row.kind === 'secret' && row.revoked_at === null)
      projects.push({ ...entry, name: row.name })
    else dropped.push(row?.name ?? entry.projectId)
  }
  const first = projects[0]
  if (first === undefined) return undefined
  const session =
    dropped.length === 0
      ? signed
      : signer.update(signed, { projects: projects.map((p) => ({ projectId: p.projectId, keyId: p.keyId })) })
          .session
  const current = projects.find((p) => p.projectId === session.projectId) ?? first
  return {
    session,
    projectName: current.name,
    csrf: signer.csrfToken(session),
    projects,
    dropped,
  }
}
