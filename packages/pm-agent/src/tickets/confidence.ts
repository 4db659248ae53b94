import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import type { TicketableCluster } from './ticketable-cluster.js'

export type ConfidenceLevel = 'high' | 'medium' | 'low'

/** How sure Suture is that a cluster is one real, reproducible problem, and why. */
export interface Confidence {
  readonly level: ConfidenceLevel
  readonly reasons: readonly string[]
}

export interface ConfidenceInput {
  /** Which signals agreed when the cluster formed (`structure + stack (4 merges)`, or bare names). */
  readonly evidence?: readonly string[] | undefined
  readonly fingerprints: readonly string[]
  readonly counts: { readonly users: number; readonly workspaces: number; readonly signals: number }
  readonly firstSeen: string
  /** The release deployed shortly before the first signal, when there was one. */
  readonly deployBefore?: { readonly release: string; readonly hoursBefore: number } | undefined
}

const SIGNALS = ['structure', 'semantics', 'stack', 'linked', 'human'] as const
/** A first signal within this many hours of a deploy points at that release. */
export const DEPLOY_ONSET_HOURS = 24

const RANK: Record<ConfidenceLevel, number> = { high: 0, medium: 1, low: 2 }

/** high < medium < low, for sorting surest first. */
export function confidenceRank(level: ConfidenceLevel | undefined): number {
  return level === undefined ? 3 : RANK[level]
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * Rates a cluster as the triage agent of a self-healing loop would: points for independent signals
 * agreeing (two or more), for a stack fingerprint (something to reproduce), for breadth (≥ 5 users, ≥ 2
 * workspaces: not one person's odd setup) and for an onset right after a deploy (a likely cause).
 * High at 4 points or more, medium at 2–3, low below.
 *
 * @example
 * rateConfidence({ evidence: ['structure + stack (3 merges)'], fingerprints: ['fp'], counts, firstSeen })
 */
export function rateConfidence(input: ConfidenceInput): Confidence {
  const text = (input.evidence ?? []).join(' ')
  const agreed = SIGNALS.filter((s) => new RegExp(`\\b${s}\\b`).test(text))
  const reasons: string[] = []
  let points = 0
  if (agreed.length >= 2) {
    points += 2
    reasons.push(`${agreed.join(' + ')} agreed`)
  } else if (agreed.length === 1) {
    points += 1
    reasons.push(`only ${agreed[0]} agreed`)
  } else {
    reasons.push('a single signal, nothing to corroborate it')
  }
  if (input.fingerprints.length > 0) {
    points += 1
    reasons.push(`a stack fingerprint to reproduce from`)
  }
  const { users, workspaces } = input.counts
  if (users >= 5) points += 1
  if (workspaces >= 2) points += 1
  reasons.push(`${plural(users, 'user')} in ${plural(workspaces, 'workspace')}`)
  if (input.deployBefore) {
    points += 1
    reasons.push(
      `started ${Math.max(1, Math.round(input.deployBefore.hoursBefore))} h after release ${input.deployBefore.release} was deployed`,
    )
  }
  const level: ConfidenceLevel = points >= 4 ? 'high' : points >= 2 ? 'medium' : 'low'
  return { level, reasons }
}

/** The deploy in the day before the cluster's first signal, if any (the latest such). */
export async function deployBefore(
  db: Kysely<Database>,
  projectId: string,
  firstSeen: string,
  environment?: string | undefined,
): Promise<ConfidenceInput['deployBefore']> {
  const first = new Date(firstSeen)
  let query = db
    .selectFrom('deploys')
    .select(['release', 'deployed_at'])
    .where('project_id', '=', projectId)
    .where('deployed_at', '<=', first)
    .where('deployed_at', '>', new Date(first.getTime() - DEPLOY_ONSET_HOURS * 3_600_000))
  if (environment !== undefined) query = query.where('environment', '=', environment)
  const row = await query.orderBy('deployed_at', 'desc').executeTakeFirst()
  if (!row) return undefined
  return {
    release: row.release,
    hoursBefore: (first.getTime() - new Date(row.deployed_at).getTime()) / 3_600_000,
  }
}

/** The cluster with its confidence rated from storage (deploy markers). */
export async function withConfidence<C extends TicketableCluster>(
  db: Kysely<Database>,
  projectId: string,
  cluster: C,
  environment?: string | undefined,
): Promise<C> {
  const deploy = await deployBefore(db, projectId, cluster.firstSeen, environment)
  return { ...cluster, confidence: rateConfidence({ ...cluster, deployBefore: deploy }) }
}
