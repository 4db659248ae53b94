import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { luhnValid } from './luhn.js'
import { scrubText } from './scrub-text.js'
import { scrubUrl } from './scrub-url.js'

describe('scrubText', () => {
  it.each([
    ['write to ann.lee+work@acme-corp.co.uk today', 'write to [email] today'],
    ['card 4242 4242 4242 4242 exp 12/29', 'card [card] exp 12/29'],
    ['amex 3782-822463-10005', 'amex [card]'],
    ['charged 4111111111111111.', 'charged [card].'],
    ['ref 0 4000000000006 and id 7 4242 4242 4242 4242', 'ref 0 [card] and id 7 [card]'],
    ['Authorization: Bearer abcDEF123456ghiJKL', 'Authorization: Bearer [token]'],
    ['Authorization: Basic dXNlcjpodW50ZXIy', 'Authorization: Basic [token]'],
    [
      'token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U here',
      'token [jwt] here',
    ],
    ['key AKIAIOSFODNN7EXAMPLE leaked', 'key [api-key] leaked'],
    ['AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe', '[api-key]'],
    [
      'glpat-xxxxxxxxxxxxxxxxxxxx1234 and npm_abcdefghijklmnopqrstuvwxyz0123456789',
      '[api-key] and [api-key]',
    ],
    ['password=hunter2 user=ann', 'password=[secret] user=ann'],
    ['{"client_secret": "s3cr3t-Value-9x"}', '{"client_secret": "[secret]"}'],
    ['client 203.0.113.42 connected', 'client [ip] connected'],
    ['from 2001:0db8:85a3:0000:0000:8a2e:0370:7334 and fe80::1ff:fe23:4567:890a', 'from [ip] and [ip]'],
    ['call me on +44 20 7946 0958', 'call me on [phone]'],
    ['phone: (415) 555-2671 ext 12', 'phone: [phone]'],
    ['postgres://app:p4ss@db.internal:5432/prod', 'postgres://app:[secret]@db.internal:5432/prod'],
  ])('%s', (input, expected) => {
    expect(scrubText(input)).toBe(expected)
  })

  it.each([
    'order 3fa85f64-5717-4562-b3fc-2c963f66afa6 failed',
    'release 1392834b89d44aabe3542e10e4e96ae4a21b69d9 (short 1392834)',
    'Failed to load /assets/main.3f9a1c.js and /_next/static/chunks/login-d56b699830e77ba5.js',
    'at 2026-11-23T10:00:00.000Z on v10.21.0 build 20261123.4',
    'listening on 127.0.0.1:3000 and ::1',
    'retry 3 of 5 after 3000ms (#17940)',
    'std::vector<int> Feed::add failed',
    'sha256:77c59a23301c5ba9ef5bb505309c9c34bdb5644816584d433c214ebd876d9495',
    'card ending 4242 declined',
    'token expired, key rotated, password reset requested',
    'ref=8bfb4e1a&lang=en',
  ])('leaves %s alone', (input) => {
    expect(scrubText(input)).toBe(input)
  })

  it('is idempotent', () => {
    const once = scrubText('ann@acme.test paid with 4242424242424242 from 203.0.113.9')
    expect(scrubText(once)).toBe(once)
  })
})

describe('scrubUrl', () => {
  it('replaces secret query parameters and keeps the rest', () => {
    expect(scrubUrl('https://app.test/reset?token=9f8e7d6c5b4a&lang=en&email=ann@acme.test#x')).toBe(
      'https://app.test/reset?token=[secret]&lang=en&email=[email]#x',
    )
    expect(scrubUrl('https://app.test/cb?code=4/0AbCdEfGh&state=xyz&session_id=s_123456789')).toBe(
      'https://app.test/cb?code=[secret]&state=xyz&session_id=[secret]',
    )
    expect(scrubUrl('https://app.test/img.png?sig=abc')).toBe('https://app.test/img.png?sig=abc')
  })
})

const emailArb = fc.emailAddress().filter((e) => /^[\w.%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}$/.test(e))

const cardArb = fc
  .tuple(
    fc.constantFrom('4', '51', '55', '37', '6011'),
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 12 }),
  )
  .map(([prefix, rest]) => {
    const body = (prefix + rest.join('')).slice(0, 15)
    for (let check = 0; check < 10; check++) if (luhnValid(body + check)) return body + check
    return body
  })

const base64url = (value: string) => btoa(value).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')
const jwtArb = fc
  .tuple(
    fc.string({ minLength: 1, maxLength: 20 }),
    fc.nat(),
    fc.base64String({ minLength: 20, maxLength: 60 }),
  )
  .map(
    ([sub, iat, sig]) =>
      `${base64url('{"alg":"HS256","typ":"JWT"}')}.${base64url(JSON.stringify({ sub: sub.replace(/[^\x20-\x7e]/g, ''), iat }))}.${sig.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}`,
  )

const filler = fc.constantFrom('', ' ', 'failed for ', 'user said: ', '\n', '(', '"', ', ')

describe('scrubText properties', () => {
  it('never leaves an email, a JWT or a valid card number behind', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(filler, fc.oneof(emailArb, cardArb, jwtArb), filler), {
          minLength: 1,
          maxLength: 5,
        }),
        (parts) => {
          const secrets = parts.map(([, s]) => s)
          const text = parts.map(([a, s, b]) => `${a}${s}${b}`).join(' ')
          const scrubbed = scrubText(text)
          for (const secret of secrets) expect(scrubbed).not.toContain(secret)
          expect(scrubbed).not.toMatch(/[\w.+-]+@[\w-]+\.[A-Za-z]{2,}/)
          expect(scrubbed).not.toMatch(/eyJ[\w-]{8,}\.eyJ/)
          for (const run of scrubbed.match(/\d{13,19}/g) ?? []) expect(luhnValid(run)).toBe(false)
        },
      ),
    )
  })

  it('never throws and is idempotent on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const once = scrubText(text)
        expect(scrubText(once)).toBe(once)
      }),
    )
  })
})
