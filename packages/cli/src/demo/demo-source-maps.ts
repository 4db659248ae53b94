import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { addKey, revokeKey, type SutureDatabase } from '@suture/store'
import { collectSourceMaps } from '../sourcemaps/collect-source-maps.js'
import { type UploadOutcome, uploadSourceMaps } from '../sourcemaps/upload-source-maps.js'
import type { DemoProject } from './demo-project.js'

/** Thrown when the demo's own server refuses one of its maps: every later stack would stay minified. */
export class DemoSourceMapUploadError extends Error {
  override readonly name = 'DemoSourceMapUploadError'
  constructor(readonly failed: readonly UploadOutcome[]) {
    super(
      `The demo's source maps were not stored (${failed.map((f) => `${f.url}: ${f.message ?? f.status}`).join('; ')}); rerun with --fresh, or report it: the demo build and its server disagree.`,
    )
  }
}

/** A build's bundle files and maps, as text by path under the build directory (the replay fixture keeps them). */
export type BuildFiles = Record<string, string>

/**
 * Uploads a build's source maps to the demo's server exactly as `suture sourcemaps upload --release R dist/`
 * does (the same collect and upload functions, over HTTP with a project secret key), so the errors sent
 * next are symbolicated at ingest. Secret keys are stored hashed: a project made by an earlier run gets a
 * short-lived one, revoked once the upload is done.
 */
export async function uploadDemoSourceMaps(
  database: SutureDatabase,
  project: DemoProject,
  input: { dir: string; endpoint: string; release: string },
): Promise<UploadOutcome[]> {
  const { maps } = collectSourceMaps(input.dir, '~/')
  if (maps.length === 0) return []
  const minted =
    project.secretKey === undefined
      ? await addKey(database.db, project.projectId, 'secret', 'suture demo: source map upload')
      : undefined
  try {
    const secretKey = project.secretKey ?? minted?.token ?? ''
    const outcomes = await uploadSourceMaps(maps, {
      endpoint: input.endpoint,
      secretKey,
      release: input.release,
    })
    const failed = outcomes.filter((o) => !o.ok)
    if (failed.length > 0) throw new DemoSourceMapUploadError(failed)
    return outcomes
  } finally {
    if (minted !== undefined) await revokeKey(database.db, minted.id)
  }
}

/**
 * The app's own bundle files and their maps from a build, for the replay fixture: the framework chunk
 * (React, ~1 MB of map) is left out, so replayed stacks resolve the app's frames and keep React's minified.
 */
export async function appBuildFiles(dir: string): Promise<BuildFiles> {
  const files: BuildFiles = {}
  for (const map of collectSourceMaps(dir, '~/').maps) {
    if (map.url.includes('/vendor/')) continue
    for (const file of [map.filePath, map.mapPath])
      files[path.relative(dir, file).split(path.sep).join('/')] = await readFile(file, 'utf8')
  }
  return files
}

/** {@link uploadDemoSourceMaps} for files kept in the replay fixture: written to a temp build dir first. */
export async function uploadFixtureSourceMaps(
  database: SutureDatabase,
  project: DemoProject,
  input: { files: BuildFiles; endpoint: string; release: string },
): Promise<UploadOutcome[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'suture-demo-replay-build-'))
  try {
    for (const [name, text] of Object.entries(input.files)) {
      const file = path.resolve(dir, name)
      if (!file.startsWith(`${dir}${path.sep}`)) continue
      await mkdir(path.dirname(file), { recursive: true })
      await writeFile(file, text)
    }
    return await uploadDemoSourceMaps(database, project, { ...input, dir })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
