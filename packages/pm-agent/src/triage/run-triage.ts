import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import { type ClassifyOptions, classifyCluster } from '../classify/classify.js'
import { type ClusterResult, clusterSignals, type DedupOptions, type PairDecision } from '../dedup/cluster.js'
import type { Signal } from '../dedup/signal.js'
import { DEFAULT_ENVIRONMENTS } from '../environments/environments.js'
import { computePriority } from '../priority/priority.js'
import {
  DEFAULT_TICKET_THRESHOLDS,
  meetsTicketThreshold,
  type TicketThresholds,
} from '../priority/thresholds.js'
import { checkSafety } from '../safety/check.js'
import { DEFAULT_SAFETY_RULES, type SafetyRule } from '../safety/rules.js'
import type { ClusterDecision, CodePointer } from '../tickets/ticketable-cluster.js'
import { assignClusterKeys } from './cluster-key.js'
import { type History, loadHistory } from './history.js'
import { judgeWeekLinks, type TriageJudgeConfig, type TriageJudgeStats } from './judge-pairs.js'
import { loadWeek } from './load-week.js'
import { loadPairDecisions, type StoredPairDecision } from './pair-decisions.js'
import { storeTriage } from './store-triage.js'
import {
  type ClusterFacts,
  clusterFacts,
  linkedClusters,
  representativeFrames,
  sessionCount,
} from './summarize.js'
import type { TriagedCluster, TriagePair, TriageResult } from './triage-result.js'
import { isoWeek, isoWeekRange } from './week.js'

/** Maps a cluster's frames and routes to files in a checkout (see `@suture/pm-agent` code pointers). */
export type CodePointerLookup = (input: {
  readonly frames: readonly NonNullable<Signal['frames']>[number][]
  readonly routes: readonly string[]
}) => readonly CodePointer[]

export interface TriageConfig {
  /** When a cluster has enough evidence for a ticket (default ≥ 5 users or ≥ 40 sessions). */
  readonly thresholds?: Partial<TicketThresholds> | undefined
  /** Safety rules (default `DEFAULT_SAFETY_RULES`; build with `safetyRules()`). */
  readonly safetyRules?: readonly SafetyRule[] | undefined
  /** Sessions scored at or below this (0–10) take part with their improvement text. Default 6. */
  readonly lowScore?: number | undefined
  /** Previous weeks the rate of change is tested against. Default 4. */
  readonly historyWeeks?: number | undefined
  /** Clustering options (thresholds, blocking); human decisions come from storage. */
  readonly dedup?: Omit<DedupOptions, 'decisions'> | undefined
  readonly classify?: ClassifyOptions | undefined
  /** Code pointers from a local checkout (see `codePointerLookup`). */
  readonly codePointers?: CodePointerLookup | undefined
  /** The environments whose envelopes are triaged (default `['production']`; none named counts as production). */
  readonly environments?: readonly string[] | undefined
  /**
   * The optional Claude judge (`triageJudgeFrom`): it reads each one-signal pair before a person is asked.
   * Its confident "same" is the second signal (merge, evidence `model`), its confident "different" ends the
   * question; an unsure answer leaves the pair in the human queue. Only stored runs ask it.
   */
  readonly judge?: TriageJudgeConfig | undefined
}

export interface RunTriageOptions {
  readonly db: Kysely<Database>
  readonly projectId: string
  /** ISO week (`2026-W48`). */
  readonly week: string
  readonly config?: TriageConfig | undefined
  /** The run's clock, for timestamps only. */
  readonly now?: Date | undefined
  /**
   * Store the result (default). A look at an environment the loop does not run for is not stored: the
   * stored week is the one tickets, the dashboard and the digest read.
   */
  readonly store?: boolean | undefined
}

const DECISION_ORDER: Record<ClusterDecision, number> = {
  'held-for-humans': 0,
  ticket: 1,
  'needs-confirmation': 2,
  observation: 3,
}

function round(value: number, digits = 3): number {
  const f = 10 ** digits
  return Math.round(value * f) / f
}

function mean(values: readonly number[]): number | undefined {
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0) / values.length
}

/** Human answers that name clusters, not signals of this week, become answers on their representatives. */
function keyLevelDecisions(
  stored: readonly StoredPairDecision[],
  present: ReadonlySet<string>,
  firstMemberByKey: ReadonlyMap<string, string>,
): PairDecision[] {
  const out: PairDecision[] = []
  for (const d of stored) {
    if (present.has(d.a) && present.has(d.b)) continue
    if (!d.clusterA || !d.clusterB) continue
    const a = firstMemberByKey.get(d.clusterA)
    const b = firstMemberByKey.get(d.clusterB)
    if (a && b && a !== b) out.push({ a, b, answer: d.answer, decidedBy: d.decidedBy })
  }
  return out
}

/**
 * Up to 5 member envelopes, earliest first, with the earliest feedback among the first 3 when the cluster
 * has one: the ticket shows the first 3 samples, and what users said belongs in it.
 */
function sampleIds(members: readonly Signal[], envelopes: ReadonlyMap<string, unknown>): string[] {
  const stored = members.filter((m) => envelopes.has(m.id))
  const first = stored.slice(0, 5)
  const feedback = stored.find((m) => m.kind === 'feedback')
  if (feedback && !first.slice(0, 3).includes(feedback)) {
    first.splice(2, 0, feedback)
    // It may already sit 4th or 5th: list it once.
    return [...new Set(first.map((m) => m.id))].slice(0, 5)
  }
  return first.map((m) => m.id)
}

function previousCounts(
  history: History,
  facts: ClusterFacts,
  key: string,
): { thisWeek: number; previous: number[] } {
  const fps = new Set(facts.fingerprints)
  if (fps.size > 0 && history.envelopeWeeks.some(Boolean)) {
    const previous: number[] = []
    history.weeks.forEach((_, w) => {
      if (!history.envelopeWeeks[w]) return
      let n = 0
      for (const fp of fps) n += history.fingerprintCounts.get(fp)?.[w] ?? 0
      previous.push(n)
    })
    const thisWeek = facts.members.filter((m) => m.fingerprint && fps.has(m.fingerprint)).length
    return { thisWeek, previous }
  }
  const previous: number[] = []
  history.weeks.forEach((week, w) => {
    if (!history.triagedWeeks[w]) return
    previous.push(history.clusters.find((c) => c.week === week && c.key === key)?.signals ?? 0)
  })
  return { thisWeek: facts.members.length, previous }
}

/**
 * Triages one project's week: reads its error and feedback envelopes and low-scored sessions, clusters them
 * (two of three signals merge, one links; stored human answers respected), computes priority (breadth,
 * depth from `$pageview` sessions per route, duration, rate against the previous weeks, implied-NPS drop),
 * classifies, applies the safety filter and the ticket thresholds, and stores the result. A rerun for the
 * same week replaces that week's result.
 * @example
 * const result = await runTriage({ db, projectId, week: '2026-W48' })
 * result.clusters.filter((c) => c.decision === 'ticket')
 */
export async function runTriage(options: RunTriageOptions): Promise<TriageResult> {
  const { db, projectId, week } = options
  const config = options.config ?? {}
  const now = options.now ?? new Date()
  const { start, end } = isoWeekRange(week)
  const thresholds = { ...DEFAULT_TICKET_THRESHOLDS, ...config.thresholds }
  const rules = config.safetyRules ?? DEFAULT_SAFETY_RULES
  const lowScore = config.lowScore ?? 6
  const historyWeeks = config.historyWeeks ?? 4

  const environments = config.environments
  const data = await loadWeek({ db, projectId, start, end, lowScore, environments })
  const pastWeeks = Array.from({ length: historyWeeks }, (_, i) =>
    isoWeek(new Date(start.getTime() - (historyWeeks - i) * 7 * 86_400_000)),
  )
  const history = await loadHistory(db, projectId, start, pastWeeks, environments)
  const stored = await loadPairDecisions(db, projectId)
  const signals = data.signals
  const present = new Set(signals.map((s) => s.id))
  const signalDecisions: PairDecision[] = stored
    .filter((d) => present.has(d.a) && present.has(d.b))
    .map((d) => ({ a: d.a, b: d.b, answer: d.answer, decidedBy: d.decidedBy }))

  const cluster = (decisions: PairDecision[]) => clusterSignals(signals, { ...config.dedup, decisions })
  const describe = (result: ClusterResult) => {
    const facts = result.clusters.map((c) => clusterFacts(c, signals, now.toISOString()))
    const keys = assignClusterKeys(
      facts.map((f) => ({
        members: f.members,
        title: f.title,
        text: f.text,
        fingerprints: f.fingerprints,
        routes: f.routes,
      })),
      history.clusters,
    )
    return { facts, keys }
  }
  let result = cluster(signalDecisions)
  let described = describe(result)
  const firstMemberByKey = new Map(
    described.keys.map((k, i) => [k, described.facts[i]?.members[0]?.id ?? '']),
  )
  const carried = keyLevelDecisions(stored, present, firstMemberByKey)
  if (carried.length > 0) {
    result = cluster([...signalDecisions, ...carried])
    described = describe(result)
  }
  let judged: TriageJudgeStats | undefined
  if (config.judge && options.store !== false) {
    // The judge reads every open one-signal link (not only the capped questions): what it answers
    // confidently no person has to, and the weekly cap then picks from what it left.
    const decided = [...signalDecisions, ...carried]
    const open = clusterSignals(signals, {
      ...config.dedup,
      decisions: decided,
      questions: { ...config.dedup?.questions, maxPerWeek: Number.POSITIVE_INFINITY, minProbability: 0 },
    })
    // A cluster's id is its earliest member's: the same clusters as `described`, whose keys they carry.
    const keyOfMember = new Map(
      described.facts.flatMap((f, i) => f.members.map((m) => [m.id, described.keys[i] as string])),
    )
    const judge = await judgeWeekLinks({
      db,
      projectId,
      week,
      judge: config.judge,
      links: open.links,
      signals,
      clusterKey: (clusterId) => keyOfMember.get(clusterId),
      now,
    })
    judged = judge.stats
    if (judge.decisions.length > 0) {
      result = cluster([...decided, ...judge.decisions])
      described = describe(result)
    }
  }
  const { facts, keys } = described
  const linked = linkedClusters(result)
  const allScores = [...data.sessionScores.values()]
  const weekMean = mean(allScores)

  const clusters: TriagedCluster[] = facts.map((f, i) => {
    const key = keys[i] as string
    const { thisWeek, previous } = previousCounts(history, f, key)
    const routeSessions = new Set<string>()
    for (const route of f.routes) for (const s of data.routeSessions.get(route) ?? []) routeSessions.add(s)
    const affected = [...f.sessions]
      .map((s) => data.sessionScores.get(s))
      .filter((s): s is number => s !== undefined)
    const affectedMean = mean(affected)
    const npsDrop =
      affectedMean !== undefined && weekMean !== undefined
        ? round(Math.max(0, weekMean - affectedMean), 2)
        : undefined
    const sessions = sessionCount(f)
    const priority = computePriority({
      distinctUsers: f.users.size,
      distinctWorkspaces: f.workspaces.size,
      sessions,
      routeSessions: routeSessions.size > 0 ? routeSessions.size : undefined,
      firstSeen: f.firstSeen,
      lastSeen: f.lastSeen,
      daysActive: f.days,
      thisWeek,
      previousWeeks: previous,
      npsDrop,
    })
    const texts = f.members
      .slice(0, 50)
      .flatMap((m) => [m.title, m.text].filter((t): t is string => Boolean(t)))
    const safety = checkSafety({ routes: f.routes, files: f.files, texts }, rules)
    const classification = classifyCluster(f.members, safety, config.classify)

    const evidence = { distinctUsers: f.users.size, sessions }
    let decision: ClusterDecision
    let decisionReason: string
    const need = `${thresholds.minUsers} users or ${thresholds.minSessions} sessions`
    const have = `${f.users.size} user${f.users.size === 1 ? '' : 's'}, ${sessions} session${sessions === 1 ? '' : 's'}`
    if (meetsTicketThreshold(evidence, thresholds)) {
      if (safety.held) {
        decision = 'held-for-humans'
        decisionReason = `${have} (threshold ${need}); touches ${safety.reasons.map((r) => `${r.category} (${r.field} ${r.value})`).join(', ')}`
      } else {
        decision = 'ticket'
        decisionReason = `${have}: meets the threshold of ${need}`
      }
    } else {
      const partners = [...(linked.get(i) ?? [])]
      const users = new Set(f.users)
      let combinedSessions = sessions
      for (const p of partners) {
        const other = facts[p] as ClusterFacts
        for (const u of other.users) users.add(u)
        combinedSessions += sessionCount(other)
      }
      if (
        partners.length > 0 &&
        meetsTicketThreshold({ distinctUsers: users.size, sessions: combinedSessions }, thresholds)
      ) {
        decision = 'needs-confirmation'
        decisionReason = `${have} alone; with ${partners.length} linked cluster${partners.length === 1 ? '' : 's'} (one signal agreed) it would reach ${users.size} users, ${combinedSessions} sessions: a human confirms`
      } else {
        decision = 'observation'
        decisionReason = `${have}: below the threshold of ${need}`
      }
    }
    const labels = [
      classification.kind,
      ...(classification.improvement ? [classification.improvement] : []),
      ...(classification.department ? [`department:${classification.department}`] : []),
      ...safety.reasons.map((r) => `held:${r.category}`),
      ...(priority.rate.trend === 'rising' ? ['rising'] : []),
      ...(classification.autoFixable ? ['auto-fixable'] : []),
    ]
    const codePointers = config.codePointers?.({ frames: representativeFrames(f), routes: f.routes }) ?? []
    const pastFirst = history.clusters
      .filter((c) => c.key === key)
      .reduce((min, c) => Math.min(min, c.firstSeen.getTime()), Number.POSITIVE_INFINITY)
    const firstSeen =
      Number.isFinite(pastFirst) && pastFirst < Date.parse(f.firstSeen)
        ? new Date(pastFirst).toISOString()
        : f.firstSeen
    return {
      key,
      title: f.title,
      kind: classification.kind,
      improvement: classification.improvement,
      decision,
      decisionReason,
      priority,
      previousWeeks: previous,
      npsDrop,
      labels,
      evidence: (result.clusters[i] as { evidence: Record<string, number> }).evidence,
      department: classification.department,
      autoFixable: classification.autoFixable,
      reasons: classification.reasons,
      heldReasons: safety.reasons,
      route: f.route,
      routes: f.routes,
      errorType: f.errorType,
      message: f.message,
      boundary: f.boundary,
      attempting: f.attempting,
      fingerprints: f.fingerprints,
      releases: f.releases,
      counts: { signals: f.members.length, users: f.users.size, sessions, workspaces: f.workspaces.size },
      daysActive: f.days,
      firstSeen,
      lastSeen: f.lastSeen,
      members: f.members.map((m) => ({
        id: m.id,
        kind: m.kind === 'session' ? 'session' : m.kind === 'feedback' ? 'feedback' : 'error',
        occurredAt: m.createdAt,
      })),
      sampleIds: sampleIds(f.members, data.envelopes),
      sampleSessionIds: [...f.sessions].slice(0, 5),
      codePointers,
    }
  })
  clusters.sort(
    (a, b) =>
      a.priority.linear - b.priority.linear ||
      b.priority.score - a.priority.score ||
      DECISION_ORDER[a.decision] - DECISION_ORDER[b.decision] ||
      b.counts.signals - a.counts.signals ||
      a.key.localeCompare(b.key),
  )
  const keyOfClusterId = new Map(result.clusters.map((c, i) => [c.id, keys[i] as string]))
  const pairs: TriagePair[] = result.links.map((link) => {
    const ordered = link.a < link.b
    return {
      a: ordered ? link.a : link.b,
      b: ordered ? link.b : link.a,
      clusterA: keyOfClusterId.get(ordered ? link.clusterA : link.clusterB) ?? '',
      clusterB: keyOfClusterId.get(ordered ? link.clusterB : link.clusterA) ?? '',
      signal: link.signal,
      score: link.score,
    }
  })
  const count = (d: ClusterDecision) => clusters.filter((c) => c.decision === d).length
  const triage: TriageResult = {
    projectId,
    week,
    clusters,
    pairs,
    summary: {
      signals: signals.length,
      clusters: clusters.length,
      tickets: count('ticket'),
      observations: count('observation'),
      held: count('held-for-humans'),
      needsConfirmation: count('needs-confirmation'),
    },
    stats: {
      ...result.stats,
      humanDecisions: [...signalDecisions, ...carried].filter((d) => !d.decidedBy?.startsWith('model:'))
        .length,
      modelDecisions: [...signalDecisions, ...carried].filter((d) => d.decidedBy?.startsWith('model:'))
        .length,
      ...(judged ? { judge: judged } : {}),
    },
    thresholds,
  }
  if (options.store !== false)
    await storeTriage(db, triage, {
      now,
      settings: {
        thresholds,
        lowScore,
        historyWeeks,
        safetyCategories: rules.map((r) => r.category),
        environments: environments ?? DEFAULT_ENVIRONMENTS,
      },
    })
  return triage
}
