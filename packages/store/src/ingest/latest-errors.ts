import { type Kysely, sql } from 'kysely'
import type { Database } from '../tables/database.js'
import { UNNAMED_ENVIRONMENT } from './environments.js'

/** One stored error envelope, as the "latest errors" view lists it. */
export interface LatestError {
  readonly id: string
  readonly occurredAt: Date
  readonly receivedAt: Date
  readonly route: string
  readonly errorType: string | null
  readonly message: string | null
  readonly fingerprint: string | null
  readonly release: string | null
  readonly environment: string | null
}

/**
 * The newest error envelopes of a project, straight from ingest: no session idle timeout and no weekly
 * triage in between, so a newly connected app sees its first error as soon as it is stored.
 *
 * @example
 * const errors = await latestErrors(db, projectId, { limit: 50 })
 */
export async function latestErrors(
  db: Kysely<Database>,
  projectId: string,
  options: { readonly limit?: number; readonly environment?: string | undefined } = {},
): Promise<LatestError[]> {
  let query = db
    .selectFrom('envelopes')
    .select([
      'id',
      'occurred_at',
      'received_at',
      'route_template',
      'error_type',
      'message',
      'fingerprint',
      'release',
      'environment',
    ])
    .where('project_id', '=', projectId)
    .where('kind', '=', 'error')
  if (options.environment !== undefined)
    query = query.where(sql<string>`coalesce(environment, ${UNNAMED_ENVIRONMENT})`, '=', options.environment)
  const rows = await query
    .orderBy('received_at', 'desc')
    .orderBy('id')
    .limit(Math.min(Math.max(options.limit ?? 50, 1), 500))
    .execute()
  return rows.map((r) => ({
    id: r.id,
    occurredAt: new Date(r.occurred_at),
    receivedAt: new Date(r.received_at),
    route: r.route_template,
    errorType: r.error_type,
    message: r.message,
    fingerprint: r.fingerprint,
    release: r.release,
    environment: r.environment,
  }))
}
