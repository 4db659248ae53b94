import { createHmac } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  MAX_SESSION_PROJECTS,
  type SessionProject,
  SessionSigner,
  TooManyProjectsError,
} from './session-token.js'

const SECRET = 's'.repeat(32)
const NOW = 1_800_000_000
const signer = new SessionSigner(SECRET)

const web: SessionProject = { projectId: 'prj_web', keyId: 'key_web' }
const admin: SessionProject = { projectId: 'prj_admin', keyId: 'key_admin' }

/** A cookie signed the way the server signs, for bodies the signer itself would never write. */
function signed(body: string, secret = SECRET): string {
  return `${body}.${createHmac('sha256', secret).update(`session\u0000${body}`).digest('base64url')}`
}

function projects(n: number): SessionProject[] {
  return Array.from({ length: n }, (_, i) => ({ projectId: `prj_${i}`, keyId: `key_${i}` }))
}

describe('SessionSigner', () => {
  it('round-trips a session with several projects, the last one signed in to being current', () => {
    const first = signer.issue({ ...web, ttlSeconds: 3600, now: NOW })
    expect(signer.verify(first.token, NOW)).toEqual(first.session)
    expect(first.session.projects).toEqual([web])

    const second = signer.issue({
      ...admin,
      ttlSeconds: 3600,
      now: NOW + 10,
      signedIn: first.session.projects,
    })
    const read = signer.verify(second.token, NOW + 10)
    expect(read).toEqual(second.session)
    expect(read?.projects).toEqual([web, admin])
    expect(read?.projectId).toBe('prj_admin')
    expect(read?.keyId).toBe('key_admin')
    expect(read?.expiresAt).toBe(NOW + 3610)
    expect(read?.nonce).not.toBe(first.session.nonce)
  })

  it('replaces the key of a project signed in to again, in its place, without counting it twice', () => {
    const full = projects(MAX_SESSION_PROJECTS)
    const again = signer.issue({
      projectId: 'prj_3',
      keyId: 'key_new',
      ttlSeconds: 60,
      now: NOW,
      signedIn: full,
    })
    expect(again.session.projects).toHaveLength(MAX_SESSION_PROJECTS)
    expect(again.session.projects[3]).toEqual({ projectId: 'prj_3', keyId: 'key_new' })
    expect(signer.verify(again.token, NOW)?.keyId).toBe('key_new')
  })

  it('switches the current project and drops projects keeping the nonce and expiry, unless told to rotate', () => {
    const { session } = signer.issue({ ...admin, ttlSeconds: 3600, now: NOW, signedIn: [web] })
    const switched = signer.update(session, { current: 'prj_web' })
    const read = signer.verify(switched.token, NOW)
    expect(read).toMatchObject({ projectId: 'prj_web', keyId: 'key_web', nonce: session.nonce })
    expect(read?.expiresAt).toBe(session.expiresAt)
    expect(signer.csrfToken(switched.session)).toBe(signer.csrfToken(session))

    const dropped = signer.update(switched.session, { projects: [admin], rotate: true })
    expect(dropped.session).toMatchObject({ projectId: 'prj_admin', projects: [admin] })
    expect(dropped.session.nonce).not.toBe(session.nonce)
    expect(() => signer.update(session, { projects: [] })).toThrow(/log out instead/)
    // A project the session does not hold never becomes current.
    expect(signer.update(session, { current: 'prj_other' }).session.projectId).toBe('prj_admin')
  })

  it('refuses tampered, re-signed, foreign, expired and malformed cookies', () => {
    const { token } = signer.issue({ ...admin, ttlSeconds: 3600, now: NOW, signedIn: [web] })
    expect(signer.verify(token, NOW)).toBeDefined()
    // Making another held project current, or naming another project, breaks the signature.
    expect(signer.verify(token.replace('.prj_admin.', '.prj_web.'), NOW)).toBeUndefined()
    expect(signer.verify(token.replace('prj_web~', 'prj_evil~'), NOW)).toBeUndefined()
    for (let i = 0; i < token.length; i += 7) {
      const flipped = token.slice(0, i) + (token[i] === 'A' ? 'B' : 'A') + token.slice(i + 1)
      expect(signer.verify(flipped, NOW), `byte ${i}`).toBeUndefined()
    }
    expect(new SessionSigner('t'.repeat(32)).verify(token, NOW)).toBeUndefined()
    expect(signer.verify(token, NOW + 3600)).toBeUndefined()
    expect(signer.verify(undefined)).toBeUndefined()
    expect(signer.verify('')).toBeUndefined()
    expect(signer.verify('x'.repeat(3_000))).toBeUndefined()
    // Correctly signed but not a session this server writes: current not held, a project twice, bad fields.
    expect(signer.verify(signed(`v2.${NOW + 60}.nonce.prj_x.prj_a~key_a`), NOW)).toBeUndefined()
    expect(signer.verify(signed(`v2.${NOW + 60}.nonce.prj_a.prj_a~key_a.prj_a~key_b`), NOW)).toBeUndefined()
    expect(signer.verify(signed(`v2.${NOW + 60}.nonce.prj_a.prj_a~key_a~x`), NOW)).toBeUndefined()
    expect(signer.verify(signed(`v2.soon.nonce.prj_a.prj_a~key_a`), NOW)).toBeUndefined()
    expect(signer.verify(signed(`v3.${NOW + 60}.nonce.prj_a.prj_a~key_a`), NOW)).toBeUndefined()
    expect(signer.verify(signed(`v2.${NOW + 60}.nonce.prj_a`), NOW)).toBeUndefined()
  })

  it(`holds at most ${MAX_SESSION_PROJECTS} projects, in what it signs and in what it accepts`, () => {
    const full = signer.issue({
      projectId: 'prj_9',
      keyId: 'key_9',
      ttlSeconds: 60,
      now: NOW,
      signedIn: projects(9),
    })
    expect(full.session.projects).toHaveLength(MAX_SESSION_PROJECTS)
    expect(signer.verify(full.token, NOW)?.projects).toHaveLength(MAX_SESSION_PROJECTS)
    // Real ids are 18 characters: ten of them stay far below the 4 KB a browser keeps per cookie.
    expect(full.token.length).toBeLessThan(1_000)
    const over = () =>
      signer.issue({ projectId: 'prj_10', keyId: 'key_10', ttlSeconds: 60, now: NOW, signedIn: projects(10) })
    expect(over).toThrow(TooManyProjectsError)
    expect(over).toThrow(/at most 10 projects .*sign out of one/)
    const eleven = projects(11)
      .map((p) => `${p.projectId}~${p.keyId}`)
      .join('.')
    expect(signer.verify(signed(`v2.${NOW + 60}.nonce.prj_0.${eleven}`), NOW)).toBeUndefined()
  })

  it('still accepts a v1 cookie (one project) written before sessions held several', () => {
    const v1 = signed(`v1.prj_old.key_old.${NOW + 60}.oldnonce`)
    const session = signer.verify(v1, NOW)
    expect(session).toEqual({
      projectId: 'prj_old',
      keyId: 'key_old',
      projects: [{ projectId: 'prj_old', keyId: 'key_old' }],
      expiresAt: NOW + 60,
      nonce: 'oldnonce',
    })
    // Forms of pages opened before the upgrade carry the same CSRF token.
    expect(signer.csrfToken(session ?? (undefined as never))).toBe(
      createHmac('sha256', SECRET).update('csrf\u0000oldnonce').digest('base64url'),
    )
    expect(signer.verify(signed(`v1.prj_old.key_old.${NOW - 1}.oldnonce`), NOW)).toBeUndefined()
    expect(
      signer.verify(signed(`v1.prj_old.key_old.${NOW + 60}.oldnonce`, 'u'.repeat(32)), NOW),
    ).toBeUndefined()
    expect(signer.verify(signed(`v1.prj_old.key~old.${NOW + 60}.oldnonce`), NOW)).toBeUndefined()
  })

  it('round-trips any project list it can sign, and never throws on any cookie text', () => {
    const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,30}$/)
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ projectId: id, keyId: id }), {
          minLength: 1,
          maxLength: MAX_SESSION_PROJECTS,
          selector: (p) => p.projectId,
        }),
        fc.nat(),
        (list, pick) => {
          const last = list[list.length - 1] as SessionProject
          const { token, session } = signer.issue({
            ...last,
            ttlSeconds: 60,
            now: NOW,
            signedIn: list.slice(0, -1),
          })
          const current = list[pick % list.length] as SessionProject
          const switched = signer.update(session, { current: current.projectId })
          expect(signer.verify(token, NOW)).toEqual(session)
          expect(signer.verify(switched.token, NOW)?.projectId).toBe(current.projectId)
        },
      ),
    )
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        expect(signer.verify(text, NOW)).toBeUndefined()
        expect(signer.verify(`v2.${text}`, NOW)).toBeUndefined()
      }),
    )
  })
})
