import { fingerprintParts, isInAppFile } from '@suture/envelope'
import { describe, expect, it } from 'vitest'
import { frameKeys } from './stack.js'

// Unmarked frames as a browser stack gives them: no `inApp` from the sender.
const APP = { function: 'InvoiceRow', file: 'https://app.example.com/assets/InvoiceRow-3f9a1c2b.js', line: 1 }
const LIBRARY_FILES = [
  'https://app.example.com/assets/vendor-3f9a1c2b.js',
  'https://app.example.com/assets/framework-DiwrgTda.js',
  'https://app.example.com/assets/polyfills-3f9a1c2b.js',
  'webpack:///node_modules/react-dom/cjs/react-dom.production.js',
  'https://cdn.jsdelivr.net/npm/chart.js@4.4.0/dist/chart.umd.js',
  'chrome-extension://abcdefghijklmnop/content.js',
  '<anonymous>',
]

describe('the stack signal decides library code by the envelope rule', () => {
  it.each(LIBRARY_FILES)('skips %s, as the fingerprint does', (file) => {
    expect(isInAppFile(file)).toBe(false)
    const frames = [{ function: 'renderLibrary', file, line: 9 }, APP]
    expect(frameKeys(frames)).toEqual(['InvoiceRow@InvoiceRow.js'])
    // The fingerprint leaves the same frame out: one rule, one place.
    const parts = fingerprintParts({
      type: 'TypeError',
      message: 'x',
      frames: frames.map((f) => ({ ...f, column: 1 })),
    })
    expect(parts.some((p) => p.includes('renderLibrary'))).toBe(false)
  })

  it('keeps app chunks, and lets the marks of the sender win', () => {
    expect(
      frameKeys([{ function: 'submit', file: 'https://app.example.com/assets/index-3f9a1c2b.js' }]),
    ).toEqual(['submit@index.js'])
    // When the sender marked frames, the marks win over the file rule.
    expect(
      frameKeys([
        { function: 'shim', file: 'https://app.example.com/assets/vendor-3f9a1c2b.js', inApp: true },
        { function: 'InvoiceRow', file: APP.file, inApp: false },
      ]),
    ).toEqual(['shim@vendor.js'])
  })
})
