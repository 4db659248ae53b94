import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'

/** One `.map` file of a build and the bundle file it maps. */
export interface CollectedSourceMap {
  /** The map's path on disk. */
  readonly mapPath: string
  /** The bundle file's path on disk (the map's path without `.map`). */
  readonly filePath: string
  /** Where the bundle is served: `urlPrefix` + its path under the build directory. */
  readonly url: string
  /** The bundle's `//# debugId=` comment, when the bundler wrote one. */
  readonly debugId: string | undefined
}

// The TC39 debug-id proposal's comment, as Sentry's bundler plugins and rolldown's `sourcemapDebugIds` emit it.
const DEBUG_ID = /^\/\/# debugId=([0-9a-fA-F-]{32,36})\s*$/m

/** The `//# debugId=` a bundle carries, read from its last lines. */
export function debugIdOf(code: string): string | undefined {
  return DEBUG_ID.exec(code.slice(-512))?.[1]
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry)
    if (statSync(full).isDirectory()) yield* walk(full)
    else yield full
  }
}

/**
 * Every `*.js.map` / `*.mjs.map` / `*.cjs.map` under `dir` whose bundle file sits beside it, with the URL the
 * bundle is served at (`~/assets` + `/index-3f2a.js`; `~` matches any origin). A map without its bundle
 * is reported in `orphans`, not skipped silently.
 * @example
 * collectSourceMaps('dist', '~/') // [{ url: '~/assets/index-3f2a.js', … }]
 */
export function collectSourceMaps(
  dir: string,
  urlPrefix = '~/',
): { maps: CollectedSourceMap[]; orphans: string[] } {
  const maps: CollectedSourceMap[] = []
  const orphans: string[] = []
  const prefix = urlPrefix.endsWith('/') ? urlPrefix : `${urlPrefix}/`
  for (const mapPath of walk(dir)) {
    if (!/\.[cm]?js\.map$/.test(mapPath)) continue
    const filePath = mapPath.slice(0, -'.map'.length)
    let code: string
    try {
      code = readFileSync(filePath, 'utf8')
    } catch {
      orphans.push(mapPath)
      continue
    }
    const relative = path.relative(dir, filePath).split(path.sep).join('/')
    maps.push({ mapPath, filePath, url: `${prefix}${relative}`, debugId: debugIdOf(code) })
  }
  return { maps, orphans }
}
