import type { StackFrameLike } from './frame.js'
import { splitGeckoLine } from './gecko-line.js'
import { type Location, looksLikeLocation, parseLocation } from './location.js'

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

// Locations an engine prints instead of a file: built-ins, eval'd code without a source, Node's
// `Promise.all (index 0)`, Hermes' `(unknown)`.
const NO_FILE_LOCATION =
  /^(?:native|native code|\[native code\]|<anonymous>|anonymous|unknown|unknown location|<unknown>|index \d+)$/i
const HAS_LINE = /:\d+(?::\d+)?$/

/**
 * Whether the text inside a frame's parentheses is a location: anything ending in `:line[:column]`, an
 * engine placeholder (`native`, `<anonymous>`), or a file or URL without a position (webpack's
 * `eval at proxyClass (webpack:///…js?)`). Prose inside parentheses (`(from accessing a frame.)`) is not.
 */
function isLocation(text: string): boolean {
  const bare = text.replace(/^(?:async|address at)\s+/, '')
  if (bare === '') return false
  if (HAS_LINE.test(bare)) return true
  if (NO_FILE_LOCATION.test(bare)) return true
  return !/\s/.test(bare) && looksLikeLocation(bare)
}

// V8 names a frame of code loaded from a `data:` URL by its whole source; keep only the media type, as
// Sentry does: the rest is code (and possibly data) that identifies nothing.
const DATA_URL = /^data:([\w.+-]+\/[\w.+-]+)?[,;]/i

function locate(raw: string): Location {
  const text = unwrapEval(raw)
  const data = DATA_URL.exec(text)
  if (data) return { file: `<data:${data[1] ?? 'text/plain'}>`, line: null, column: null }
  return parseLocation(text)
}

function functionName(raw: string): string | null {
  const fn = raw.trim()
  // `at ? (webpack/runtime/ensure chunk:6:25)`: some bundlers print `?` for an unknown name.
  return fn === '' || fn === '?' ? null : fn
}

/**
 * Parses the part of a V8 / IE / Edge / Hermes line after `at `. Returns null for lines that carry no
 * location at all (`at <anonymous>`) or are not frames (an `Error: …` message continuation).
 */
export function parseV8Line(body: string): StackFrameLike | null {
  // Safari extension frames are printed V8-style with a mangled scheme: `safari-extension:(//id/x.js:1:2)`.
  const text = body.trim().replace(/(safari(?:-web)?-extension):\(\/\/(.*)\)$/, '$1://$2')
  if (text === '') return null

  // `fn (location)`, `fn(location)` (no space: React Native, webpack eval), `new Foo (eval at …)`.
  // The last group is tried first; webpack's `(error: (/chunk.js))` wraps the location in one more.
  for (let end = text.length - 1; end >= text.length - 2 && text[end] === ')'; end--) {
    const open = matchingOpenParen(text, end)
    if (open < 0) continue
    const inside = text.slice(open + 1, end)
    if (isLocation(unwrapEval(inside)) || inside.trim().startsWith('eval at ')) {
      return { function: functionName(text.slice(0, open)), ...locate(inside) }
    }
  }

  // A bare location: `http://x/(group)/[route]/a.js:1:2`, `C:\project files\a.js:1:2`, `<anonymous>:1:2`.
  const located = text.replace(/^async\s+/, '')
  if (HAS_LINE.test(located) && (looksLikeLocation(located) || located.startsWith('<anonymous>'))) {
    return { function: null, ...locate(located) }
  }

  // An unbalanced group: `new <anonymous> (http://x/a.js:2:1` (the closing parenthesis is missing).
  for (let open = text.lastIndexOf('('); open > 0; open = text.lastIndexOf('(', open - 1)) {
    const rest = text.slice(open + 1)
    if (HAS_LINE.test(rest) && looksLikeLocation(rest.replace(/^(?:async|address at)\s+/, ''))) {
      return { function: functionName(text.slice(0, open)), ...locate(rest) }
    }
  }

  // JavaScriptCore-style `fn@location` inside an `at` line (Safari extensions).
  const gecko = splitGeckoLine(text)
  if (gecko && gecko.fn !== '') return { function: gecko.fn, ...parseLocation(gecko.location) }

  // Paths without a position that are unmistakably files (`at /app/a.js`, `at http://x/a.js`).
  if (!/\s/.test(located) && /^(?:[a-z][\w+.-]*:\/\/|\/|[a-z]:\\)/i.test(located) && located !== '') {
    return { function: null, ...locate(located) }
  }
  return null
}
