import type { Database } from '@suture/store'
import { type Kysely, sql } from 'kysely'
import { inEnvironments } from '../environments/environments.js'
import { InvalidTriageWeekError, isoWeekRange } from '../triage/week.js'
import type { SeriesPoint } from './trend.js'

export const DAY_MS = 86_400_000
export const HOUR_MS = 3_600_000

export interface SignalSeriesInput {
  readonly projectId: string
  readonly fingerprints: readonly string[]
  /**
   * Clusters without a fingerprint (feedback, improvement, low-score) are counted on their own signals:
   * the members the weekly triage stored under this key.
   */
  readonly clusterKey?: string | undefined
  /** Envelopes of these environments only (default production). */
  readonly environments?: readonly string[] | undefined
  readonly deployedAt: Date
  readonly now: Date
  /** Buckets before the deploy (days by default). */
  readonly preDays: number
  /** Buckets after the deploy at most. */
  readonly postDays: number
  /** Bucket length, measured from the deploy (so no time-zone edge); default one day. */
  readonly bucketMs?: number | undefined
  /**
   * Count the bucket still running at `now` once this much of it has passed (the hourly andon check
   * should not wait for a full hour); its exposure is the traffic so far, or its share of a bucket.
   */
  readonly partialAfterMs?: number | undefined
}

/**
 * Buckets of a cluster's signal count and of session traffic, `preDays` buckets before the deploy and
 * whole buckets after it up to `now`. Without session data the exposure is one per bucket (a plain rate).
 */
export async function signalSeries(
  db: Kysely<Database>,
  input: SignalSeriesInput,
): Promise<{ before: SeriesPoint[]; after: SeriesPoint[] }> {
  const bucketMs = input.bucketMs ?? DAY_MS
  const from = new Date(input.deployedAt.getTime() - input.preDays * bucketMs)
  const elapsed = input.now.getTime() - input.deployedAt.getTime()
  const completeBuckets = Math.max(0, Math.min(input.postDays, Math.floor(elapsed / bucketMs)))
  const partialMs = elapsed - completeBuckets * bucketMs
  const partial =
    input.partialAfterMs !== undefined &&
    completeBuckets < input.postDays &&
    partialMs >= input.partialAfterMs &&
    partialMs < bucketMs
  const to = partial ? input.now : new Date(input.deployedAt.getTime() + completeBuckets * bucketMs)
  const deploy = input.deployedAt.toISOString()
  const seconds = bucketMs / 1000
  const bucket = (column: string) =>
    sql<number>`floor(extract(epoch from (${sql.ref(column)} - ${deploy}::timestamptz)) / ${sql.lit(seconds)})::int`
  const counts =
    input.fingerprints.length === 0
      ? input.clusterKey === undefined
        ? []
        : await db
            .selectFrom('cluster_members')
            .select([bucket('occurred_at').as('t'), (eb) => eb.fn.countAll<string>().as('n')])
            .where('project_id', '=', input.projectId)
            .where('cluster_key', '=', input.clusterKey)
            .where('occurred_at', '>=', from)
            .where('occurred_at', '<', to)
            .groupBy(sql`1`)
            .execute()
      : await db
          .selectFrom('envelopes')
          .select([bucket('occurred_at').as('t'), (eb) => eb.fn.countAll<string>().as('n')])
          .where('project_id', '=', input.projectId)
          .where('kind', '=', 'error')
          .where('fingerprint', 'in', [...input.fingerprints])
          .where(inEnvironments(input.environments))
          .where('occurred_at', '>=', from)
          .where('occurred_at', '<', to)
          .groupBy(sql`1`)
          .execute()
  const traffic = await db
    .selectFrom('sessions')
    .select([bucket('started_at').as('t'), (eb) => eb.fn.countAll<string>().as('n')])
    .where('project_id', '=', input.projectId)
    .where('started_at', '>=', from)
    .where('started_at', '<', to)
    .groupBy(sql`1`)
    .execute()
  const countBy = new Map(counts.map((r) => [Number(r.t), Number(r.n)]))
  const trafficBy = new Map(traffic.map((r) => [Number(r.t), Number(r.n)]))
  const useTraffic = traffic.length > 0
  const points: SeriesPoint[] = []
  const last = completeBuckets + (partial ? 1 : 0)
  for (let t = -input.preDays; t < last; t++) {
    const share = partial && t === completeBuckets ? partialMs / bucketMs : 1
    const exposure = useTraffic ? (trafficBy.get(t) ?? 0) : share
    // A bucket without sessions carries no information about the rate (and usually no events).
    if (exposure > 0) points.push({ t, count: countBy.get(t) ?? 0, exposure })
  }
  return { before: points.filter((p) => p.t < 0), after: points.filter((p) => p.t >= 0) }
}

/**
 * Clusters counted on their triaged members (no fingerprint) only know signals up to the end of the
 * newest triaged week: later ones have not been assigned to any cluster yet. Validating past that point
 * would read "no complaints since" as a fix, so their clock stops there until the next triage.
 */
export async function memberCoverageEnd(db: Kysely<Database>, projectId: string): Promise<Date | null> {
  const row = await db
    .selectFrom('triage_runs')
    .select('week')
    .where('project_id', '=', projectId)
    .where('status', '=', 'succeeded')
    .orderBy('week', 'desc')
    .executeTakeFirst()
  if (!row) return null
  try {
    return isoWeekRange(row.week).end
  } catch (error: unknown) {
    if (error instanceof InvalidTriageWeekError) return null
    throw error
  }
}
