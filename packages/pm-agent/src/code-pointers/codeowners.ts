import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

export interface CodeownersRule {
  readonly pattern: string
  readonly owners: readonly string[]
  readonly regex: RegExp
}

function escapeRegex(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&')
}

/** A CODEOWNERS pattern (gitignore syntax, as GitHub reads it) as a regular expression over repo paths. */
export function codeownersPatternRegex(pattern: string): RegExp {
  let p = pattern
  const directoryOnly = p.endsWith('/')
  if (directoryOnly) p = p.slice(0, -1)
  // A slash at the start or in the middle anchors the pattern to the repository root.
  const anchored = p.startsWith('/') || p.includes('/')
  if (p.startsWith('/')) p = p.slice(1)
  let body = ''
  for (let i = 0; i < p.length; i++) {
    const ch = p[i] as string
    if (ch === '*') {
      if (p[i + 1] === '*') {
        const slashAfter = p[i + 2] === '/'
        body += slashAfter ? '(?:.*/)?' : '.*'
        i += slashAfter ? 2 : 1
      } else body += '[^/]*'
    } else if (ch === '?') body += '[^/]'
    else body += escapeRegex(ch)
  }
  const prefix = anchored ? '' : '(?:.*/)?'
  // A pattern names a file, or a directory and everything under it.
  const suffix = directoryOnly ? '/.*' : '(?:/.*)?'
  return new RegExp(`^${prefix}${body}${suffix}$`)
}

export function parseCodeowners(text: string): CodeownersRule[] {
  const rules: CodeownersRule[] = []
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim()
    if (line === '') continue
    const [pattern, ...owners] = line.split(/\s+/)
    if (!pattern) continue
    rules.push({ pattern, owners, regex: codeownersPatternRegex(pattern) })
  }
  return rules
}

/** Owners of a repository path: the LAST matching rule wins (GitHub semantics); a rule without owners unsets. */
export function ownersOf(file: string, rules: readonly CodeownersRule[]): string[] {
  const normalized = file.replace(/\\/g, '/').replace(/^\.?\//, '')
  for (let i = rules.length - 1; i >= 0; i--) {
    const rule = rules[i] as CodeownersRule
    if (rule.regex.test(normalized)) return [...rule.owners]
  }
  return []
}

/** GitHub looks in `.github/`, the root, then `docs/`, and uses the first CODEOWNERS it finds. */
export function readCodeowners(root: string): CodeownersRule[] {
  for (const candidate of ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS']) {
    const file = path.join(root, candidate)
    if (existsSync(file)) return parseCodeowners(readFileSync(file, 'utf8'))
  }
  return []
}
