import { readdirSync } from 'node:fs'
import path from 'node:path'

/** Directories that hold dependencies or build output, never the code a fix changes. */
const SKIP_DIRS = new Set([
  'node_modules',
  'dist',
  'build',
  'out',
  'coverage',
  '.git',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.turbo',
  '.cache',
  '.vite',
  'vendor',
  '.suture',
])
const SOURCE = /\.(?:[cm]?[jt]sx?|vue|svelte|astro)$/i

export interface RepoIndex {
  readonly root: string
  /** Source files, relative to the root with forward slashes, sorted. */
  readonly files: readonly string[]
  /** Lower-cased basename without extension → files. */
  readonly byStem: ReadonlyMap<string, readonly string[]>
}

export function stemOf(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1)
  const dot = base.indexOf('.')
  return (dot > 0 ? base.slice(0, dot) : base).toLowerCase()
}

/** Lists a checkout's source files (skipping dependencies and build output), at most `maxFiles`. */
export function indexRepository(root: string, maxFiles = 200_000): RepoIndex {
  const files: string[] = []
  const walk = (dir: string, rel: string) => {
    if (files.length >= maxFiles) return
    let entries: import('node:fs').Dirent[]
    try {
      entries = readdirSync(dir, { withFileTypes: true })
    } catch {
      return
    }
    entries.sort((a, b) => a.name.localeCompare(b.name))
    for (const entry of entries) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(path.join(dir, entry.name), relPath)
      } else if (
        entry.isFile() &&
        SOURCE.test(entry.name) &&
        !/\.(?:test|spec|d)\.[cm]?[jt]sx?$/i.test(entry.name)
      ) {
        files.push(relPath)
        if (files.length >= maxFiles) return
      }
    }
  }
  walk(root, '')
  const byStem = new Map<string, string[]>()
  for (const file of files) {
    const stem = stemOf(file)
    const list = byStem.get(stem)
    if (list) list.push(file)
    else byStem.set(stem, [file])
  }
  return { root, files, byStem }
}
