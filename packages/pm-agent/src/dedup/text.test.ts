import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { normalizeText, tokenize } from './text.js'

/** The normalisation as a plain chain of replacements, every pattern always run. */
function normalizeAlways(text: string): string {
  return text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' urltoken ')
    .replace(/[\w.+-]+@[\w-]+\.[\w.]+/g, ' emailtoken ')
    .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g, ' idtoken ')
    .replace(/\b(?=[0-9a-f]*\d)[0-9a-f]{12,}\b/g, ' idtoken ')
    .replace(/\bv?\d+(?:\.\d+)+\b/g, (version) => version.replace(/\./g, '_'))
    .replace(/\b\d+\b/g, ' 0 ')
}

const pieces = fc.constantFrom(
  'https://app.example.com/x?id=9',
  'HTTP://A.B',
  'ann@example.org',
  'deadbeef-dead-beef-dead-beefdeadbeef',
  '3f9a1c2b4d5e6f70',
  'v2.53',
  '3.3.2',
  'order 8812',
  'Cannot read',
  '-',
  '@',
  'ÄÖ',
  ' ',
)

describe('normalizeText', () => {
  it('equals running every replacement, whichever characters the text holds', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 12 }), (parts) => {
        const text = parts.join('')
        expect(normalizeText(text)).toBe(normalizeAlways(text))
      }),
      { numRuns: 2000 },
    )
  })

  it('turns ids, numbers, addresses and links into placeholders and keeps versions', () => {
    expect(tokenize('Order 8812 for ann@example.org failed on v2.53, see https://x.io/a')).toEqual([
      'order',
      '0',
      'emailtoken',
      'failed',
      'v2_53',
      'see',
      'urltoken',
    ])
  })
})
