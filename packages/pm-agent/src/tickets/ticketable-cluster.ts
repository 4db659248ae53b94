import type { Breadcrumb, Envelope, SourceFrame } from '@suture/envelope'
import type { Confidence } from './confidence.js'

/** What triage decided a cluster deserves. */
export type ClusterDecision = 'ticket' | 'observation' | 'held-for-humans' | 'needs-confirmation'

export interface CodePointer {
  readonly file: string
  readonly line?: number | undefined
  readonly function?: string | undefined
  readonly owners?: readonly string[] | undefined
}

/**
 * The minimum the ticket code needs from a triaged cluster. Triage's stored result maps onto it
 * (`ticketableFromTriage`); tests and the spike trigger build it directly.
 */
export interface TicketableCluster {
  /** Stable across weeks while the cluster only grows: the idempotency key of its ticket. */
  readonly key: string
  readonly title: string
  readonly kind: 'bug' | 'improvement'
  readonly decision: ClusterDecision
  /** Linear's scale: 1 urgent … 4 low. */
  readonly priority: 1 | 2 | 3 | 4
  readonly labels: readonly string[]
  readonly department?: string | undefined
  readonly autoFixable: boolean
  /** Why it is held for humans (auth, billing, data deletion…), when it is. */
  readonly heldReason?: string | undefined
  readonly route?: string | undefined
  readonly boundary?: string | undefined
  readonly attempting?: string | undefined
  readonly errorType?: string | undefined
  readonly message?: string | undefined
  readonly fingerprints: readonly string[]
  /** Original source frames where a source map resolved them (`sourceFrames`), with their source lines. */
  readonly frames?: readonly SourceFrame[] | undefined
  /** Breadcrumbs of a representative member, oldest first. */
  readonly breadcrumbs?: readonly Breadcrumb[] | undefined
  readonly flags?: Readonly<Record<string, unknown>> | undefined
  readonly releases?: readonly string[] | undefined
  readonly counts: {
    readonly signals: number
    readonly users: number
    readonly sessions: number
    readonly workspaces: number
  }
  readonly firstSeen: string
  readonly lastSeen: string
  /** Scrubbed envelopes, a handful at most. */
  readonly samples: readonly Envelope[]
  readonly sampleSessionIds?: readonly string[] | undefined
  readonly codePointers?: readonly CodePointer[] | undefined
  /** What users wrote about it (feedback of the cluster), scrubbed when rendered. */
  readonly quotes?: readonly string[] | undefined
  /** Which signals agreed to form the cluster ("structure + stack"). */
  readonly evidence?: readonly string[] | undefined
  /** Average implied-NPS drop of affected sessions, when scored. */
  readonly npsDrop?: number | undefined
  /** How sure Suture is that this is one real, reproducible problem (`rateConfidence`). */
  readonly confidence?: Confidence | undefined
}
