import { decodedMappings, TraceMap } from '@jridgewell/trace-mapping'
import { SourceMapError } from './errors.js'

/** The largest map stored: bigger than any real app chunk's map, small enough to parse on a busy server. */
export const MAX_SOURCE_MAP_BYTES = 32 * 1024 * 1024

export interface CheckedSourceMap {
  readonly map: TraceMap
  /** The map's own debug id (`debugId`, or the older `debug_id`), when it has one. */
  readonly debugId: string | undefined
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined
}

function baseName(path: string): string {
  const clean = path.replace(/[?#].*$/, '')
  return clean.slice(clean.lastIndexOf('/') + 1)
}

/** A debug id compared as Sentry does: a UUID, case and dashes aside. */
export function normalizeDebugId(id: string): string {
  return id.trim().toLowerCase()
}

/**
 * Parses and checks an uploaded source map before it is stored, so a bad upload fails at upload time (with
 * the field at fault) rather than silently leaving stacks minified: it must be JSON, version 3, with a
 * `mappings` string that decodes and `sources`; its `file` and debug id must name the file it is uploaded
 * for; and when the minified file itself is given, every mapping must land inside it.
 * @example
 * checkSourceMap(text, { url: '~/assets/index-3f2a.js', minified: jsText })
 */
export function checkSourceMap(
  text: string,
  target: { url: string; debugId?: string | undefined; minified?: string | undefined },
): CheckedSourceMap {
  const size = Buffer.byteLength(text)
  if (size > MAX_SOURCE_MAP_BYTES) {
    throw new SourceMapError(
      'map',
      `${size} bytes is over the ${MAX_SOURCE_MAP_BYTES}-byte limit; split the bundle into smaller chunks.`,
      'too-large',
    )
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error: unknown) {
    throw new SourceMapError(
      'map',
      `is not JSON (${error instanceof Error ? error.message : 'unparseable'}); upload the .map file itself.`,
    )
  }
  const raw = record(parsed)
  if (raw === undefined) throw new SourceMapError('map', 'is not a JSON object; upload the .map file itself.')
  if (raw.sections !== undefined) {
    throw new SourceMapError('map.sections', 'index maps are not supported; upload one map per bundle file.')
  }
  if (raw.version !== 3)
    throw new SourceMapError('map.version', `expected 3, got ${JSON.stringify(raw.version)}.`)
  if (typeof raw.mappings !== 'string') throw new SourceMapError('map.mappings', 'expected a string.')
  if (!Array.isArray(raw.sources) || !raw.sources.every((s) => s === null || typeof s === 'string')) {
    throw new SourceMapError('map.sources', 'expected an array of strings.')
  }
  if (
    raw.sourcesContent !== undefined &&
    raw.sourcesContent !== null &&
    !(
      Array.isArray(raw.sourcesContent) &&
      raw.sourcesContent.every((s) => s === null || typeof s === 'string')
    )
  ) {
    throw new SourceMapError('map.sourcesContent', 'expected an array of strings or nulls.')
  }
  const mapFile = raw.file
  if (typeof mapFile === 'string' && mapFile !== '' && baseName(mapFile) !== baseName(target.url)) {
    throw new SourceMapError(
      'url',
      `the map is for ${baseName(mapFile)} (its "file"), not ${baseName(target.url)}; upload each map with its own bundle file.`,
      'mismatch',
    )
  }
  const ownId =
    typeof raw.debugId === 'string'
      ? raw.debugId
      : typeof raw.debug_id === 'string'
        ? raw.debug_id
        : undefined
  if (
    ownId !== undefined &&
    target.debugId !== undefined &&
    normalizeDebugId(ownId) !== normalizeDebugId(target.debugId)
  ) {
    throw new SourceMapError(
      'debugId',
      `the map's debug id ${ownId} is not the bundle's ${target.debugId}; the map is from another build.`,
      'mismatch',
    )
  }
  let map: TraceMap
  let lines: Readonly<ReturnType<typeof decodedMappings>>
  try {
    map = new TraceMap(raw as unknown as ConstructorParameters<typeof TraceMap>[0])
    lines = decodedMappings(map)
  } catch (error: unknown) {
    throw new SourceMapError(
      'map.mappings',
      `does not decode (${error instanceof Error ? error.message : 'invalid'}); the map is corrupt.`,
    )
  }
  const sourceCount = raw.sources.length
  for (const segments of lines) {
    for (const segment of segments) {
      if (segment.length > 1 && ((segment[1] as number) >= sourceCount || (segment[1] as number) < 0)) {
        throw new SourceMapError(
          'map.mappings',
          'refers to a source the map does not list; the map is corrupt.',
        )
      }
    }
  }
  if (target.minified !== undefined) checkAgainstMinified(lines, target.minified)
  return { map, debugId: ownId }
}

// Every mapped position must exist in the minified file: a map from another build of the same file name
// points past line ends or past the last line.
function checkAgainstMinified(lines: Readonly<ReturnType<typeof decodedMappings>>, minified: string): void {
  const fileLines = minified.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const segments = lines[i] ?? []
    if (segments.length === 0) continue
    const fileLine = fileLines[i]
    const last = segments[segments.length - 1]?.[0] ?? 0
    if (fileLine === undefined || last > fileLine.length) {
      throw new SourceMapError(
        'map',
        fileLine === undefined
          ? `maps line ${i + 1} but the bundle file has ${fileLines.length} lines; the map is from another build.`
          : `maps line ${i + 1} column ${last + 1} but that line is ${fileLine.length} characters long; the map is from another build.`,
        'mismatch',
      )
    }
  }
}
