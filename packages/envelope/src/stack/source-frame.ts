import { isInAppFile } from '../fingerprint/normalize-frame.js'
import type { SourceContext, StackFrame } from '../schema/envelope.js'

/**
 * A frame as a reader should see it: the original source position when a source map resolved it, with
 * the source lines around it, else the frame as the browser reported it. `minified` is the reported frame
 * when the two differ.
 */
export interface SourceFrame extends StackFrame {
  readonly context?: SourceContext
  readonly minified?: StackFrame
}

/**
 * The one accessor everything downstream reads frames through (fingerprint, code pointers, tickets, the
 * dashboard, the fixer's scope, MCP): the original frame when symbolicated, else the reported one.
 * Whether an original frame is the app's own code is judged from its original file (a vendor module
 * bundled into `index-3f2a.js` is not in-app, though the bundle is).
 * @example
 * sourceFrame(frame).file // 'src/pages/BillingPage.tsx' once a source map resolved it
 */
export function sourceFrame(frame: StackFrame): SourceFrame {
  const original = frame.original
  if (original === undefined) return frame
  const { original: _original, ...minified } = frame
  const resolved: SourceFrame = {
    function: original.function,
    file: original.file,
    line: original.line,
    column: original.column,
    inApp: isInAppFile(original.file),
    minified,
    ...(original.context === undefined ? {} : { context: original.context }),
  }
  return resolved
}

/** {@link sourceFrame} over a stack. */
export function sourceFrames(frames: readonly StackFrame[]): SourceFrame[] {
  return frames.map(sourceFrame)
}

/** Whether any frame of the stack was resolved through a source map. */
export function isSymbolicated(frames: readonly StackFrame[]): boolean {
  return frames.some((frame) => frame.original !== undefined)
}
