import type { Signal } from './signal.js'
import { FRAME_DEPTH, forEachFrameKey, frameSimilarity } from './stack.js'
import type { FeatureOptions } from './text.js'
import { type TextVectors, vectorize } from './tfidf.js'

/** The structural fields, in the order they are compared. */
export const STRUCTURE_FIELDS = ['route', 'boundary', 'errorType', 'component', 'department'] as const
export type StructureField = (typeof STRUCTURE_FIELDS)[number]

/**
 * Interns strings as small integers, so a million signals share one copy of each route and frame. Each
 * namespace (a structure field, fingerprints, frames) has its own map, so no key is built by string
 * concatenation, but ids come from one counter: the same ids, in the same order, as one map of
 * `namespace:value` keys.
 */
export class Interner {
  private next = 0
  private readonly namespaces = new Map<string, Map<string, number>>()
  /** Frames: function name → file name → id; `fn@file` keys only when a name holds an `@`. */
  private readonly frameIds = new Map<string, Map<string, number>>()
  private readonly joinedFrameIds = new Map<string, number>()

  namespace(name: string): Map<string, number> {
    let map = this.namespaces.get(name)
    if (!map) {
      map = new Map()
      this.namespaces.set(name, map)
    }
    return map
  }

  id(map: Map<string, number>, value: string): number {
    let id = map.get(value)
    if (id === undefined) {
      id = this.next++
      map.set(value, id)
    }
    return id
  }

  frameId(fn: string, file: string): number {
    // `a@b` + `c` and `a` + `b@c` are one key when joined; keep that identity for such names.
    if (fn.includes('@') || file.includes('@')) return this.id(this.joinedFrameIds, `${fn}@${file}`)
    let byFile = this.frameIds.get(fn)
    if (!byFile) {
      byFile = new Map()
      this.frameIds.set(fn, byFile)
    }
    return this.id(byFile, file)
  }
}

/**
 * Everything the comparison needs, precomputed once per signal in flat typed arrays: TF-IDF vectors,
 * interned structure fields (-1 = absent), interned fingerprints, interned in-app frame sequences.
 */
export interface PreparedSignals {
  readonly size: number
  readonly text: TextVectors
  readonly structure: Record<StructureField, Int32Array>
  /** The same columns in `STRUCTURE_FIELDS` order (route first), for the comparison's hot loop. */
  readonly structureColumns: readonly Int32Array[]
  readonly fingerprint: Int32Array
  readonly frameOffsets: Uint32Array
  readonly frames: Int32Array
}

export function prepareSignals(
  signals: readonly Signal[],
  options: { features?: FeatureOptions; blockKeysPerDoc?: number } = {},
): PreparedSignals {
  const n = signals.length
  const text = vectorize(
    // A signal is a text document already: no copy of a million small objects.
    signals,
    {
      ...(options.features ? { features: options.features } : {}),
      ...(options.blockKeysPerDoc ? { blockKeysPerDoc: options.blockKeysPerDoc } : {}),
    },
  )
  const interner = new Interner()
  const structure = Object.fromEntries(
    STRUCTURE_FIELDS.map((field) => [field, new Int32Array(n).fill(-1)]),
  ) as Record<StructureField, Int32Array>
  const fieldIds = STRUCTURE_FIELDS.map((field) => interner.namespace(field))
  const fingerprintIds = interner.namespace('fp')
  const fingerprint = new Int32Array(n).fill(-1)
  const frameOffsets = new Uint32Array(n + 1)
  let frames = new Int32Array(Math.max(16, n * 4))
  let frameCount = 0
  const pushFrame = (fn: string, file: string): void => {
    if (frameCount === frames.length) {
      const next = new Int32Array(frames.length * 2)
      next.set(frames)
      frames = next
    }
    frames[frameCount++] = interner.frameId(fn, file)
  }
  for (let i = 0; i < n; i++) {
    const signal = signals[i] as Signal
    for (let f = 0; f < STRUCTURE_FIELDS.length; f++) {
      const field = STRUCTURE_FIELDS[f] as StructureField
      const value = signal[field]
      if (value) structure[field][i] = interner.id(fieldIds[f] as Map<string, number>, value)
    }
    if (signal.fingerprint) fingerprint[i] = interner.id(fingerprintIds, signal.fingerprint)
    forEachFrameKey(signal.frames, pushFrame)
    frameOffsets[i + 1] = frameCount
  }
  return {
    size: n,
    text,
    structure,
    structureColumns: STRUCTURE_FIELDS.map((field) => structure[field]),
    fingerprint,
    frameOffsets,
    frames: frames.slice(0, frameCount),
  }
}

export function hasFrames(p: PreparedSignals, i: number): boolean {
  return (p.frameOffsets[i + 1] as number) > (p.frameOffsets[i] as number)
}

export function frameSlice(p: PreparedSignals, i: number): Int32Array {
  return p.frames.subarray(p.frameOffsets[i] as number, p.frameOffsets[i + 1] as number)
}

// Reused LCS rows: a comparison runs millions of times a week and must not allocate.
const previousRow = new Uint8Array(FRAME_DEPTH + 1)
const currentRow = new Uint8Array(FRAME_DEPTH + 1)

/** Frame-sequence similarity of two prepared signals (see `frameSimilarity`), without allocating. */
export function preparedFrameSimilarity(p: PreparedSignals, a: number, b: number): number {
  const frames = p.frames
  const aStart = p.frameOffsets[a] as number
  const aLength = (p.frameOffsets[a + 1] as number) - aStart
  const bStart = p.frameOffsets[b] as number
  const bLength = (p.frameOffsets[b + 1] as number) - bStart
  if (aLength === 0 || bLength === 0) return 0
  if (aLength > FRAME_DEPTH || bLength > FRAME_DEPTH)
    return frameSimilarity(frameSlice(p, a), frameSlice(p, b))
  const prev = previousRow
  const cur = currentRow
  prev.fill(0, 0, bLength + 1)
  cur.fill(0, 0, bLength + 1)
  for (let i = 1; i <= aLength; i++) {
    const fa = frames[aStart + i - 1] as number
    for (let j = 1; j <= bLength; j++) {
      cur[j] =
        fa === frames[bStart + j - 1]
          ? (prev[j - 1] as number) + 1
          : Math.max(prev[j] as number, cur[j - 1] as number)
    }
    for (let j = 1; j <= bLength; j++) prev[j] = cur[j] as number
  }
  return (prev[bLength] as number) / Math.max(aLength, bLength)
}
