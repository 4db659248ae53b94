import { describe, expect, it, vi } from 'vitest'
import { fingerprint, parseStack } from './index.js'

describe('examples/basic.ts (the README example)', () => {
  it('builds, validates, fingerprints and scrubs an envelope', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const example = await import('../examples/basic.js')
    log.mockRestore()
    const { envelope, rejected } = example
    expect(envelope.route.template).toBe('/workspaces/:id/members')
    expect(envelope.route.url).toBe(
      'https://app.acme.test/workspaces/4812/members?invite_token=[secret]&ref=[email]',
    )
    expect(envelope.breadcrumbs.at(-1)?.label).toBe('inviting [email] as admin')
    expect(envelope.kind).toBe('error')
    if (envelope.kind !== 'error') return
    expect(envelope.error.message).toBe("Cannot read properties of undefined (reading 'email') for [email]")
    expect(envelope.error.frames).toHaveLength(3)
    // The same code path in the next release (new bundle hash, moved columns) keeps the fingerprint.
    const nextRelease = parseStack(
      'TypeError: x\n    at InviteForm.submit (https://cdn.acme.test/assets/main.a0b1c2.js:1:19876)\n    at async handleClick (https://cdn.acme.test/assets/main.a0b1c2.js:1:20533)',
    )
    expect(fingerprint({ type: 'TypeError', message: 'x', frames: nextRelease })).toBe(
      envelope.error.fingerprint,
    )
    expect(rejected.ok).toBe(false)
    expect(!rejected.ok && rejected.issues.map((i) => i.path)).toEqual(['error.handled'])
  })
})
