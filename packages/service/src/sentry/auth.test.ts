import { describe, expect, it } from 'vitest'
import { keyFromDsn, sentryKeyFrom } from './auth.js'

describe('sentryKeyFrom', () => {
  it('reads the key from the query, X-Sentry-Auth or Authorization, in that order', () => {
    expect(sentryKeyFrom({ query: 'q', xSentryAuth: 'Sentry sentry_key=h' })).toBe('q')
    expect(
      sentryKeyFrom({
        query: undefined,
        xSentryAuth: 'Sentry sentry_version=7, sentry_client=sentry.javascript.node/11.12.0, sentry_key=abc ',
      }),
    ).toBe('abc')
    expect(
      sentryKeyFrom({ query: '', xSentryAuth: null, authorization: 'Sentry sentry_key=z,sentry_version=7' }),
    ).toBe('z')
    expect(sentryKeyFrom({ query: undefined, xSentryAuth: 'Bearer sentry_key=x' })).toBeUndefined()
    expect(sentryKeyFrom({ query: undefined, xSentryAuth: 'Sentry sentry_key=' })).toBeUndefined()
    expect(sentryKeyFrom({ query: undefined, xSentryAuth: undefined })).toBeUndefined()
  })

  it('reads the key from a tunnelled envelope header dsn', () => {
    expect(keyFromDsn('http://sut_pub_x@127.0.0.1:8787/123')).toBe('sut_pub_x')
    expect(keyFromDsn('not a dsn')).toBeUndefined()
    expect(keyFromDsn(42)).toBeUndefined()
  })
})
