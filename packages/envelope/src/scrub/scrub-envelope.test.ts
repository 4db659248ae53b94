import { describe, expect, it } from 'vitest'
import { type Envelope, parseEnvelope } from '../index.js'
import { scrubEnvelope, scrubEnvelopes } from './scrub-envelope.js'

function envelope(input: unknown): Envelope {
  const result = parseEnvelope(input)
  if (!result.ok) throw new Error(JSON.stringify(result.issues))
  return result.value
}

const common = {
  id: 'env_0001abcd',
  schemaVersion: 1,
  occurredAt: '2026-11-23T10:00:00.000Z',
  app: { name: 'acme-web', release: '1.4.2' },
  route: {
    template: '/members/:id',
    url: 'https://app.acme.test/members/7?invite_token=9f8e7d6c5b4a3f2e&tab=2',
  },
  sessionId: '3fa85f64-5717-4562-b3fc-2c963f66afa6',
  attempting: "inviting ann@acme.test to 'Acme'",
  breadcrumbs: [
    {
      ts: '2026-11-23T09:59:58.000Z',
      type: 'fetch',
      label: 'POST /api/invite → 500',
      data: { url: 'https://api.acme.test/invite?apikey=sk_live_abcdefghij1234567890', status: 500 },
    },
    { ts: '2026-11-23T09:59:59.000Z', type: 'console', label: 'Sending to bob@acme.test from 203.0.113.9' },
  ],
  tags: { customer: 'carol@acme.test' },
}

describe('scrubEnvelope', () => {
  it('scrubs every free-text field of an error envelope and keeps ids', () => {
    const input = envelope({
      ...common,
      kind: 'error',
      error: {
        type: 'Error',
        message: 'Invite for ann@acme.test failed with Bearer abcDEF123456ghiJKL',
        frames: [
          {
            function: 'send',
            file: 'https://app.acme.test/main.3f9a1c.js?token=abcdef123456',
            line: 1,
            column: 2,
          },
        ],
        stack:
          'Error: Invite for ann@acme.test failed\n    at send (https://app.acme.test/main.3f9a1c.js:1:2)',
        handled: true,
        mechanism: 'boundary',
      },
    })
    const out = scrubEnvelope(input)
    expect(out.kind).toBe('error')
    if (out.kind !== 'error') return
    expect(out.error.message).toBe('Invite for [email] failed with Bearer [token]')
    expect(out.error.stack).toContain('Invite for [email] failed')
    expect(out.error.frames[0]?.file).toBe('https://app.acme.test/main.3f9a1c.js?token=[secret]')
    expect(out.route.url).toBe('https://app.acme.test/members/7?invite_token=[secret]&tab=2')
    expect(out.attempting).toBe("inviting [email] to 'Acme'")
    expect(out.breadcrumbs[0]?.data?.url).toBe('https://api.acme.test/invite?apikey=[secret]')
    expect(out.breadcrumbs[0]?.data?.status).toBe(500)
    expect(out.breadcrumbs[1]?.label).toBe('Sending to [email] from [ip]')
    expect(out.tags?.customer).toBe('[email]')
    expect(out.sessionId).toBe(input.sessionId)
    expect(out.id).toBe(input.id)
    // The input is not mutated, and scrubbing twice changes nothing.
    expect(input.kind === 'error' && input.error.message).toContain('ann@acme.test')
    expect(scrubEnvelope(out)).toEqual(out)
    expect(parseEnvelope(out).ok).toBe(true)
  })

  it('scrubs feedback text', () => {
    const out = scrubEnvelope(
      envelope({
        ...common,
        kind: 'feedback',
        feedback: { text: 'call me on +1 415 555 2671, card 4242 4242 4242 4242', rating: 2 },
      }),
    )
    expect(out.kind === 'feedback' && out.feedback.text).toBe('call me on [phone], card [card]')
  })

  it('scrubs a batch with repeated strings exactly as one envelope at a time', () => {
    const error = (n: number) =>
      envelope({
        ...common,
        id: `env_batch_${n}`,
        kind: 'error',
        error: {
          type: 'TypeError',
          message: n % 2 === 0 ? 'Invite for ann@acme.test failed' : `Order ${n} failed`,
          frames: [
            { function: 'send', file: 'https://app.acme.test/main.js?sig=abcdef123456', line: 1, column: n },
          ],
          stack: 'TypeError: x\n    at send (https://app.acme.test/main.js?sig=abcdef123456:1:2)',
          handled: false,
          mechanism: 'boundary',
        },
      })
    const feedback = envelope({
      ...common,
      id: 'env_batch_fb',
      kind: 'feedback',
      feedback: { text: 'mail ann@acme.test' },
    })
    const batch = [error(1), error(2), feedback, error(3), error(4)]
    expect(scrubEnvelopes(batch)).toEqual(batch.map((e) => scrubEnvelope(e)))
    expect(scrubEnvelopes([])).toEqual([])
  })
})
