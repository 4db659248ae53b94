import type { Signal } from './signal.js'
import { frameKeys, frameSimilarity } from './stack.js'
import type { FeatureOptions } from './text.js'
import { type TextVectors, vectorize } from './tfidf.js'

/** The structural fields, in the order they are compared. */
export const STRUCTURE_FIELDS = ['route', 'boundary', 'errorType', 'component', 'department'] as const
export type StructureField = (typeof STRUCTURE_FIELDS)[number]

/** Interns strings as small integers, so a million signals share one copy of each route and frame. */
export class Interner {
  private readonly ids = new Map<string, number>()
  id(value: string): number {
    let id = this.ids.get(value)
    if (id === undefined) {
      id = this.ids.size
      this.ids.set(value, id)
    }
    return id
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
  const fingerprint = new Int32Array(n).fill(-1)
  const frameOffsets = new Uint32Array(n + 1)
  const frameList: number[] = []
  for (let i = 0; i < n; i++) {
    const signal = signals[i] as Signal
    for (const field of STRUCTURE_FIELDS) {
      const value = signal[field]
      if (value) structure[field][i] = interner.id(`${field}:${value}`)
    }
    if (signal.fingerprint) fingerprint[i] = interner.id(`fp:${signal.fingerprint}`)
    for (const key of frameKeys(signal.frames)) frameList.push(interner.id(`frame:${key}`))
    frameOffsets[i + 1] = frameList.length
  }
  return { size: n, text, structure, fingerprint, frameOffsets, frames: Int32Array.from(frameList) }
}

export function hasFrames(p: PreparedSignals, i: number): boolean {
  return (p.frameOffsets[i + 1] as number) > (p.frameOffsets[i] as number)
}

export function frameSlice(p: PreparedSignals, i: number): Int32Array {
  return p.frames.subarray(p.frameOffsets[i] as number, p.frameOffsets[i + 1] as number)
}

/** Frame-sequence similarity of two prepared signals (see `frameSimilarity`). */
export function preparedFrameSimilarity(p: PreparedSignals, a: number, b: number): number {
  const fa = frameSlice(p, a)
  const fb = frameSlice(p, b)
  if (fa.length === 0 || fb.length === 0) return 0
  return frameSimilarity(fa, fb)
}
