/** A source position inside a stack line: `file`, `file:line` or `file:line:column`. */
export interface Location {
  file: string | null
  line: number | null
  column: number | null
}

const WITH_LINE_AND_COLUMN = /^(.*?):(\d+):(\d+)$/
const WITH_LINE = /^(.*?):(\d+)$/
// `https://host:8080` is an origin with a port, not a file with a line number.
const BARE_ORIGIN = /^[a-z][\w+.-]*:\/\/[^/]*$/i
// `main.wasm:wasm-function[190]:0x5aeb` has no line/column in the JavaScript sense.
const WASM = /^(.*?):wasm-function\[\d+\]:0x[0-9a-f]+$/i

function toInt(text: string): number | null {
  const value = Number.parseInt(text, 10)
  return Number.isSafeInteger(value) ? value : null
}

/** Splits a location string into file, line and column; unknown parts are null. */
export function parseLocation(raw: string): Location {
  let text = raw.trim()
  // `async http://…` (Chrome async frames) and `address at /x.bundle:1:2` (Hermes) wrap a plain location.
  text = text.replace(/^(?:async|address at)\s+/, '')
  if (text === '') return { file: null, line: null, column: null }
  const wasm = WASM.exec(text)
  if (wasm?.[1]) return { file: wasm[1], line: null, column: null }
  const full = WITH_LINE_AND_COLUMN.exec(text)
  if (full?.[1] && full[2] && full[3] && !BARE_ORIGIN.test(full[1])) {
    return { file: full[1], line: toInt(full[2]), column: toInt(full[3]) }
  }
  const lineOnly = WITH_LINE.exec(text)
  if (lineOnly?.[1] && lineOnly[2] && !BARE_ORIGIN.test(lineOnly[1])) {
    return { file: lineOnly[1], line: toInt(lineOnly[2]), column: null }
  }
  return { file: text, line: null, column: null }
}

/** True when `text` plausibly starts a file location (URL, path, `[native code]`, `x.js:1`). */
export function looksLikeLocation(text: string): boolean {
  return /^(?:[a-z][\w+.-]*:|\/|\.{1,2}\/|\[native code\]|<anonymous>|[\w$~.-]+(?:[/:]|$))/i.test(text)
}
