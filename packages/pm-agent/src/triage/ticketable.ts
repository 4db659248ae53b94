import { type Envelope, sourceFrames } from '@suture/envelope'
import type { Database } from '@suture/store'
import type { Kysely } from 'kysely'
import { withConfidence } from '../tickets/confidence.js'
import type { TicketableCluster } from '../tickets/ticketable-cluster.js'
import { loadTriage } from './load-triage.js'
import type { TriagedCluster } from './triage-result.js'

/** `{ "semantics+stack": 4, "human": 1 }` → `['semantics + stack (4 merges)', 'human (1 merge)']`. */
export function evidenceLines(evidence: Readonly<Record<string, number>>): string[] {
  return Object.entries(evidence)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([signals, n]) => `${signals.split('+').join(' + ')} (${n} merge${n === 1 ? '' : 's'})`)
}

/**
 * The ticket code's view of a triaged cluster. `samples` are the stored envelopes of `cluster.sampleIds`
 * (scrubbed at ingest); the first error among them gives the frames, breadcrumbs and flags.
 */
export function toTicketableCluster(
  cluster: TriagedCluster,
  samples: readonly Envelope[],
): TicketableCluster {
  const error = samples.find((s) => s.kind === 'error')
  const representative = error ?? samples[0]
  return {
    key: cluster.key,
    title: cluster.title,
    kind: cluster.kind,
    decision: cluster.decision,
    priority: cluster.priority.linear,
    labels: cluster.labels,
    department: cluster.department,
    autoFixable: cluster.autoFixable && cluster.decision !== 'held-for-humans',
    heldReason:
      cluster.heldReasons.length > 0
        ? cluster.heldReasons.map((r) => `${r.category}: ${r.field} '${r.value}'`).join('; ')
        : undefined,
    route: cluster.route,
    boundary: cluster.boundary,
    attempting: cluster.attempting,
    errorType: cluster.errorType,
    message: cluster.message,
    fingerprints: cluster.fingerprints,
    frames: error?.kind === 'error' ? sourceFrames(error.error.frames) : undefined,
    breadcrumbs: representative?.breadcrumbs,
    flags: representative?.flags,
    releases: cluster.releases,
    counts: cluster.counts,
    firstSeen: cluster.firstSeen,
    lastSeen: cluster.lastSeen,
    samples: samples.slice(0, 3),
    quotes: samples.flatMap((s) => (s.kind === 'feedback' ? [s.feedback.text] : [])),
    sampleSessionIds: cluster.sampleSessionIds,
    codePointers: cluster.codePointers,
    evidence: evidenceLines(cluster.evidence),
    npsDrop: cluster.npsDrop,
  }
}

/**
 * A week's stored triage as the weekly pipeline reads it (`WeeklyPipelineConfig.loadTriage`): ticketable
 * clusters with their sample envelopes, and the needs-confirmation pairs no human has answered yet.
 * Empty when the week was never triaged.
 */
export async function loadTicketableTriage(
  db: Kysely<Database>,
  projectId: string,
  week: string,
): Promise<{
  clusters: TicketableCluster[]
  needsConfirmation: { a: string; b: string; signal: string; score: number }[]
}> {
  const triage = await loadTriage({ db, projectId, week })
  if (!triage) return { clusters: [], needsConfirmation: [] }
  const ids = [...new Set(triage.clusters.flatMap((c) => c.sampleIds.slice(0, 3)))]
  const bodies = new Map<string, Envelope>()
  for (let i = 0; i < ids.length; i += 1_000) {
    const rows = await db
      .selectFrom('envelopes')
      .select(['id', 'body'])
      .where('project_id', '=', projectId)
      .where('id', 'in', ids.slice(i, i + 1_000))
      .execute()
    for (const row of rows)
      bodies.set(row.id, (typeof row.body === 'string' ? JSON.parse(row.body) : row.body) as Envelope)
  }
  const clusters: TicketableCluster[] = []
  for (const c of triage.clusters) {
    const ticketable = toTicketableCluster(
      c,
      c.sampleIds.slice(0, 3).flatMap((id) => bodies.get(id) ?? []),
    )
    clusters.push(await withConfidence(db, projectId, ticketable))
  }
  return {
    clusters,
    needsConfirmation: triage.pairs
      .filter((p) => p.answer === undefined)
      .map((p) => ({ a: p.a, b: p.b, signal: p.signal, score: p.score })),
  }
}
