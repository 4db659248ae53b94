import type { Database } from '@suture/store'
import { type Kysely, sql } from 'kysely'

/**
 * The scoring budget of one night, per project, kept in the database (`scoring_spend`) so that every run
 * that night — the worker's, a second worker's, `suture score` — draws on the same money. A run reserves a
 * session's pessimistic estimate before calling the API and settles it to the actual cost afterwards; a
 * reservation that would cross the limit is refused and that project's remaining sessions wait for the
 * next night. The reservation is one conditional upsert, so two runs at once cannot both take the last
 * dollar (Postgres re-checks the condition on the row it locked).
 */
export class NightlyBudget {
  private readonly refused = new Map<string, number>()

  constructor(
    private readonly db: Kysely<Database>,
    /** The night's key, as the job's run key (`nightKey(now, timeZone)`). */
    readonly night: string,
    /** US dollars per project and night. */
    readonly limitUsd: number,
  ) {
    if (!Number.isFinite(limitUsd) || limitUsd < 0) {
      throw new RangeError(`a nightly budget must be a non-negative number of US dollars, not ${limitUsd}`)
    }
  }

  /** Takes `usd` from the project's budget for tonight, or refuses (false) when it would cross the limit. */
  async reserve(projectId: string, usd: number): Promise<boolean> {
    if (this.refused.has(projectId)) return false
    // One round trip: create tonight's row with this reservation, or add to it, in both cases only while
    // the total stays within the limit. ON CONFLICT … WHERE re-checks against the row Postgres locked.
    const taken = await sql<{ spent_usd: number }>`
      INSERT INTO scoring_spend (project_id, night, spent_usd, updated_at)
      SELECT ${projectId}::text, ${this.night}::text, ${usd}::double precision, now()
      WHERE ${usd}::double precision <= ${this.limitUsd}::double precision
      ON CONFLICT (project_id, night) DO UPDATE
        SET spent_usd = scoring_spend.spent_usd + excluded.spent_usd, updated_at = excluded.updated_at
        WHERE scoring_spend.spent_usd + excluded.spent_usd <= ${this.limitUsd}::double precision
      RETURNING spent_usd`.execute(this.db)
    if (taken.rows.length > 0) return true
    // Refused: read what was spent once, for the message; this project is not asked for again tonight.
    const row = await this.db
      .selectFrom('scoring_spend')
      .select('spent_usd')
      .where('project_id', '=', projectId)
      .where('night', '=', this.night)
      .executeTakeFirst()
    this.refused.set(projectId, Number(row?.spent_usd ?? 0))
    return false
  }

  /** True once this run was refused a reservation for the project (it stops asking for it tonight). */
  refuses(projectId: string): boolean {
    return this.refused.has(projectId)
  }

  /** Replaces a reservation with what the call really cost (more, after a repair attempt; usually less). */
  async settle(projectId: string, reservedUsd: number, actualUsd: number): Promise<void> {
    const delta = actualUsd - reservedUsd
    if (delta === 0) return
    await this.db
      .updateTable('scoring_spend')
      .set({ spent_usd: sql`greatest(0, spent_usd + ${delta})`, updated_at: new Date() })
      .where('project_id', '=', projectId)
      .where('night', '=', this.night)
      .execute()
  }

  /** What the project has spent or reserved tonight, across every run. */
  async spentUsd(projectId: string): Promise<number> {
    const row = await this.db
      .selectFrom('scoring_spend')
      .select('spent_usd')
      .where('project_id', '=', projectId)
      .where('night', '=', this.night)
      .executeTakeFirst()
    return Number(row?.spent_usd ?? 0)
  }

  /** Why sessions were left, once a reservation was refused; undefined while every project is within budget. */
  get exhausted(): string | undefined {
    if (this.refused.size === 0) return undefined
    const projects = [...this.refused].map(([p, spent]) => `${p} ($${spent.toFixed(4)} spent)`).join(', ')
    return `nightly budget of $${this.limitUsd.toFixed(2)} per project reached on ${this.night} for ${projects}; their remaining sessions are left for the next night`
  }
}
