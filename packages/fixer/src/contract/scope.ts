import { git } from '../checkout/git.js'
import type { FixTicket } from '../tickets/ticket-source.js'

/** Test files by the conventions of the JS ecosystem (and most others): always in scope. */
export function isTestFile(file: string): boolean {
  return (
    /\.(?:test|spec)\.[cm]?[jt]sx?$/i.test(file) ||
    /(^|\/)(?:__tests__|tests?)\//.test(file) ||
    /(^|\/)test_[^/]+\.py$|_test\.(?:go|py|rb)$/.test(file)
  )
}

export interface Scope {
  /** Files (or directories, ending in `/`) the fix may change, besides test files. */
  readonly allowed: readonly string[]
  readonly maxChangedLines: number
}

/** The scope a ticket grants: its code pointers (which include the route's files) plus any test file. */
export function scopeFor(ticket: FixTicket, maxChangedLines: number): Scope {
  const allowed = [...new Set(ticket.codePointers.map((p) => p.file.replace(/^\.\//, '')))]
  return { allowed, maxChangedLines }
}

export function inScope(file: string, scope: Scope): boolean {
  if (isTestFile(file)) return true
  return scope.allowed.some((a) => (a.endsWith('/') ? file.startsWith(a) : file === a))
}

export interface DiffStat {
  readonly files: readonly { readonly file: string; readonly added: number; readonly deleted: number }[]
  readonly changedLines: number
}

/** Files and changed lines between two commits (renames count as both paths; binary files as 1 line). */
export async function diffStat(dir: string, base: string, head: string): Promise<DiffStat> {
  const out = await git(dir, ['diff', '--numstat', '--no-renames', '-z', base, head])
  const files: { file: string; added: number; deleted: number }[] = []
  for (const entry of out.split('\0')) {
    const match = /^(-|\d+)\t(-|\d+)\t(.+)$/s.exec(entry)
    if (!match) continue
    const [, added = '0', deleted = '0', file = ''] = match
    files.push({
      file,
      added: added === '-' ? 1 : Number(added),
      deleted: deleted === '-' ? 0 : Number(deleted),
    })
  }
  return { files, changedLines: files.reduce((sum, f) => sum + f.added + f.deleted, 0) }
}

export interface ScopeVerdict {
  readonly ok: boolean
  readonly outside: readonly string[]
  readonly changedLines: number
  readonly detail: string
}

export function checkScope(stat: DiffStat, scope: Scope): ScopeVerdict {
  const outside = stat.files.map((f) => f.file).filter((f) => !inScope(f, scope))
  const tooBig = stat.changedLines > scope.maxChangedLines
  const problems: string[] = []
  if (outside.length > 0) problems.push(`files outside the ticket's scope: ${outside.join(', ')}`)
  if (tooBig) problems.push(`${stat.changedLines} changed lines (limit ${scope.maxChangedLines})`)
  return {
    ok: problems.length === 0,
    outside,
    changedLines: stat.changedLines,
    detail:
      problems.length === 0
        ? `${stat.files.length} files, ${stat.changedLines} changed lines, all in scope`
        : problems.join('; '),
  }
}
