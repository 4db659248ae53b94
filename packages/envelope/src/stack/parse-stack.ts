import type { StackFrame } from '../schema/envelope.js'
import type { StackFrameLike } from './frame.js'
import { parseBareFunctionLine, parseGeckoLine } from './gecko-line.js'
import { isOpera11Line, isOperaLine, parseOpera11Line, parseOperaLine } from './opera-line.js'
import { parseV8Line } from './v8-line.js'

const V8_LINE = /^\s*at\s+(.*)$/
// Stacks longer than this are cut; nobody groups on the 5,000th frame of a recursion.
const MAX_LINES = 1_000
const MAX_LINE_LENGTH = 4_096

function toFrame(frame: StackFrameLike): StackFrame {
  return { function: frame.function, file: frame.file, line: frame.line, column: frame.column }
}

/**
 * Parses a JavaScript stack string from any engine (Chrome/V8/Node/Edge/IE, Firefox, Safari/JavaScriptCore,
 * React Native, Opera 10) into frames, newest first. Unknown fields are `null`; lines that are not frames
 * (the `Error: message` header, source excerpts) are skipped. Never throws.
 * @example
 * parseStack(new Error('x').stack ?? '')
 * // [{ function: 'onClick', file: 'https://app.test/assets/main.3f9a1c.js', line: 1, column: 2044 }, …]
 */
export function parseStack(stack: string): StackFrame[] {
  if (typeof stack !== 'string' || stack === '') return []
  const lines = stack.split(/\r?\n/, MAX_LINES).map((l) => (l.length > MAX_LINE_LENGTH ? '' : l))
  const frames: StackFrameLike[] = []

  if (lines.some(isOpera11Line)) {
    for (const line of lines) {
      const frame = parseOpera11Line(line)
      if (frame) frames.push(frame)
    }
    return frames.map(toFrame)
  }

  if (lines.some(isOperaLine)) {
    for (const line of lines) {
      const frame = parseOperaLine(line)
      if (frame) frames.push(frame)
    }
    return frames.map(toFrame)
  }

  if (lines.some((l) => V8_LINE.test(l))) {
    // V8 prints `Name: message` (possibly several lines) first; every frame line starts with `at `.
    for (const line of lines) {
      const body = V8_LINE.exec(line)?.[1]
      if (body === undefined) continue
      const frame = parseV8Line(body)
      if (frame) frames.push(frame)
    }
    return frames.map(toFrame)
  }

  const located = lines.map(parseGeckoLine)
  if (!located.some((f) => f !== null)) return []
  for (let i = 0; i < lines.length; i++) {
    // JavaScriptCore prints eval'd code as `eval code` followed by the native `eval@[native code]` frame;
    // the pair is one call and Sentry and stacktrace-parser keep only the second.
    if (lines[i]?.trim() === 'eval code' && lines[i + 1]?.trim() === 'eval@[native code]') continue
    const frame = located[i] ?? parseBareFunctionLine(lines[i] ?? '')
    if (frame) frames.push(frame)
  }
  return frames.map(toFrame)
}
