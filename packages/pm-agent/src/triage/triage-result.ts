import type { ClusterEvidence } from '../dedup/cluster.js'
import type { Priority } from '../priority/priority.js'
import type { TicketThresholds } from '../priority/thresholds.js'
import type { SafetyReason } from '../safety/check.js'
import type { ClusterDecision, CodePointer } from '../tickets/ticketable-cluster.js'

/** One cluster of a week as triage decided it; stored in `clusters` and read back by `loadTriage`. */
export interface TriagedCluster {
  /** Stable across weeks (see `assignClusterKeys`): the idempotency key of its ticket. */
  readonly key: string
  readonly title: string
  readonly kind: 'bug' | 'improvement'
  readonly improvement?: 'feature-gap' | 'confusing-flow' | undefined
  readonly decision: ClusterDecision
  /** Why this decision, in words. */
  readonly decisionReason: string
  readonly priority: Priority
  /** Occurrences counted for the rate test in each previous week, oldest first (unknown weeks left out). */
  readonly previousWeeks: readonly number[]
  readonly npsDrop?: number | undefined
  readonly labels: readonly string[]
  /** How often each combination of agreeing signals merged two members (`{ "semantics+stack": 4 }`). */
  readonly evidence: ClusterEvidence
  readonly department?: string | undefined
  readonly autoFixable: boolean
  /** Why it is or is not auto-fixable. */
  readonly reasons: readonly string[]
  readonly heldReasons: readonly SafetyReason[]
  /** The dominant route template. */
  readonly route?: string | undefined
  readonly routes: readonly string[]
  readonly errorType?: string | undefined
  readonly message?: string | undefined
  readonly boundary?: string | undefined
  readonly attempting?: string | undefined
  readonly fingerprints: readonly string[]
  readonly releases: readonly string[]
  readonly counts: {
    readonly signals: number
    readonly users: number
    readonly sessions: number
    readonly workspaces: number
  }
  readonly daysActive: number
  /** ISO timestamps; `firstSeen` reaches back into earlier weeks when the same key was seen then. */
  readonly firstSeen: string
  readonly lastSeen: string
  /** Member signals, earliest first: envelope ids, or `session:<id>` for low-scored sessions. */
  readonly members: readonly TriageMember[]
  readonly sampleIds: readonly string[]
  readonly sampleSessionIds: readonly string[]
  readonly codePointers: readonly CodePointer[]
}

export interface TriageMember {
  readonly id: string
  readonly kind: 'error' | 'feedback' | 'session'
  readonly occurredAt?: string | undefined
}

/** Two signals exactly one of the three signals says are the same problem: a human answers. */
export interface TriagePair {
  readonly a: string
  readonly b: string
  readonly clusterA: string
  readonly clusterB: string
  readonly signal: string
  readonly score: number
}

export interface TriageSummary {
  readonly signals: number
  readonly clusters: number
  readonly tickets: number
  readonly observations: number
  readonly held: number
  readonly needsConfirmation: number
}

export interface TriageResult {
  readonly projectId: string
  readonly week: string
  /** Highest priority first (Linear 1 before 4, then score, then size). */
  readonly clusters: readonly TriagedCluster[]
  readonly pairs: readonly TriagePair[]
  readonly summary: TriageSummary
  readonly stats: Readonly<Record<string, unknown>>
  readonly thresholds: TicketThresholds
}
