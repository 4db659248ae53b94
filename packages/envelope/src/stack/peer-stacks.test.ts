import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseStack } from './parse-stack.js'
import { PEER_STACKS, type PeerFrame } from './peer-stacks.fixture.js'

/**
 * Frames count as exact when file, line and column all match at the same position (newest first), which is
 * what grouping and source maps need; function names are reported separately because peers disagree on
 * decorations (`Object.aha` / `aha`, `async foo` / `foo`).
 */
function score() {
  let frames = 0
  let exact = 0
  let namesMatched = 0
  let records = 0
  const misses: string[] = []
  for (const record of PEER_STACKS) {
    const actual = parseStack(record.stack)
    let recordExact = actual.length === record.frames.length
    record.frames.forEach(([fn, file, line, column]: PeerFrame, i) => {
      frames++
      const got = actual[i]
      if (got && got.file === file && got.line === line && got.column === column) exact++
      else {
        recordExact = false
        misses.push(
          `${record.name} #${i}: got ${JSON.stringify(got ?? null)}, want ${JSON.stringify([file, line, column])}`,
        )
      }
      const stripped = (s: string | null) => s?.replace(/^(?:async\*?|new )\s*/, '') ?? null
      if (
        got &&
        (stripped(got.function) === stripped(fn) || (got.function ?? '').endsWith(stripped(fn) ?? '\0'))
      )
        namesMatched++
    })
    if (actual.length !== record.frames.length)
      misses.push(`${record.name}: ${actual.length} frames, want ${record.frames.length}`)
    if (recordExact) records++
  }
  return { frames, exact, namesMatched, records, misses }
}

describe('parseStack on the peer parsers’ public test cases', () => {
  const result = score()

  it(`parses ≥ 0.95 of frames exactly (${result.exact}/${result.frames})`, () => {
    console.info(
      [
        `peer corpus: ${PEER_STACKS.length} stacks, ${result.frames} frames`,
        `frames exact (file, line, column): ${result.exact}/${result.frames} = ${(result.exact / result.frames).toFixed(3)}`,
        `stacks exact (every frame and the count): ${result.records}/${PEER_STACKS.length}`,
        `function names matching: ${result.namesMatched}/${result.frames}`,
        ...result.misses.map((m) => `  MISS ${m}`),
      ].join('\n'),
    )
    expect(PEER_STACKS.length).toBeGreaterThanOrEqual(80)
    expect(result.exact / result.frames).toBeGreaterThanOrEqual(0.95)
  })

  // The cases issue 17 names, each pinned exactly.
  it.each([
    [
      'no space before the parenthesis',
      'at Foo.bar(webpack:///./src/x.jsx?:12:34)',
      ['webpack:///./src/x.jsx?', 12, 34],
    ],
    ['bare <anonymous> with a position', 'at <anonymous>:1:2', ['<anonymous>', 1, 2]],
    ['eval code', 'at eval code (eval code:1:1)', ['eval code', 1, 1]],
    [
      'nested eval',
      'at baz (eval at foo (eval at speak (http://h/f.js:21:17)), <anonymous>:1:30)',
      ['http://h/f.js', 21, 17],
    ],
    [
      'windows path with spaces',
      'at C:\\project files\\a\\esm.js:1:34535',
      ['C:\\project files\\a\\esm.js', 1, 34535],
    ],
    [
      'unbalanced parenthesis',
      'at new <anonymous> (http://www.example.com/test.js:2:1',
      ['http://www.example.com/test.js', 2, 1],
    ],
    ['(native)', 'at Array.forEach (native)', ['native', null, null]],
  ] as const)('%s', (_, line, [file, lineNo, column]) => {
    expect(parseStack(`Error: x\n    ${line}`)).toEqual([
      expect.objectContaining({ file, line: lineNo, column }),
    ])
  })

  it('drops `at <anonymous>` lines without a location and keeps Safari’s eval@[native code]', () => {
    expect(parseStack('Error\n    at <anonymous>\n    at f (https://a.test/x.js:1:2)')).toEqual([
      { function: 'f', file: 'https://a.test/x.js', line: 1, column: 2 },
    ])
    expect(parseStack('eval code\neval@[native code]\nfoo@https://a.test/x.js:5:6')).toEqual([
      { function: 'eval', file: '[native code]', line: null, column: null },
      { function: 'foo', file: 'https://a.test/x.js', line: 5, column: 6 },
    ])
  })
})

// Pieces of every shape the line parsers branch on, so random mixes reach unbalanced and nested groups.
const PIECES = [
  'at ',
  '    at ',
  '(',
  ')',
  '((',
  '))',
  '@',
  ':',
  ':1',
  ':12:34',
  ' ',
  '\n',
  'eval at ',
  ', <anonymous>',
  '<anonymous>',
  'native',
  '[native code]',
  'eval code',
  'async ',
  'new ',
  'http://h/a.js',
  'C:\\p q\\a.js',
  'webpack:///./x.jsx?',
  'address at ',
  ' line 3 > eval',
  'data:text/javascript,',
  'Line 4 of linked script ',
  'called from line 2, column 3 in ',
  'foo',
  'Foo.bar',
  '[as x]',
  '\t',
  '\r\n',
]

describe('parseStack robustness', () => {
  it('never throws on arbitrary text or on random mixes of stack syntax, and returns well-formed frames', () => {
    const check = (text: string) => {
      for (const frame of parseStack(text)) {
        expect(Object.keys(frame).sort()).toEqual(['column', 'file', 'function', 'line'])
        for (const n of [frame.line, frame.column]) expect(n === null || Number.isSafeInteger(n)).toBe(true)
      }
    }
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 500 }), check), { numRuns: 500 })
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (parts) => check(parts.join(''))),
      { numRuns: 2_000 },
    )
  })
})
