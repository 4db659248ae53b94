import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const REPO_ROOT = path.resolve(import.meta.dirname, '../..')

export interface WorkspacePackage {
  readonly name: string
  readonly dir: string
  readonly manifest: Record<string, unknown>
}

/** Every publishable package under packages/ (new ones are picked up by themselves). */
export function publishablePackages(): WorkspacePackage[] {
  const root = path.join(REPO_ROOT, 'packages')
  return readdirSync(root)
    .map((entry) => path.join(root, entry))
    .filter((dir) => existsSync(path.join(dir, 'package.json')))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<
        string,
        unknown
      >
      return { name: String(manifest.name), dir, manifest }
    })
    .filter((pkg) => pkg.manifest.private !== true)
    .sort((a, b) => a.name.localeCompare(b.name))
}

interface PackResult {
  readonly name: string
  readonly filename: string
  readonly files: readonly { readonly path: string }[]
}

export interface PackedPackage extends WorkspacePackage {
  readonly tarball: string
  /** Paths inside the tarball, relative to the package root. */
  readonly files: string[]
}

/**
 * Packs each package as `pnpm publish` would (pnpm pack: `workspace:*` becomes the real version, which
 * `npm pack` would leave in place and npm could not install). Needs `pnpm build` first.
 */
export async function packAll(dest: string, packages = publishablePackages()): Promise<PackedPackage[]> {
  const missing = packages.filter((p) => !existsSync(path.join(p.dir, 'dist')))
  if (missing.length > 0)
    throw new Error(`${missing.map((p) => p.name).join(', ')}: no dist/ to pack; run \`pnpm build\` first`)
  // One pnpm for all of them (`pnpm -r pack`): eight processes, each mostly pnpm's start-up, took ~14 s on
  // two loaded cores where this takes under 2.
  const filters = packages.flatMap((p) => ['--filter', `./${path.relative(REPO_ROOT, p.dir)}`])
  const { stdout } = await run('pnpm', ['-r', ...filters, 'pack', '--json', '--pack-destination', dest], {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  })
  const parsed = JSON.parse(stdout) as PackResult | PackResult[]
  const results = Array.isArray(parsed) ? parsed : [parsed]
  return packages.map((pkg): PackedPackage => {
    const result = results.find((r) => r.name === pkg.name)
    if (!result) throw new Error(`pnpm pack did not pack ${pkg.name}:\n${stdout.slice(0, 2000)}`)
    return {
      ...pkg,
      tarball: path.isAbsolute(result.filename)
        ? result.filename
        : path.join(dest, path.basename(result.filename)),
      files: result.files.map((f) => f.path),
    }
  })
}
