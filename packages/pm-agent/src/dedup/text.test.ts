import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DEFAULT_FEATURE_OPTIONS, extractFeatures, normalizeText, tokenize } from './text.js'

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

describe('code and stack tokens', () => {
  const features = (text: string, codeTokens: boolean) => {
    const out = new Set<number>()
    extractFeatures(text, 1, { ...DEFAULT_FEATURE_OPTIONS, codeTokens }, { add: (f) => out.add(f) })
    return out
  }
  const extra = (text: string) => {
    const without = features(text, false)
    return [...features(text, true)].filter((f) => !without.has(f))
  }

  it('adds whole dotted identifiers, called functions and stack frames besides their words', () => {
    expect(extra('Remove usage of sun.misc.Signal')).toHaveLength(1)
    expect(extra('Tune listFiles() api')).toHaveLength(1)
    expect(extra('TestRPC#testAuthorization fails')).toHaveLength(1)
    // The frame's function twice over: as a dotted identifier and as a stack frame; the file name once.
    expect(extra('NPE\n\tat org.apache.Foo.bar(Foo.java:12)')).toHaveLength(3)
    expect(extra('nothing code-like here')).toHaveLength(0)
  })

  it('tells apart identifiers that share every word but one', () => {
    const signal = extra('Remove usage of sun.misc.Signal')
    const unsafe = extra('Remove usage of sun.misc.Unsafe')
    expect(signal.filter((f) => unsafe.includes(f))).toHaveLength(0)
    expect(extra('sun.misc.Signal is gone')).toEqual(signal)
  })
})
