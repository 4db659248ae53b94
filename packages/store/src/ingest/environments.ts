import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { Database } from '../tables/database.js'

/**
 * The environment an envelope without one belongs to, as Sentry's SDKs default it: an SDK that could
 * not tell its build mode is most often a production build, and history stored before environments
 * were read stays where it was.
 */
export const UNNAMED_ENVIRONMENT = 'production'

/**
 * The environments a project's envelopes came from, most envelopes first (an envelope without one
 * counts as `production`): what the dashboard's environment selector offers.
 *
 * @example
 * await environmentsSeen(db, projectId) // ['production', 'staging', 'development']
 */
export async function environmentsSeen(db: Kysely<Database>, projectId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('envelopes')
    .select([
      sql<string>`coalesce(environment, ${UNNAMED_ENVIRONMENT})`.as('environment'),
      (eb) => eb.fn.countAll<string>().as('n'),
    ])
    .where('project_id', '=', projectId)
    .groupBy(sql`1`)
    .orderBy(sql`2`, 'desc')
    .orderBy(sql`1`)
    .limit(20)
    .execute()
  return rows.map((r) => r.environment)
}
