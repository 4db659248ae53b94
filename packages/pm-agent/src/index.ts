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
export { classifyCluster } from './classify/classify.js'
export { computePriority, PRIORITY_CUTOFFS, PRIORITY_WEIGHTS } from './priority/priority.js'
export { binomialLowerTail, binomialUpperTail, rateChange } from './priority/rate-test.js'
export { DEFAULT_TICKET_THRESHOLDS, meetsTicketThreshold } from './priority/thresholds.js'
export { checkSafety } from './safety/check.js'
export { assignClusterKeys, baseClusterKey } from './triage/cluster-key.js'
export { loadTriage } from './triage/load-triage.js'
export { loadPairDecisions, storePairDecision } from './triage/pair-decisions.js'
export { runTriage } from './triage/run-triage.js'
export { evidenceLines, loadTicketableTriage, toTicketableCluster } from './triage/ticketable.js'
export { InvalidTriageWeekError, isoWeek, isoWeekRange, previousIsoWeek } from './triage/week.js'
export { DEFAULT_SAFETY_RULES, safetyRules } from './safety/rules.js'
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
export type { Classification, ClassifyOptions, ClusterKind, ImprovementKind } from './classify/classify.js'
export type { LinearPriority, Priority, PriorityInput, PriorityParts } from './priority/priority.js'
export type { RateChange, Trend } from './priority/rate-test.js'
export type { TicketThresholds } from './priority/thresholds.js'
export type { SafetyReason, SafetySubject, SafetyVerdict } from './safety/check.js'
export type { SafetyCategory, SafetyRule, SafetyRuleOptions } from './safety/rules.js'
export type { LoadTriageOptions, StoredTriage, StoredTriagePair } from './triage/load-triage.js'
export type { PairAnswerInput, StoredPairDecision } from './triage/pair-decisions.js'
export type { CodePointerLookup, RunTriageOptions, TriageConfig } from './triage/run-triage.js'
export type {
  TriagedCluster,
  TriageMember,
  TriagePair,
  TriageResult,
  TriageSummary,
} from './triage/triage-result.js'
