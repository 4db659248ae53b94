import type { SutureDatabase } from '@suture/store'
import { seedScoredProject, seedTicketAndDigest, seedTriageWeek } from '../dashboard/test-seed.js'

/** What `seedFixQueue` made: a project with one auto-fixable open ticket (LOCAL-1) on `clusterKey`. */
export interface SeededFixQueue {
  readonly projectId: string
  readonly publicKey: string
  readonly secretKey: string
  readonly clusterKey: string
  readonly ticketId: string
  readonly erroredSessionIds: readonly string[]
}

/**
 * A project an MCP client or external fixer can work on: real sessions and error envelopes (scored), a
 * triage week with a ticketed auto-fixable checkout cluster and a billing cluster held for humans, and
 * the checkout cluster's ticket (`LOCAL-1`) open. Tests only.
 */
export async function seedFixQueue(
  database: SutureDatabase,
  name = 'Fix queue shop',
): Promise<SeededFixQueue> {
  const clusterKey = 'cluster-checkout-typeerror'
  const seeded = await seedScoredProject(database, { sessions: 10, days: 7, name })
  const [a, b] = seeded.errorEnvelopeIds
  if (!a || !b) throw new Error('test seed needs two error envelopes')
  await seedTriageWeek(database, seeded.projectId, { week: '2026-W47', ticketKey: clusterKey, pair: [a, b] })
  await seedTicketAndDigest(database, seeded.projectId, {
    clusterKey,
    title: 'TypeError on /checkout/:id',
    week: '2026-W47',
    html: '<p>digest</p>',
    markdown: 'digest',
  })
  await database.db
    .updateTable('ticket_links')
    .set({ state: 'open' })
    .where('project_id', '=', seeded.projectId)
    .where('cluster_key', '=', clusterKey)
    .execute()
  return {
    projectId: seeded.projectId,
    publicKey: seeded.publicKey,
    secretKey: seeded.secretKey,
    clusterKey,
    ticketId: `lt-${clusterKey}`,
    erroredSessionIds: seeded.erroredSessionIds,
  }
}
