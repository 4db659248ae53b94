import type { StackFrameLike } from './frame.js'
import { looksLikeLocation, parseLocation } from './location.js'

function isBalanced(text: string): boolean {
  let round = 0
  let square = 0
  let quote: string | null = null
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null
      continue
    }
    if (ch === '"' || ch === "'") quote = ch
    else if (ch === '(') round++
    else if (ch === ')') round--
    else if (ch === '[') square++
    else if (ch === ']') square--
    if (round < 0 || square < 0) return false
  }
  return round === 0 && square === 0 && quote === null
}

/**
 * Splits `fn@location` at the `@` that ends a well-formed function name, so `obj["@fn"]@x.js:1:2` and
 * `what@http://h/misc/@stuff/foo.js:8:3` both split where a human would.
 */
export function splitGeckoLine(text: string): { fn: string; location: string } | null {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    const fn = text.slice(0, at)
    const location = text.slice(at + 1)
    if (isBalanced(fn) && looksLikeLocation(location)) return { fn, location }
  }
  return null
}

/** Firefox 3 printed arguments: `bar(1)@…`, `()@…`, `(null)@…`. */
function cleanFunctionName(fn: string): string | null {
  const name = fn.replace(/\((?:[^()]*)\)$/, '').trim()
  return name === '' ? null : name
}

// Firefox reports code run by eval/new Function against the line of the eval call:
// `foo@http://x/a.js line 26 > eval line 2 > eval:2:96` → `foo@http://x/a.js:26`.
const FIREFOX_EVAL = / line (\d+)(?: > (?:eval|Function) line \d+)* > (?:eval|Function):\d+:\d+$/

/** Parses one Firefox / Safari (JavaScriptCore) line: `fn@loc`, `@loc`, `loc`, `fn` or `[native code]`. */
export function parseGeckoLine(raw: string): StackFrameLike | null {
  const text = raw.trim().replace(FIREFOX_EVAL, ':$1')
  if (text === '') return null
  if (text === '[native code]') return { function: null, file: '[native code]', line: null, column: null }
  const split = splitGeckoLine(text)
  if (split) {
    const fn = split.fn.replace(/^async\*/, '')
    return { function: cleanFunctionName(fn), ...parseLocation(split.location) }
  }
  // A bare location (Safari 7+ anonymous frames, React Native bundles): `http://x/a.js:48:22`, `42.js:1:822`.
  if (/:\d+(?::\d+)?$/.test(text) && looksLikeLocation(text))
    return { function: null, ...parseLocation(text) }
  return null
}

/** A Safari line that names a function but no location (`baz`, `eval code`, `global code`). */
export function parseBareFunctionLine(raw: string): StackFrameLike | null {
  const text = raw.trim()
  if (!/^[A-Za-z_$][\w$.<>/* ]{0,200}$/.test(text)) return null
  return { function: text, file: null, line: null, column: null }
}
