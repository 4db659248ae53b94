import { TraceMap } from '@jridgewell/trace-mapping'
import type { Envelope, OriginalFrame, StackFrame } from '@suture/envelope'
import type { Kysely } from 'kysely'
import type { Database } from '../tables/database.js'
import { minifiedFilePath } from './file-path.js'
import { DEFAULT_MAP_CACHE_BYTES, estimateParsedBytes, MapCache } from './map-cache.js'
import { ParsedSourceMap, resolveFrame } from './resolve-frame.js'
import { normalizeDebugId } from './validate-source-map.js'

/** How long a process trusts what it knows of a release's uploaded maps (including "none"). */
export const DEFAULT_INDEX_TTL_MS = 5_000

export interface SymbolicatorOptions {
  /** Memory budget of parsed maps; default 128 MB. */
  readonly cacheBytes?: number
  /** How long the list of a release's maps is cached; default 5 s. Uploads through this process clear it at once. */
  readonly indexTtlMs?: number
}

interface ReleaseIndex {
  readonly expires: number
  /** file path → content hash */
  readonly byPath: ReadonlyMap<string, string>
}

/**
 * What each frame needs, the map's content hash, by release: one frames array may be shared by envelopes of
 * two releases (the same stack text), whose maps differ.
 */
type Needs = Map<string, Map<StackFrame, string>>

/**
 * Resolves minified frames to original source through the project's uploaded source maps: frames of a
 * release's bundle files by URL path, frames that carry a debug id by it. Frames without a map stay as
 * they were; nothing fails for a missing map. One per process and database (see {@link symbolicatorFor}):
 * it caches what maps each release has for a few seconds, and parsed maps within a memory budget.
 */
export class Symbolicator {
  readonly #db: Kysely<Database>
  readonly #ttl: number
  readonly cache: MapCache
  readonly #indexes = new Map<string, ReleaseIndex>()
  /** Frames resolved since start, for the bench and metrics. */
  framesResolved = 0

  constructor(db: Kysely<Database>, options: SymbolicatorOptions = {}) {
    this.#db = db
    this.#ttl = options.indexTtlMs ?? DEFAULT_INDEX_TTL_MS
    this.cache = new MapCache(options.cacheBytes ?? DEFAULT_MAP_CACHE_BYTES)
  }

  /** Forget what is known of a release's maps, after an upload. */
  invalidate(projectId: string, release: string): void {
    this.#indexes.delete(`${projectId}\u0000${release}`)
  }

  /**
   * The envelopes with each frame that has a map given its `original` position. Feedback, errors without a
   * release or frames, and frames without a map come back unchanged.
   * @example
   * const [withOriginals] = await symbolicator.symbolicate(projectId, [envelope])
   */
  async symbolicate(projectId: string, envelopes: readonly Envelope[]): Promise<Envelope[]> {
    const needs: Needs = new Map()
    const debugIds = new Set<string>()
    const releases = new Set<string>()
    for (const envelope of envelopes) {
      if (envelope.kind !== 'error' || envelope.error.frames.length === 0) continue
      if (envelope.app.release !== undefined) releases.add(envelope.app.release)
      for (const frame of envelope.error.frames)
        if (frame.debugId !== undefined) debugIds.add(normalizeDebugId(frame.debugId))
    }
    if (releases.size === 0 && debugIds.size === 0) return [...envelopes]
    const indexes = new Map<string, ReleaseIndex>()
    for (const release of releases) indexes.set(release, await this.#index(projectId, release))
    const byDebugId =
      debugIds.size === 0 ? new Map<string, string>() : await this.#debugIds(projectId, debugIds)

    // A stack repeated in the batch is one frames array (parsed once): each array is looked at and resolved
    // once, and every envelope that shares it gets the same resolved array.
    const hashOf = new Map<string, string | undefined>()
    let needed = 0
    for (const envelope of envelopes) {
      if (envelope.kind !== 'error') continue
      const release = envelope.app.release
      let forRelease = needs.get(release ?? '')
      if (forRelease === undefined) {
        forRelease = new Map()
        needs.set(release ?? '', forRelease)
      }
      const index = release === undefined ? undefined : indexes.get(release)
      for (const frame of envelope.error.frames) {
        if (forRelease.has(frame)) continue
        let hash = frame.debugId === undefined ? undefined : byDebugId.get(normalizeDebugId(frame.debugId))
        if (hash === undefined && frame.file !== null && index !== undefined) {
          const key = `${release}\u0000${frame.file}`
          if (hashOf.has(key)) hash = hashOf.get(key)
          else {
            hash = index.byPath.get(minifiedFilePath(frame.file) ?? '')
            hashOf.set(key, hash)
          }
        }
        if (hash !== undefined) needed++
        // Recorded even without a map, so a frame shared by repeats of a stack is looked up once.
        forRelease.set(frame, hash ?? '')
      }
    }
    if (needed === 0) return [...envelopes]
    const hashes = new Set<string>()
    for (const forRelease of needs.values())
      for (const hash of forRelease.values()) if (hash !== '') hashes.add(hash)
    const maps = await this.#maps(projectId, hashes)
    // The same error repeats within a batch: each (map, line, column) is resolved once, each frames array
    // once (null: nothing in it had a map).
    const memo = new Map<string, OriginalFrame | undefined>()
    const resolved = new Map<string, Map<readonly StackFrame[], StackFrame[] | null>>()
    return envelopes.map((envelope) => {
      if (envelope.kind !== 'error') return envelope
      const release = envelope.app.release ?? ''
      let byArray = resolved.get(release)
      if (byArray === undefined) {
        byArray = new Map()
        resolved.set(release, byArray)
      }
      let frames = byArray.get(envelope.error.frames)
      if (frames === undefined) {
        frames = this.#resolve(envelope.error.frames, needs.get(release) ?? new Map(), maps, memo)
        byArray.set(envelope.error.frames, frames)
      } else if (frames !== null) this.framesResolved += countOriginals(frames)
      return frames === null ? envelope : { ...envelope, error: { ...envelope.error, frames } }
    })
  }

  #resolve(
    input: readonly StackFrame[],
    needs: ReadonlyMap<StackFrame, string>,
    maps: ReadonlyMap<string, ParsedSourceMap>,
    memo: Map<string, OriginalFrame | undefined>,
  ): StackFrame[] | null {
    let changed = false
    const frames = input.map((frame) => {
      const hash = needs.get(frame)
      const parsed = hash === undefined || hash === '' ? undefined : maps.get(hash)
      if (parsed === undefined) return frame
      const { original: _stale, ...minified } = frame
      const key = `${hash}:${frame.line}:${frame.column}`
      let original = memo.get(key)
      if (original === undefined && !memo.has(key)) {
        original = resolveFrame(parsed, minified)
        memo.set(key, original)
      }
      changed = true
      if (original === undefined) return minified
      this.framesResolved++
      return { ...minified, original }
    })
    return changed ? frames : null
  }

  async #index(projectId: string, release: string): Promise<ReleaseIndex> {
    const key = `${projectId}\u0000${release}`
    const cached = this.#indexes.get(key)
    if (cached !== undefined && cached.expires > Date.now()) return cached
    const rows = await this.#db
      .selectFrom('source_maps')
      .select(['file_path', 'content_hash'])
      .where('project_id', '=', projectId)
      .where('release', '=', release)
      .execute()
    const index: ReleaseIndex = {
      expires: Date.now() + this.#ttl,
      byPath: new Map(rows.map((r) => [r.file_path, r.content_hash])),
    }
    this.#indexes.set(key, index)
    return index
  }

  async #debugIds(projectId: string, ids: ReadonlySet<string>): Promise<Map<string, string>> {
    const rows = await this.#db
      .selectFrom('source_maps')
      .select(['debug_id', 'content_hash'])
      .where('project_id', '=', projectId)
      .where('debug_id', 'in', [...ids])
      .execute()
    return new Map(rows.map((r) => [r.debug_id ?? '', r.content_hash]))
  }

  async #maps(projectId: string, hashes: ReadonlySet<string>): Promise<Map<string, ParsedSourceMap>> {
    const found = new Map<string, ParsedSourceMap>()
    const missing: string[] = []
    for (const hash of hashes) {
      const parsed = this.cache.get(hash)
      if (parsed === undefined) missing.push(hash)
      else found.set(hash, parsed)
    }
    if (missing.length === 0) return found
    const rows = await this.#db
      .selectFrom('source_maps')
      .select(['content_hash', 'body'])
      .where('project_id', '=', projectId)
      .where('content_hash', 'in', missing)
      .execute()
    for (const row of rows) {
      if (found.has(row.content_hash)) continue
      // Stored maps were checked at upload; a row that still fails to parse leaves its frames minified.
      let parsed: ParsedSourceMap
      try {
        parsed = new ParsedSourceMap(new TraceMap(row.body))
      } catch {
        continue
      }
      found.set(row.content_hash, parsed)
      this.cache.set(row.content_hash, parsed, estimateParsedBytes(row.body.length))
    }
    return found
  }
}

function countOriginals(frames: readonly StackFrame[]): number {
  let n = 0
  for (const frame of frames) if (frame.original !== undefined) n++
  return n
}

const PER_DATABASE = new WeakMap<Kysely<Database>, Symbolicator>()

/**
 * The process's symbolicator for a database handle, made on first use: every ingest path (ours, the
 * Sentry-compatible one, the demo) shares its caches without wiring.
 */
export function symbolicatorFor(db: Kysely<Database>): Symbolicator {
  let symbolicator = PER_DATABASE.get(db)
  if (symbolicator === undefined) {
    symbolicator = new Symbolicator(db)
    PER_DATABASE.set(db, symbolicator)
  }
  return symbolicator
}
