import type { StackFrameLike } from './frame.js'

// Opera 10/11 `error.stacktrace`: `Line 4 of inline#1 script in http://x/a.js: In function bar`.
const OPERA =
  /^\s*Line (\d+) of (?:linked|inline#\d+|eval|function) script(?: in)? (\S+?)(?:: In function (\S+))?\s*$/i

export function isOperaLine(line: string): boolean {
  return OPERA.test(line)
}

export function parseOperaLine(line: string): StackFrameLike | null {
  const match = OPERA.exec(line)
  if (!match?.[1] || !match[2]) return null
  return { function: match[3] ?? null, file: match[2], line: Number.parseInt(match[1], 10), column: null }
}

// Opera 11/12 `error.stacktrace`: `called from line 27, column 8 in <anonymous function: run>(ex) in http://x/a.js:`.
const OPERA_11 =
  /^\s*(?:Error thrown at|called from) line (\d+), column (\d+)\s*(?:in (?:<anonymous function: ([^>]+)>|([^()]+?))\(.*?\))? in (\S+?):?\s*$/i

export function isOpera11Line(line: string): boolean {
  return OPERA_11.test(line)
}

export function parseOpera11Line(line: string): StackFrameLike | null {
  const match = OPERA_11.exec(line)
  if (!match?.[1] || !match[2] || !match[5]) return null
  return {
    function: match[3] ?? match[4]?.trim() ?? null,
    file: match[5],
    line: Number.parseInt(match[1], 10),
    column: Number.parseInt(match[2], 10),
  }
}
