import { describe, expect, it } from 'vitest'
import { prepareSignals } from './prepared.js'
import type { Signal } from './signal.js'

const frame = (fn: string, file: string) => ({ function: fn, file, inApp: true })

describe('prepareSignals interning', () => {
  it('numbers values in first-seen order across fields, fingerprints and frames', () => {
    const signals: Signal[] = [
      {
        id: 'a',
        kind: 'error',
        route: '/x',
        errorType: 'TypeError',
        fingerprint: 'f1',
        frames: [frame('g', 'src/g.ts')],
      },
      {
        id: 'b',
        kind: 'error',
        route: '/y',
        errorType: 'TypeError',
        fingerprint: 'f1',
        frames: [frame('g', 'src/g.ts')],
      },
      // The same text in another field is another value.
      { id: 'c', kind: 'error', route: 'TypeError', boundary: '/x' },
    ]
    const p = prepareSignals(signals)
    expect(Array.from(p.structure.route)).toEqual([0, 4, 5])
    expect(Array.from(p.structure.errorType)).toEqual([1, 1, -1])
    expect(Array.from(p.structure.boundary)).toEqual([-1, -1, 6])
    expect(Array.from(p.fingerprint)).toEqual([2, 2, -1])
    expect(Array.from(p.frames)).toEqual([3, 3])
  })

  it('keys frames as function@file: names holding an @ that join to one key share an id', () => {
    const p = prepareSignals([
      {
        id: 'a',
        kind: 'error',
        frames: [frame('a@b', 'src/c.ts'), frame('a', 'src/b@c.ts'), frame('a', 'src/c.ts')],
      },
    ])
    const [first, second, third] = Array.from(p.frames)
    expect(first).toBe(second)
    expect(third).not.toBe(first)
  })
})
