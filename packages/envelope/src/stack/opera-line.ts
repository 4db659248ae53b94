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
