/**
 * A per-run spending limit. Callers ask `canAfford(estimate)` before each request and `record(cost)`
 * after it; once a request would cross the limit the run stops cleanly and leaves the rest for later.
 */
export class CostBudget {
  private spent = 0
  private stoppedReason: string | undefined

  constructor(readonly limitUsd: number) {}

  get spentUsd(): number {
    return this.spent
  }

  get remainingUsd(): number {
    return Math.max(0, this.limitUsd - this.spent)
  }

  /** Set once the budget refused a request; the run reports it. */
  get exhausted(): string | undefined {
    return this.stoppedReason
  }

  canAfford(estimateUsd: number): boolean {
    if (this.stoppedReason) return false
    if (this.spent + estimateUsd <= this.limitUsd) return true
    this.stoppedReason = `budget of $${this.limitUsd.toFixed(2)} reached ($${this.spent.toFixed(4)} spent); the remaining sessions are left for the next run`
    return false
  }

  record(costUsd: number): void {
    this.spent += costUsd
  }
}
