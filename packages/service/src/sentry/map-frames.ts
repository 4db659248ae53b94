import { LIMITS, type StackFrame, truncate } from '@suture/envelope'
import { arr, int, obj, str } from './read.js'

/**
 * Sentry stack frames (oldest first, as the protocol orders them) → Suture frames (newest first).
 * `in_app` is kept as `inApp`; Sentry's `?` for an unknown function becomes `null`.
 */
export function mapFrames(stacktrace: unknown): StackFrame[] {
  const frames = arr(obj(stacktrace)?.frames)
  const out: StackFrame[] = []
  // Walk from the newest end and stop at Suture's limit, so a 10,000-frame recursion costs nothing.
  for (let i = frames.length - 1; i >= 0 && out.length < LIMITS.frames; i -= 1) {
    const f = obj(frames[i])
    if (f === undefined) continue
    const fn = str(f.function)
    const file = str(f.abs_path) ?? str(f.filename) ?? str(f.module)
    const frame: StackFrame = {
      function: fn === undefined || fn === '?' ? null : truncate(fn, LIMITS.shortText),
      file: file === undefined ? null : truncate(file, LIMITS.url),
      line: int(f.lineno),
      column: int(f.colno),
    }
    if (typeof f.in_app === 'boolean') frame.inApp = f.in_app
    out.push(frame)
  }
  return out
}
