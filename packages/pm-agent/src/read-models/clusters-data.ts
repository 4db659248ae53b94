import type { TicketSummary } from './tickets-data.js'

/** One triaged cluster as the dashboard shows it. */
export interface ClusterSummary {
  readonly key: string
  readonly title: string
  readonly kind: string | undefined
  /** ticket / observation / held-for-humans / needs-confirmation. */
  readonly decision: string | undefined
  /** Linear's scale: 1 urgent … 4 low. */
  readonly priority: number | undefined
  readonly labels: readonly string[]
  readonly route: string | undefined
  readonly users: number | undefined
  readonly workspaces: number | undefined
  readonly sessions: number | undefined
  readonly signals: number | undefined
  /** Share (0–1) of the route's sessions that hit it. */
  readonly depth: number | undefined
  /** This week's rate against the previous weeks'. */
  readonly trend:
    | { readonly ratio: number | undefined; readonly pValue: number | undefined; readonly label: string }
    | undefined
  readonly fingerprints: readonly string[]
  readonly evidence: readonly string[]
  /** A member envelope as stored (scrubbed at ingest). */
  readonly sample: unknown
  readonly firstSeen: Date | undefined
  readonly lastSeen: Date | undefined
  readonly ticket: TicketSummary | undefined
}

/** One side of a needs-confirmation pair: enough to answer without opening anything else. */
export interface PairSide {
  readonly clusterKey: string
  readonly route: string | undefined
  /** The first in-app frames, `function file:line`. */
  readonly frames: readonly string[]
  /** The error message or feedback text of the record. */
  readonly sample: string | undefined
}

/** A needs-confirmation pair: exactly one signal said the two records are the same problem. */
export interface PairSummary {
  readonly a: string
  readonly b: string
  readonly titleA: string | undefined
  readonly titleB: string | undefined
  readonly signal: string | undefined
  readonly score: number | undefined
  /** The answer already stored, if any: a person's, or the Claude judge's until a person answers. */
  readonly answer: 'same' | 'different' | undefined
  /** Who answered: a person's name, `model:<id>` for the Claude judge, undefined when nobody was named. */
  readonly answeredBy?: string | undefined
  readonly sideA?: PairSide | undefined
  readonly sideB?: PairSide | undefined
}

export interface ClustersView {
  /** False when triage has never stored a result (its tables are missing or empty). */
  readonly available: boolean
  readonly week: string | undefined
  /** Set while the shown week is still running: the triage counted what had arrived by then. */
  readonly partialUntil?: Date | undefined
  /** The environments the shown week was triaged for (older runs: production). */
  readonly environments?: readonly string[] | undefined
  readonly clusters: readonly ClusterSummary[]
  readonly pairs: readonly PairSummary[]
  /** Whether human answers can be stored here (the triage decisions table exists). */
  readonly decisionsWritable: boolean
}
