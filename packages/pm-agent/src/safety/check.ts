import { DEFAULT_SAFETY_RULES, type SafetyRule } from './rules.js'

/** What the safety filter looks at for one cluster. */
export interface SafetySubject {
  readonly routes: readonly string[]
  readonly files: readonly string[]
  readonly texts: readonly string[]
}

export interface SafetyReason {
  readonly category: string
  readonly field: 'route' | 'path' | 'keyword'
  readonly value: string
}

export interface SafetyVerdict {
  readonly held: boolean
  readonly reasons: readonly SafetyReason[]
}

/**
 * Holds a cluster for human triage when any rule matches a route, an in-app file or its text. One reason
 * per category is kept (the first match), so tickets say why without repeating themselves.
 * @example
 * checkSafety({ routes: ['/billing/invoices'], files: [], texts: [] }).held // true
 */
export function checkSafety(
  subject: SafetySubject,
  rules: readonly SafetyRule[] = DEFAULT_SAFETY_RULES,
): SafetyVerdict {
  const reasons: SafetyReason[] = []
  for (const rule of rules) {
    const found =
      firstMatch(rule.routes, subject.routes, 'route') ??
      firstMatch(rule.paths, subject.files, 'path') ??
      firstMatch(rule.keywords, subject.texts, 'keyword')
    if (found) reasons.push({ category: rule.category, ...found })
  }
  return { held: reasons.length > 0, reasons }
}

function firstMatch(
  patterns: readonly RegExp[] | undefined,
  values: readonly string[],
  field: SafetyReason['field'],
): { field: SafetyReason['field']; value: string } | undefined {
  if (!patterns) return undefined
  for (const value of values) {
    for (const pattern of patterns) {
      const match = pattern.exec(value)
      if (match) return { field, value: field === 'keyword' ? match[0] : value }
    }
  }
  return undefined
}
