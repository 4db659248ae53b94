import type { FixVerdict } from './assess-fix.js'

/** Limits per ticket lineage (a cluster's ticket across all its fix attempts and reopenings). */
export interface StopPolicy {
  /** Fix attempts that did not work before a human takes over. */
  readonly maxIterations: number
  /** Cumulative fixer spend (USD) before a human takes over. */
  readonly maxCostUsd: number
}

export const DEFAULT_STOP_POLICY: StopPolicy = { maxIterations: 3, maxCostUsd: 25 }

export interface LineageState {
  /** Fix attempts validated so far that did not bring the signal back. */
  readonly iterations: number
  readonly costUsd: number
  readonly escalated: boolean
}

export type OutcomeKind = 'fixed-clean' | 'fixed-messy' | 'reverted' | 'escalated'

export type LineageAction =
  /** Close the ticket with the evidence and record the outcome. */
  | { readonly kind: 'close'; readonly outcome: 'fixed-clean' | 'fixed-messy'; readonly reason: string }
  /** Reopen for another attempt; the fixer gets the evidence. */
  | { readonly kind: 'iterate'; readonly reason: string }
  /** Label, escalate, propose a revert and quarantine the route — at once. */
  | { readonly kind: 'andon'; readonly outcome: 'reverted'; readonly reason: string }
  /** Hand to a human: limits reached. Never abandoned silently. */
  | { readonly kind: 'escalate'; readonly outcome: 'escalated'; readonly reason: string }
  /** Keep watching. */
  | { readonly kind: 'wait'; readonly reason: string }

/**
 * What to do with a lineage after a validation. The andon cord wins over everything; the limits are
 * checked after an attempt is counted, so the attempt that hits the cap escalates instead of iterating.
 */
export function decideLineage(
  state: LineageState,
  verdict: FixVerdict,
  policy: StopPolicy = DEFAULT_STOP_POLICY,
  /** `windowComplete`: the whole success window after the fix has been observed. */
  context: { readonly windowComplete?: boolean } = {},
): { action: LineageAction; next: LineageState } {
  if (verdict === 'regressed') {
    return {
      action: {
        kind: 'andon',
        outcome: 'reverted',
        reason: 'the failure rate rose significantly after the fix',
      },
      next: { ...state, iterations: state.iterations + 1, escalated: true },
    }
  }
  if (verdict === 'fixed') {
    return {
      action: {
        kind: 'close',
        outcome: state.iterations === 0 ? 'fixed-clean' : 'fixed-messy',
        reason:
          state.iterations === 0
            ? 'back to baseline on the first attempt'
            : `back to baseline after ${state.iterations + 1} attempts`,
      },
      next: state,
    }
  }
  if (verdict === 'pending' || verdict === 'insufficient-data') {
    const over = overBudget(state, policy)
    if (over && !state.escalated) {
      return {
        action: { kind: 'escalate', outcome: 'escalated', reason: over },
        next: { ...state, escalated: true },
      }
    }
    // Nothing to compare with after the whole window: a person decides, rather than waiting forever.
    if (verdict === 'insufficient-data' && context.windowComplete === true && !state.escalated) {
      return {
        action: {
          kind: 'escalate',
          outcome: 'escalated',
          reason: 'the success window passed without a signal rate to compare (no events before the fix)',
        },
        next: { ...state, escalated: true },
      }
    }
    return {
      action: {
        kind: 'wait',
        reason: verdict === 'pending' ? 'collecting post-fix data' : 'no pre-fix events',
      },
      next: state,
    }
  }
  const next = { ...state, iterations: state.iterations + 1 }
  const over = overBudget(next, policy)
  if (over) {
    return {
      action: { kind: 'escalate', outcome: 'escalated', reason: over },
      next: { ...next, escalated: true },
    }
  }
  return {
    action: {
      kind: 'iterate',
      reason:
        verdict === 'improved'
          ? `attempt ${next.iterations} reduced the rate but not back to baseline`
          : `attempt ${next.iterations} did not change the rate`,
    },
    next,
  }
}

/** The reason a lineage is over one of its limits, or null. */
export function overBudget(state: LineageState, policy: StopPolicy = DEFAULT_STOP_POLICY): string | null {
  if (state.iterations >= policy.maxIterations) {
    return `iteration cap reached (${state.iterations} of ${policy.maxIterations} attempts)`
  }
  if (state.costUsd >= policy.maxCostUsd) {
    return `cost budget spent ($${state.costUsd.toFixed(2)} of $${policy.maxCostUsd.toFixed(2)})`
  }
  return null
}
