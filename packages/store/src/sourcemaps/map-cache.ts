import type { ParsedSourceMap } from './resolve-frame.js'

/** Default memory budget of parsed maps per server process. */
export const DEFAULT_MAP_CACHE_BYTES = 128 * 1024 * 1024

// A parsed map holds the JSON text's strings (UTF-16: two bytes a character), the decoded mappings (about
// as large again) and the split sources: three times the text's length is a measured-safe estimate.
export function estimateParsedBytes(textLength: number): number {
  return textLength * 3
}

/**
 * Parsed source maps by content hash, least recently used evicted first once their estimated size passes
 * the budget. A map larger than the whole budget is never kept: it is parsed for the batch that needs it.
 */
export class MapCache {
  readonly maxBytes: number
  #bytes = 0
  readonly #entries = new Map<string, { map: ParsedSourceMap; bytes: number }>()

  constructor(maxBytes = DEFAULT_MAP_CACHE_BYTES) {
    this.maxBytes = maxBytes
  }

  get(hash: string): ParsedSourceMap | undefined {
    const entry = this.#entries.get(hash)
    if (entry === undefined) return undefined
    // Map iteration order is insertion order: re-inserting marks it most recently used.
    this.#entries.delete(hash)
    this.#entries.set(hash, entry)
    return entry.map
  }

  set(hash: string, map: ParsedSourceMap, bytes: number): void {
    if (bytes > this.maxBytes) return
    const old = this.#entries.get(hash)
    if (old !== undefined) {
      this.#bytes -= old.bytes
      this.#entries.delete(hash)
    }
    this.#entries.set(hash, { map, bytes })
    this.#bytes += bytes
    for (const [key, entry] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break
      this.#entries.delete(key)
      this.#bytes -= entry.bytes
    }
  }

  /** Estimated bytes held now; never above `maxBytes`. */
  get bytes(): number {
    return this.#bytes
  }

  get size(): number {
    return this.#entries.size
  }
}
