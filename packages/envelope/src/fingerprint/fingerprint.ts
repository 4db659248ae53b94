import type { StackFrame } from '../schema/envelope.js'
import { sourceFrames } from '../stack/source-frame.js'
import { fnv1a64 } from './fnv1a.js'
import { isInAppFrame, normalizeFile, normalizeFunction } from './normalize-frame.js'
import { normalizeMessage } from './normalize-message.js'

export interface FingerprintInput {
  type: string
  message: string
  frames: readonly StackFrame[]
}

/** How many distinct frames, newest first, define the code path. Deeper frames are callers of callers. */
const FRAME_DEPTH = 6

/**
 * The grouping key parts of a fingerprint, before hashing; useful to explain why two errors group.
 * Frames: the in-app frames (all frames if none is in-app) as `file:function`, recursion collapsed. When no
 * frame has a usable function name (minified bundle, anonymous code), the normalised message joins the key.
 */
export function fingerprintParts(input: FingerprintInput): string[] {
  const type = input.type.trim() || 'Error'
  // Original frames when a source map resolved them: minified columns and names move with every release,
  // original files and functions do not, so a bug keeps its group across deploys.
  const frames = sourceFrames(input.frames)
  const inApp = frames.filter(isInAppFrame)
  const chosen = inApp.length > 0 ? inApp : frames.filter((f) => f.file !== null || f.function !== null)
  const keys: string[] = []
  for (const frame of chosen) {
    const key = `${normalizeFile(frame.file)}:${normalizeFunction(frame.function)}`
    if (keys.at(-1) !== key) keys.push(key)
    if (keys.length === FRAME_DEPTH) break
  }
  const named = keys.some((k) => !k.endsWith(':?'))
  if (named) return [type, ...keys]
  return [type, normalizeMessage(stripTypePrefix(input.message, type)), ...keys]
}

function stripTypePrefix(message: string, type: string): string {
  return message.startsWith(`${type}: `) ? message.slice(type.length + 2) : message
}

/**
 * A short, stable grouping key for an error: the same for the same code path across releases (line and
 * column changes, bundle hashes, query strings, origins, `.min` builds), different for a different path.
 * Prefers in-app frames; falls back to error type and normalised message.
 * @example
 * fingerprint({ type: 'TypeError', message: 'x is undefined', frames: parseStack(error.stack ?? '') })
 * // '9c1e0f4a7b3d2e18'
 */
export function fingerprint(input: FingerprintInput): string {
  return fnv1a64(fingerprintParts(input).join('\n'))
}
