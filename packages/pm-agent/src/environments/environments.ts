import { UNNAMED_ENVIRONMENT } from '@suture/store'
import { type Expression, type SqlBool, sql } from 'kysely'

/**
 * The environments the loop runs for when none are configured. An envelope without one counts as
 * `production`, as Sentry's SDKs default it: an SDK that could not tell its build mode is most often a
 * production build, and a stored history from before environments were read stays in the loop.
 */
export const DEFAULT_ENVIRONMENTS: readonly string[] = ['production']

/** Refuses an empty list: a loop that runs for no environment would silently see nothing. */
export class InvalidEnvironmentsError extends Error {
  override readonly name = 'InvalidEnvironmentsError'
  constructor(readonly value: readonly string[]) {
    super(
      `environments must name at least one environment (got ${JSON.stringify(value)}); ` +
        "set SUTURE_ENVIRONMENTS to e.g. 'production' or 'production,staging'.",
    )
  }
}

/**
 * The condition "this envelope's environment is one of `environments`" on an envelopes row (`column`,
 * qualified when the query aliases the table). Triage, the spike check and validation each read only
 * the environments they run for, so development and staging errors never mix with production's.
 *
 * @example
 * db.selectFrom('envelopes').selectAll().where(inEnvironments(['production']))
 */
export function inEnvironments(
  environments: readonly string[] = DEFAULT_ENVIRONMENTS,
  column = 'environment',
): Expression<SqlBool> {
  if (environments.length === 0) throw new InvalidEnvironmentsError(environments)
  return sql<SqlBool>`coalesce(${sql.ref(column)}, ${UNNAMED_ENVIRONMENT}) in (${sql.join([...environments])})`
}
