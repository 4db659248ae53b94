import type { Signal } from '../dedup/signal.js'
import { frameKeys } from '../dedup/stack.js'
import type { SafetyVerdict } from '../safety/check.js'

export type ClusterKind = 'bug' | 'improvement'
export type ImprovementKind = 'feature-gap' | 'confusing-flow'

export interface Classification {
  readonly kind: ClusterKind
  readonly improvement?: ImprovementKind | undefined
  readonly department?: string | undefined
  readonly autoFixable: boolean
  /** Why it is or is not auto-fixable, for the ticket. */
  readonly reasons: readonly string[]
}

const BUG_WORDS =
  /\b(error|crash\w*|broken|break\w*|doesn'?t work|does not work|not working|fail\w*|blank|stuck|freez\w*|bug|exception|500|can'?t (save|load|open|submit)|nothing happens)\b/i
const GAP_WORDS =
  /\b(wish|would be (nice|great)|please add|feature|support for|add (a|an|the)|missing|no way to|should be able|integration|export to)\b/i
const CONFUSING_WORDS =
  /\b(confus\w*|unclear|hard to find|can'?t find|couldn'?t find|where is|how do i|not obvious|took me|too many (steps|clicks))\b/i

export interface ClassifyOptions {
  /** Route prefix → department, used when signals carry no department tag. */
  readonly departments?: readonly { readonly route: RegExp; readonly department: string }[]
  /** Most routes an auto-fixable cluster may span. */
  readonly maxRoutes?: number
  /** Most distinct top in-app frames an auto-fixable cluster may span. */
  readonly maxTopFrames?: number
}

function majority(values: readonly (string | undefined)[]): string | undefined {
  const counts = new Map<string, number>()
  for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0]
}

/**
 * Bug or improvement, department, and auto-fixable. A cluster with an error is a bug; text-only clusters
 * are bugs when their words say so, else improvements (a feature gap or a confusing flow). Auto-fixable
 * needs a reproducible bug (errors with in-app frames, seen at least twice), a bounded scope (few routes
 * and few top frames) and no safety hold.
 */
export function classifyCluster(
  members: readonly Signal[],
  safety: SafetyVerdict,
  options: ClassifyOptions = {},
): Classification {
  const errors = members.filter((m) => m.kind === 'error')
  const texts = members.map((m) => [m.title, m.text].filter(Boolean).join(' ')).join('\n')
  const bugByWords = BUG_WORDS.test(texts)
  const kind: ClusterKind = errors.length > 0 || bugByWords ? 'bug' : 'improvement'
  const improvement: ImprovementKind | undefined =
    kind === 'improvement'
      ? CONFUSING_WORDS.test(texts) && !GAP_WORDS.test(texts)
        ? 'confusing-flow'
        : 'feature-gap'
      : undefined
  const routes = [...new Set(members.map((m) => m.route).filter((r): r is string => Boolean(r)))]
  const department =
    majority(members.map((m) => m.department)) ??
    options.departments?.find((d) => routes.some((r) => d.route.test(r)))?.department
  const reasons: string[] = []
  const topFrames = new Set(errors.map((e) => frameKeys(e.frames)[0]).filter(Boolean))
  if (kind !== 'bug') reasons.push('not a bug')
  if (safety.held) reasons.push(`held for humans: ${safety.reasons.map((r) => r.category).join(', ')}`)
  if (errors.length < 2) reasons.push('not reproduced: fewer than two errors')
  if (errors.length > 0 && topFrames.size === 0) reasons.push('no in-app stack frames to point at')
  if (routes.length > (options.maxRoutes ?? 2)) reasons.push(`spans ${routes.length} routes`)
  if (topFrames.size > (options.maxTopFrames ?? 2))
    reasons.push(`breaks in ${topFrames.size} different places`)
  const autoFixable = reasons.length === 0
  if (autoFixable) reasons.push('reproducible error with in-app frames in a bounded scope')
  return { kind, improvement, department, autoFixable, reasons }
}
