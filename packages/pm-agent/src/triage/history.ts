import type { Database } from '@suture/store'
import { type Kysely, sql } from 'kysely'
import { inEnvironments } from '../environments/environments.js'

const WEEK_MS = 7 * 86_400_000

/** A cluster stored by an earlier week's run. */
export interface PastCluster {
  readonly week: string
  readonly key: string
  readonly title: string
  readonly message: string | null
  readonly routes: readonly string[]
  readonly fingerprints: readonly string[]
  readonly signals: number
  readonly firstSeen: Date
}

/** What the weeks before this one say: for rate of change and for keeping cluster keys stable. */
export interface History {
  /** Oldest first; `undefined` where nothing is known about that week (no envelopes, no run). */
  readonly weeks: readonly string[]
  /** Per fingerprint, error envelopes in each previous week (index as in `weeks`). */
  readonly fingerprintCounts: ReadonlyMap<string, readonly number[]>
  /** Previous weeks with at least one stored envelope: there, a fingerprint's absence means zero. */
  readonly envelopeWeeks: readonly boolean[]
  /** Previous weeks a triage run stored a result for: there, a key's absence means zero. */
  readonly triagedWeeks: readonly boolean[]
  readonly clusters: readonly PastCluster[]
}

function parseJsonArray(value: unknown): string[] {
  const parsed = typeof value === 'string' ? (JSON.parse(value) as unknown) : value
  return Array.isArray(parsed) ? parsed.filter((v): v is string => typeof v === 'string') : []
}

export async function loadHistory(
  db: Kysely<Database>,
  projectId: string,
  start: Date,
  weeks: readonly string[],
  environments?: readonly string[] | undefined,
): Promise<History> {
  const n = weeks.length
  const historyStart = new Date(start.getTime() - n * WEEK_MS)
  // Bucket 0 is the oldest previous week, n - 1 the week just before `start`.
  const bucket = sql<number>`floor(extract(epoch from (occurred_at - ${historyStart}::timestamptz)) / ${WEEK_MS / 1000})::int`
  const counts = await db
    .selectFrom('envelopes')
    .select(['fingerprint', bucket.as('bucket'), (eb) => eb.fn.countAll<string>().as('n')])
    .where('project_id', '=', projectId)
    .where('occurred_at', '>=', historyStart)
    .where('occurred_at', '<', start)
    .where('fingerprint', 'is not', null)
    .where(inEnvironments(environments))
    .groupBy(['fingerprint', 'bucket'])
    .execute()
  const fingerprintCounts = new Map<string, number[]>()
  for (const row of counts) {
    if (row.fingerprint === null) continue
    let list = fingerprintCounts.get(row.fingerprint)
    if (!list) {
      list = new Array<number>(n).fill(0)
      fingerprintCounts.set(row.fingerprint, list)
    }
    const b = Number(row.bucket)
    if (b >= 0 && b < n) list[b] = (list[b] as number) + Number(row.n)
  }
  const active = await db
    .selectFrom('envelopes')
    .select(bucket.as('bucket'))
    .distinct()
    .where('project_id', '=', projectId)
    .where('occurred_at', '>=', historyStart)
    .where('occurred_at', '<', start)
    .where(inEnvironments(environments))
    .execute()
  const envelopeWeeks = new Array<boolean>(n).fill(false)
  for (const row of active) {
    const b = Number(row.bucket)
    if (b >= 0 && b < n) envelopeWeeks[b] = true
  }
  const runs =
    n === 0
      ? []
      : await db
          .selectFrom('triage_runs')
          .select('week')
          .where('project_id', '=', projectId)
          .where('week', 'in', [...weeks])
          .where('status', '=', 'succeeded')
          .execute()
  const triagedWeeks = weeks.map((w) => runs.some((r) => r.week === w))
  const rows =
    n === 0
      ? []
      : await db
          .selectFrom('clusters')
          .select(['week', 'key', 'title', 'message', 'routes', 'fingerprints', 'signal_count', 'first_seen'])
          .where('project_id', '=', projectId)
          .where('week', 'in', [...weeks])
          .orderBy('week', 'desc')
          .orderBy('key')
          .execute()
  const clusters = rows.map((r) => ({
    week: r.week,
    key: r.key,
    title: r.title,
    message: r.message,
    routes: parseJsonArray(r.routes),
    fingerprints: parseJsonArray(r.fingerprints),
    signals: r.signal_count,
    firstSeen: new Date(r.first_seen),
  }))
  return { weeks, fingerprintCounts, envelopeWeeks, triagedWeeks, clusters }
}
