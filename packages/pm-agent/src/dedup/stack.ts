import { isInAppFile } from '@suture/envelope/fingerprint'
import type { SignalFrame } from './signal.js'

/** How many of the newest in-app frames take part in the comparison. */
export const FRAME_DEPTH = 8

function basename(file: string): string {
  const clean = file.replace(/[?#].*$/, '')
  const slash = clean.lastIndexOf('/')
  // Bundlers add content hashes to file names (index-3f9a1c.js); they change every deploy.
  return (slash >= 0 ? clean.slice(slash + 1) : clean).replace(/[-.][0-9a-f]{6,}(?=\.)/i, '')
}

/** A week repeats the same few thousand files: remember their base names (bounded, so memory is too). */
const basenames = new Map<string, string>()
const BASENAME_MEMO_MAX = 50_000

function memoBasename(file: string): string {
  let base = basenames.get(file)
  if (base === undefined) {
    if (basenames.size >= BASENAME_MEMO_MAX) basenames.clear()
    base = basename(file)
    basenames.set(file, base)
  }
  return base
}

/** The same memo for the in-app decision: a handful of regular expressions per distinct file, not per frame. */
const inAppFiles = new Map<string, boolean>()

function memoInApp(file: string): boolean {
  let inApp = inAppFiles.get(file)
  if (inApp === undefined) {
    if (inAppFiles.size >= BASENAME_MEMO_MAX) inAppFiles.clear()
    inApp = isInAppFile(file)
    inAppFiles.set(file, inApp)
  }
  return inApp
}

/**
 * Calls `visit(fn, file)` for the frames that say where in the app it broke: marked in-app, or else not
 * library code by the envelope's `isInAppFile` (node_modules, vendor/framework chunks, CDN scripts,
 * extensions…); function plus file name, never line numbers (they move with every deploy). Newest first,
 * at most `FRAME_DEPTH`.
 */
export function forEachFrameKey(
  frames: readonly SignalFrame[] | undefined,
  visit: (fn: string, file: string) => void,
): void {
  if (!frames || frames.length === 0) return
  let marked = false
  for (const frame of frames) {
    if (frame.inApp === true) {
      marked = true
      break
    }
  }
  let count = 0
  for (const frame of frames) {
    // Unmarked frames: the envelope's own rule for library code, so fingerprint and stack signal agree.
    if (marked ? frame.inApp !== true : frame.file !== undefined && !memoInApp(frame.file)) continue
    const fn = frame.function ?? '?'
    const file = frame.file ? memoBasename(frame.file) : ''
    if (fn === '?' && file === '') continue
    visit(fn, file)
    if (++count === FRAME_DEPTH) break
  }
}

/** The frame keys (`function@file`) of `forEachFrameKey`, newest first. */
export function frameKeys(frames: readonly SignalFrame[] | undefined): string[] {
  const keys: string[] = []
  forEachFrameKey(frames, (fn, file) => {
    keys.push(`${fn}@${file}`)
  })
  return keys
}

/**
 * Similarity of two frame sequences in [0, 1]: the longest common subsequence over the longer length,
 * so one inlined or extra wrapper frame costs little but a different call path costs a lot.
 */
export function frameSimilarity<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  if (a.length === 0 || b.length === 0) return 0
  const prev = new Uint8Array(b.length + 1)
  const cur = new Uint8Array(b.length + 1)
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cur[j] =
        a[i - 1] === b[j - 1]
          ? (prev[j - 1] as number) + 1
          : Math.max(prev[j] as number, cur[j - 1] as number)
    }
    prev.set(cur)
  }
  return (prev[b.length] as number) / Math.max(a.length, b.length)
}
