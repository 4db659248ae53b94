import { parseEnvelope } from '@suture/envelope'
import { describe, expect, it } from 'vitest'
import { errorEnvelopeFromStack, feedbackEnvelope, realStacks } from '../testing/fixtures.js'
import { prepareEnvelope, prepareEnvelopes } from './store-envelopes.js'

describe('prepareEnvelopes', () => {
  it('gives exactly what prepareEnvelope gives one at a time, for a batch full of repeats', () => {
    const stacks = realStacks(12)
    const inputs = Array.from({ length: 60 }, (_, i) => {
      const stack = stacks[i % stacks.length] as (typeof stacks)[number]
      if (i % 10 === 9) return feedbackEnvelope({ feedback: { text: `call me on +44 20 7946 0958 (${i})` } })
      // Same stack with different messages, a client fingerprint, PII in the message and route URL.
      const overrides: Record<string, unknown> = {
        route: { template: '/u/:id', url: `https://app.test/u/${i % 3}?token=abcdef123456` },
      }
      const envelope = errorEnvelopeFromStack(stack, overrides)
      const error = (envelope as unknown as { error: Record<string, unknown> }).error
      if (i % 4 === 1) error.message = `failed for ann${i % 2}@acme.test`
      if (i % 7 === 3) error.fingerprint = 'client0000000001'
      return envelope
    })
    const parsed = inputs.map((input) => {
      const result = parseEnvelope(input)
      if (!result.ok) throw new Error(JSON.stringify(result.issues))
      return result.value
    })
    const batch = prepareEnvelopes(parsed)
    expect(batch).toEqual(parsed.map((e) => prepareEnvelope(e)))
    // The repeats really were repeats (one stack, several envelopes), and scrubbing happened.
    expect(new Set(parsed.map((e) => (e.kind === 'error' ? e.error.stack : '')).values()).size).toBeLessThan(
      20,
    )
    expect(JSON.stringify(batch)).not.toContain('ann0@acme.test')
    expect(JSON.stringify(batch)).not.toContain('abcdef123456')
  })

  it('scrubs with the server scrubber: national phone numbers and vendor keys the SDK scrubber lets through', () => {
    const result = parseEnvelope(
      feedbackEnvelope({
        feedback: { text: 'Rufen Sie mich unter 030 1234567 an; key 0123456789abcdef0123456789abcdef-us18' },
      }),
    )
    if (!result.ok) throw new Error(JSON.stringify(result.issues))
    const prepared = prepareEnvelope(result.value)
    expect(prepared.kind === 'feedback' && prepared.feedback.text).toBe(
      'Rufen Sie mich unter [phone] an; key [api-key]',
    )
    expect(prepareEnvelopes([result.value])).toEqual([prepared])
  })
})
