import type { StackFrameLike } from './frame.js'
import { splitGeckoLine } from './gecko-line.js'
import { parseLocation } from './location.js'

/** Index of the `(` that opens the parenthesised group ending at `end` (a `)`), or -1. */
function matchingOpenParen(text: string, end: number): number {
  let depth = 0
  for (let i = end; i >= 0; i--) {
    const ch = text[i]
    if (ch === ')') depth++
    else if (ch === '(') {
      depth--
      if (depth === 0) return i
    }
  }
  return -1
}

/**
 * `eval at aha (http://x/:37:5), <anonymous>:1:1` → the location of the code that called eval, which is the
 * only part that points into a real file. Nested evals are unwrapped down to the outermost real file.
 */
function unwrapEval(location: string): string {
  let text = location.trim()
  for (let guard = 0; guard < 20 && text.startsWith('eval at '); guard++) {
    const open = text.indexOf('(')
    if (open < 0) break
    let depth = 0
    let close = -1
    for (let i = open; i < text.length; i++) {
      if (text[i] === '(') depth++
      else if (text[i] === ')') {
        depth--
        if (depth === 0) {
          close = i
          break
        }
      }
    }
    if (close < 0) break
    text = text.slice(open + 1, close).trim()
  }
  return text
}

/** Parses the part of a V8 / IE / Edge line after `at `. */
export function parseV8Line(body: string): StackFrameLike | null {
  // Safari extension frames are printed V8-style with a mangled scheme: `safari-extension:(//id/x.js:1:2)`.
  const text = body.trim().replace(/(safari(?:-web)?-extension):\(\/\/(.*)\)$/, '$1://$2')
  if (text === '') return null
  if (text.endsWith(')')) {
    const open = matchingOpenParen(text, text.length - 1)
    if (open === 0 || (open > 0 && text[open - 1] === ' ')) {
      const fn = text.slice(0, open).trim()
      const location = parseLocation(unwrapEval(text.slice(open + 1, -1)))
      return { function: fn === '' ? null : fn, ...location }
    }
  }
  const gecko = splitGeckoLine(text)
  if (gecko && gecko.fn !== '') return { function: gecko.fn, ...parseLocation(gecko.location) }
  return { function: null, ...parseLocation(text) }
}
