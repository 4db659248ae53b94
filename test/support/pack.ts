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
  const packOne = async (pkg: WorkspacePackage): Promise<PackedPackage> => {
    const { stdout } = await run('pnpm', ['pack', '--json', '--pack-destination', dest], {
      cwd: pkg.dir,
      maxBuffer: 64 * 1024 * 1024,
    })
    const result = JSON.parse(stdout) as { filename: string; files: { path: string }[] }
    return {
      ...pkg,
      tarball: path.isAbsolute(result.filename)
        ? result.filename
        : path.join(dest, path.basename(result.filename)),
      files: result.files.map((f) => f.path),
    }
  }
  // Three at a time: mostly pnpm's start-up, on two shared cores.
  const packed: PackedPackage[] = []
  for (let i = 0; i < packages.length; i += 3)
    packed.push(...(await Promise.all(packages.slice(i, i + 3).map(packOne))))
  return packed
}
