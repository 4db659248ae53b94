import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** What a dashboard session cookie carries: who logged in, with which key, until when. */
export interface DashboardSession {
  readonly projectId: string
  readonly keyId: string
  /** Unix seconds. */
  readonly expiresAt: number
  /** Random per login: the CSRF token is derived from it, and logout revokes it. */
  readonly nonce: string
}

const VERSION = 'v1'
const FIELD = /^[A-Za-z0-9_-]{1,100}$/

function mac(secret: Buffer, purpose: string, text: string): string {
  return createHmac('sha256', secret).update(`${purpose}\u0000${text}`).digest('base64url')
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Signs and checks dashboard session cookies with HMAC-SHA256. The cookie is stateless, so any server
 * sharing the secret accepts it; the key it names is re-checked on every request, so revoking the secret
 * key ends its sessions.
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

  issue(input: { projectId: string; keyId: string; ttlSeconds: number; now?: number }): {
    token: string
    session: DashboardSession
  } {
    const now = input.now ?? Math.floor(Date.now() / 1000)
    const session: DashboardSession = {
      projectId: input.projectId,
      keyId: input.keyId,
      expiresAt: now + input.ttlSeconds,
      nonce: randomBytes(18).toString('base64url'),
    }
    const body = [VERSION, session.projectId, session.keyId, String(session.expiresAt), session.nonce].join(
      '.',
    )
    return { token: `${body}.${mac(this.#secret, 'session', body)}`, session }
  }

  /** The session a cookie value names, or undefined when it is malformed, forged or expired. */
  verify(token: string | undefined, now = Math.floor(Date.now() / 1000)): DashboardSession | undefined {
    if (token === undefined || token.length > 600) return undefined
    const parts = token.split('.')
    if (parts.length !== 6) return undefined
    const [version, projectId, keyId, expires, nonce, signature] = parts as [
      string,
      string,
      string,
      string,
      string,
      string,
    ]
    if (version !== VERSION) return undefined
    const body = parts.slice(0, 5).join('.')
    if (!safeEqual(signature, mac(this.#secret, 'session', body))) return undefined
    if (![projectId, keyId, nonce].every((f) => FIELD.test(f)) || !/^\d{1,12}$/.test(expires))
      return undefined
    const expiresAt = Number(expires)
    if (expiresAt <= now) return undefined
    return { projectId, keyId, expiresAt, nonce }
  }

  /** The CSRF token of a session: forms carry it, and a post without the matching token is refused. */
  csrfToken(session: DashboardSession): string {
    return mac(this.#secret, 'csrf', session.nonce)
  }

  checkCsrf(session: DashboardSession, token: unknown): boolean {
    return typeof token === 'string' && safeEqual(token, this.csrfToken(session))
  }
}
