import { originalPositionFor, sourceContentFor, type TraceMap } from '@jridgewell/trace-mapping'
import { LIMITS, type OriginalFrame, type StackFrame, truncate } from '@suture/envelope'
import { enclosingFunction } from './enclosing-function.js'
import { cleanSourcePath } from './file-path.js'

/** Lines of source shown either side of a frame's line. */
export const CONTEXT_LINES = 3

/** A parsed map plus the split source files read from it so far (each split once, on first use). */
export class ParsedSourceMap {
  readonly map: TraceMap
  readonly #sourceLines = new Map<string, readonly string[] | null>()

  constructor(map: TraceMap) {
    this.map = map
  }

  lines(source: string): readonly string[] | null {
    let lines = this.#sourceLines.get(source)
    if (lines === undefined) {
      const content = sourceContentFor(this.map, source)
      lines = content === null ? null : content.split(/\r?\n/)
      this.#sourceLines.set(source, lines)
    }
    return lines
  }
}

/**
 * Where a minified frame points in the original source, or undefined when the map has no mapping there (the
 * frame is then kept as reported). Frame lines and columns are 1-based; the map's columns are 0-based.
 * @example
 * resolveFrame(parsed, { function: 'Xe', file: 'https://app.test/assets/index-3f2a.js', line: 1, column: 48213 })
 * // { file: 'src/pages/BillingPage.tsx', line: 42, column: 9, function: 'formatTotal', context: { … } }
 */
export function resolveFrame(parsed: ParsedSourceMap, frame: StackFrame): OriginalFrame | undefined {
  if (frame.line === null || frame.line < 1) return undefined
  const column = frame.column === null || frame.column < 1 ? 0 : frame.column - 1
  const position = originalPositionFor(parsed.map, { line: frame.line, column })
  if (position.source === null || position.line === null) return undefined
  const lines = parsed.lines(position.source)
  const original: OriginalFrame = {
    function: null,
    file: truncate(cleanSourcePath(position.source), LIMITS.url),
    line: position.line,
    column: position.column === null ? null : position.column + 1,
  }
  if (lines !== null) {
    const name = enclosingFunction(lines, position.line, (position.column ?? 0) + 1)
    if (name !== undefined) original.function = truncate(name, LIMITS.shortText)
    const at = position.line - 1
    const line = lines[at]
    if (line !== undefined) {
      const cut = (text: string) => truncate(text, LIMITS.contextLine)
      original.context = {
        pre: lines.slice(Math.max(0, at - CONTEXT_LINES), at).map(cut),
        line: cut(line),
        post: lines.slice(at + 1, at + 1 + CONTEXT_LINES).map(cut),
      }
    }
  }
  return original
}
