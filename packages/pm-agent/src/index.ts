export { clusterSignals } from './dedup/cluster.js'
export { compare, DEFAULT_THRESHOLDS, pairScore, verdict } from './dedup/compare.js'
export { bcubedScores, pairwiseScores, recallRateAt } from './dedup/evaluate.js'
export { evaluateDedup, RECALL_KS } from './dedup/eval-run.js'
export { isClosedStatus, matchExistingTickets } from './dedup/match-tickets.js'
export {
  parseSignalInput,
  signalFromEnvelope,
  signalFromRecord,
  signalFromSession,
  signalRecordSchema,
} from './dedup/signal.js'
export { prepareSignals } from './dedup/prepared.js'
export { similarEarlier, timeOrder } from './dedup/similar.js'
export { generateSignals, seededRandom } from './dedup/synthetic.js'
export { normalizeText, tokenize } from './dedup/text.js'
export { vectorize } from './dedup/tfidf.js'
export type {
  Cluster,
  ClusterEvidence,
  ClusterResult,
  ClusterStats,
  DedupOptions,
  NeedsConfirmationLink,
  PairDecision,
} from './dedup/cluster.js'
export type { PairVerdict, SignalName, Thresholds, Votes } from './dedup/compare.js'
export type { PRF } from './dedup/evaluate.js'
export type { DedupEvalReport, DedupEvaluation, LabelledSignal } from './dedup/eval-run.js'
export type {
  ClusterDescriptor,
  ExistingTicket,
  MatchTicketsOptions,
  TicketCandidate,
  TicketMatch,
} from './dedup/match-tickets.js'
export type { SessionSignalInput, Signal, SignalFrame, SignalKind, SignalRecord } from './dedup/signal.js'
export type { PreparedSignals } from './dedup/prepared.js'
export type { SimilarOptions, SimilarSignal } from './dedup/similar.js'
export type { SyntheticOptions, SyntheticSignal } from './dedup/synthetic.js'
