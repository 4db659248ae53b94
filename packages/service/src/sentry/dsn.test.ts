import { dsnFromString, makeDsn } from '@sentry/core'
import { describe, expect, it } from 'vitest'
import { formatDsn, matchesSentryProject, sentryBaseUrl, sentryProjectNumber } from './dsn.js'

describe('formatDsn', () => {
  it('builds a DSN that the real Sentry SDK accepts and that points back at the project', () => {
    const dsn = formatDsn({
      baseUrl: 'http://127.0.0.1:8787/',
      publicKey: 'sut_pub_abcDEF123',
      projectId: 'prj_4mQx8ZKc2vYpLd',
    })
    expect(dsn).toBe('http://sut_pub_abcDEF123@127.0.0.1:8787/191172123405604')
    const parsed = makeDsn(dsn)
    expect(parsed?.publicKey).toBe('sut_pub_abcDEF123')
    expect(parsed && matchesSentryProject(parsed.projectId, 'prj_4mQx8ZKc2vYpLd')).toBe(true)
    expect(matchesSentryProject(parsed?.projectId ?? '', 'prj_other')).toBe(false)
  })

  it('keeps a path prefix and numeric ids as they are', () => {
    const dsn = formatDsn({ baseUrl: 'https://suture.example/ingest', publicKey: 'k', projectId: '42' })
    expect(dsn).toBe('https://k@suture.example/ingest/42')
    expect(dsnFromString(dsn)?.path).toBe('ingest')
    expect(sentryProjectNumber('42')).toBe('42')
    expect(matchesSentryProject('prj_x', 'prj_x')).toBe(true)
  })
  it('derives the base URL from SUTURE_PUBLIC_URL or the serve host and port', () => {
    expect(sentryBaseUrl({})).toBe('http://127.0.0.1:8787')
    expect(sentryBaseUrl({ SUTURE_HOST: '0.0.0.0', SUTURE_PORT: '9000' })).toBe('http://127.0.0.1:9000')
    expect(sentryBaseUrl({ SUTURE_HOST: '::1' })).toBe('http://[::1]:8787')
    expect(sentryBaseUrl({ SUTURE_PUBLIC_URL: 'https://ingest.shop.example' })).toBe(
      'https://ingest.shop.example',
    )
  })
})
