import type { GeneratedTimestamp } from './core-tables.js'

/** One uploaded source map: the map of the minified file at `file_path` in `release`. */
export interface SourceMapsTable {
  project_id: string
  release: string
  /** The URL path of the minified file, origin dropped (`/assets/index-3f2a9c.js`): what frames are matched on. */
  file_path: string
  /** The URL as uploaded (`~/assets/index-3f2a9c.js`), for listings. */
  url: string
  /** The `//# debugId=` of the bundle, when it carries one. */
  debug_id: string | null
  /** SHA-256 of `body`: a re-upload of the same map changes nothing. */
  content_hash: string
  size_bytes: number
  /** The source map JSON as uploaded. */
  body: string
  uploaded_at: GeneratedTimestamp
}

/** The tables of the source-maps migration. */
export interface SourceMapTables {
  source_maps: SourceMapsTable
}
