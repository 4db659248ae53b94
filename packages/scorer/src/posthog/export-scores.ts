import type { Database } from '@suture/store'
import { type Kysely, sql } from 'kysely'
import type { ScoreExporter } from './score-exporter.js'

/**
 * Sends every score not yet exported, oldest first (so each person ends with their latest score), a
 * page at a time; a page is marked exported only after PostHog accepted all of it, so a failure resends
 * it next run rather than losing it. Resending is safe because each score's event has the same uuid
 * every time, and PostHog keeps one event per uuid. Resolves to the number exported.
 */
export async function exportScores(
  db: Kysely<Database>,
  exporter: ScoreExporter,
  options: { pageSize?: number; log?: ((line: string) => void) | undefined } = {},
): Promise<number> {
  const pageSize = options.pageSize ?? 500
  let exported = 0
  for (;;) {
    const rows = await db
      .selectFrom('scores as sc')
      .leftJoin('sessions as s', (join) =>
        join.onRef('s.project_id', '=', 'sc.project_id').onRef('s.id', '=', 'sc.session_id'),
      )
      .select([
        'sc.project_id',
        'sc.session_id',
        'sc.scorer',
        'sc.version',
        'sc.model',
        'sc.score',
        'sc.intent',
        'sc.success',
        'sc.improvement',
        'sc.department',
        'sc.scored_at',
        's.distinct_id',
      ])
      .where('sc.status', '=', 'scored')
      .where('sc.exported_at', 'is', null)
      .orderBy('sc.scored_at')
      .orderBy('sc.session_id')
      .limit(pageSize)
      .execute()
    if (rows.length === 0) return exported
    for (const row of rows) {
      exporter.send({
        projectId: row.project_id,
        sessionId: row.session_id,
        distinctId: row.distinct_id ?? row.session_id,
        score: row.score ?? 0,
        intent: row.intent ?? '',
        success: row.success ?? '',
        improvement: row.improvement ?? '',
        department: row.department ?? '',
        scorer: row.scorer,
        version: row.version,
        model: row.model,
        scoredAt: new Date(row.scored_at),
      })
    }
    try {
      await exporter.flush()
    } catch (error: unknown) {
      options.log?.(
        `PostHog export stopped: ${error instanceof Error ? error.message : String(error)}; ${exported} sent, the rest retries next run`,
      )
      return exported
    }
    const keys = rows.map((r) => sql`(${r.project_id}, ${r.session_id}, ${r.scorer}, ${r.version})`)
    await db
      .updateTable('scores')
      .set({ exported_at: new Date() })
      .where(sql<boolean>`(project_id, session_id, scorer, version) in (${sql.join(keys)})`)
      .execute()
    exported += rows.length
  }
}
