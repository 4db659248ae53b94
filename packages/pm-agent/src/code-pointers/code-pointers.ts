import type { SignalFrame } from '../dedup/signal.js'
import type { CodePointer } from '../tickets/ticketable-cluster.js'
import type { CodePointerLookup } from '../triage/run-triage.js'
import { type CodeownersRule, ownersOf, readCodeowners } from './codeowners.js'
import { indexRepository, type RepoIndex, stemOf } from './repo-index.js'

const VENDOR = /node_modules|\/vendor\/|webpack\/runtime|<anonymous>|^native$/

/**
 * The path part of a frame's file: `webpack:///src/pages/Settings.tsx` → `src/pages/Settings.tsx`,
 * `https://app/assets/settings-3f9a.js?v=2` → `assets/settings-3f9a.js`, `webpack://app/./src/x.ts` → `src/x.ts`.
 */
export function framePath(file: string): string {
  let p = file.replace(/[?#].*$/, '')
  p = p.replace(/^webpack:\/\/[^/]*\//, '').replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*\//i, '')
  p = p.replace(/^file:\/\//, '')
  return p.replace(/^(?:\.\/|\/)+/, '').replace(/\/\.\//g, '/')
}

/** A bundle's file name without its content hash: `settings-3f9a1c.js` → `settings`. */
function bundleStem(file: string): string {
  return stemOf(file).replace(/[-.~][0-9a-z]{4,}$/i, (hash) => (/\d/.test(hash) ? '' : hash))
}

function byPreference(a: string, b: string): number {
  // Bundles are split by page, so page-like folders first, then anything under src/.
  const score = (f: string) =>
    /(^|\/)(pages|routes|views|app|components|features)\//.test(f) ? 0 : /(^|\/)src\//.test(f) ? 1 : 2
  return score(a) - score(b) || a.split('/').length - b.split('/').length || a.localeCompare(b)
}

/**
 * The repository file a stack frame points at: the exact path, else the longest path suffix (source maps
 * often drop a prefix), else a file whose name matches the bundle's name without its hash (then the line
 * number means nothing and is dropped).
 */
export function fileForFrame(index: RepoIndex, frame: SignalFrame): CodePointer | undefined {
  if (!frame.file || VENDOR.test(frame.file)) return undefined
  const p = framePath(frame.file)
  if (p === '') return undefined
  const fn = frame.function ? { function: frame.function } : {}
  const line = frame.line !== undefined ? { line: frame.line } : {}
  if (index.files.includes(p)) return { file: p, ...line, ...fn }
  const parts = p.split('/')
  for (let i = 1; i < parts.length; i++) {
    const suffix = parts.slice(i).join('/')
    const found = index.files.filter((f) => f === suffix || f.endsWith(`/${suffix}`)).sort(byPreference)
    if (found[0] && (i < parts.length - 1 || found.length === 1)) return { file: found[0], ...line, ...fn }
  }
  const stem = bundleStem(p)
  const candidates = [...(index.byStem.get(stem) ?? [])].sort(byPreference)
  if (candidates[0]) return { file: candidates[0], ...fn }
  return undefined
}

/**
 * Files that implement a route template: the last static segment names the file (`settings.tsx`,
 * `Settings/index.tsx`, `SettingsPage.tsx`), and files whose directories repeat the other segments rank first.
 */
export function filesForRoute(index: RepoIndex, route: string, limit = 2): string[] {
  const segments = route
    .split('/')
    .filter((s) => s !== '' && !s.startsWith(':') && !s.startsWith('*') && !s.startsWith('['))
    .map((s) => s.toLowerCase().replace(/[-_]/g, ''))
  const last = segments.at(-1)
  if (!last) return []
  const scored: { file: string; score: number }[] = []
  for (const file of index.files) {
    const lower = file.toLowerCase().replace(/[-_]/g, '')
    const parts = lower.split('/')
    const stem = stemOf(lower)
    const dir = parts.slice(0, -1)
    let score = 0
    if (stem === last || stem === `${last}page` || stem === `${last}view` || stem === `${last}route`)
      score += 3
    else if ((stem === 'index' || stem === 'page' || stem === 'route') && dir.at(-1) === last) score += 3
    else continue
    for (const s of segments.slice(0, -1)) if (dir.includes(s)) score += 1
    if (dir.some((d) => d === 'pages' || d === 'routes' || d === 'views' || d === 'app')) score += 1
    scored.push({ file, score })
  }
  return scored
    .sort((a, b) => b.score - a.score || byPreference(a.file, b.file))
    .slice(0, limit)
    .map((s) => s.file)
}

export interface CodePointerOptions {
  /** Frames mapped at most (newest in-app first). */
  readonly maxFrames?: number
}

/**
 * Code pointers for a cluster from a local checkout: its newest in-app frames and its routes mapped to
 * repository files, each with its owners from CODEOWNERS.
 */
export function codePointersFor(
  index: RepoIndex,
  rules: readonly CodeownersRule[],
  input: { readonly frames: readonly SignalFrame[]; readonly routes: readonly string[] },
  options: CodePointerOptions = {},
): CodePointer[] {
  const out: CodePointer[] = []
  const seen = new Set<string>()
  const add = (pointer: CodePointer) => {
    if (seen.has(pointer.file)) return
    seen.add(pointer.file)
    const owners = ownersOf(pointer.file, rules)
    out.push(owners.length > 0 ? { ...pointer, owners } : pointer)
  }
  const marked = input.frames.some((f) => f.inApp === true)
  let mapped = 0
  for (const frame of input.frames) {
    if (mapped >= (options.maxFrames ?? 3)) break
    if (marked && frame.inApp !== true) continue
    const pointer = fileForFrame(index, frame)
    if (pointer) {
      add(pointer)
      mapped++
    }
  }
  for (const route of input.routes.slice(0, 2)) for (const file of filesForRoute(index, route)) add({ file })
  return out
}

/**
 * Indexes a checkout once and returns the lookup `runTriage` calls per cluster (`config.codePointers`).
 * @example
 * await runTriage({ db, projectId, week, config: { codePointers: codePointerLookup('/src/app') } })
 */
export function codePointerLookup(root: string, options: CodePointerOptions = {}): CodePointerLookup {
  const index = indexRepository(root)
  const rules = readCodeowners(root)
  return (input) => codePointersFor(index, rules, input, options)
}
