import { LIMITS, type StackFrame, truncate } from '@suture/envelope'
import { arr, int, obj, str } from './read.js'

// A source map debug id: a UUID, with or without dashes (what the TC39 proposal and Sentry's plugins emit).
const DEBUG_ID = /^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$/

/**
 * The event's `debug_meta.images` of type `sourcemap` as bundle file → debug id. The Sentry JavaScript SDKs
 * read the ids their bundler plugins inject (`_sentryDebugIds`) and send them here, one image per bundle
 * file (`code_file` is the frame's `abs_path`, else its `filename`), rather than on each frame. Images of
 * other types (wasm, native) and malformed ids are ignored.
 */
export function sourceMapDebugIds(debugMeta: unknown): Map<string, string> {
  const out = new Map<string, string>()
  for (const value of arr(obj(debugMeta)?.images)) {
    const image = obj(value)
    if (image?.type !== 'sourcemap') continue
    const file = str(image.code_file)
    const id = str(image.debug_id)
    if (file !== undefined && id !== undefined && DEBUG_ID.test(id)) out.set(file, id)
  }
  return out
}

/**
 * Sentry stack frames (oldest first, as the protocol orders them) → Suture frames (newest first).
 * `in_app` is kept as `inApp`; Sentry's `?` for an unknown function becomes `null`. A frame whose bundle
 * file has a source map debug id (its own `debug_id`, or the event's `debug_meta` image for its `abs_path`
 * or `filename`) carries it as `debugId`, so it resolves through that map whatever its URL or release.
 */
export function mapFrames(
  stacktrace: unknown,
  debugIds: ReadonlyMap<string, string> = new Map(),
): StackFrame[] {
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
    const own = str(f.debug_id)
    const debugId =
      own !== undefined && DEBUG_ID.test(own)
        ? own
        : (debugIds.get(str(f.abs_path) ?? '') ?? debugIds.get(str(f.filename) ?? ''))
    if (debugId !== undefined) frame.debugId = debugId
    out.push(frame)
  }
  return out
}
