import type { Database, ScoresTable } from '@suture/store'
import type { Insertable, Kysely } from 'kysely'
import type { ScoreResult, Scorer } from '../scoring/scorer.js'
import type { SessionKey } from './load-sessions.js'

export interface ScoreToStore extends SessionKey {
  readonly result: ScoreResult
}

/**
 * Writes scores in one statement. Idempotent: a second write of the same session, scorer and version
 * changes nothing, unless `force` asks to replace it. Retryable failures are never written; they stay
 * pending for the next run.
 */
export async function storeScores(
  db: Kysely<Database>,
  scorer: Pick<Scorer, 'name' | 'version' | 'model'>,
  items: readonly ScoreToStore[],
  options: { force?: boolean; runId?: number | undefined } = {},
): Promise<number> {
  const rows: Insertable<ScoresTable>[] = []
  for (const { projectId, sessionId, result } of items) {
    if (!result.ok && result.retryable) continue
    rows.push({
      project_id: projectId,
      session_id: sessionId,
      scorer: scorer.name,
      version: scorer.version,
      model: scorer.model ?? null,
      status: result.ok ? 'scored' : 'failed',
      score: result.ok ? result.output.score : null,
      intent: result.ok ? result.output.intent : null,
      success: result.ok ? result.output.success : null,
      improvement: result.ok ? result.output.improvement : null,
      department: result.ok ? result.output.department : null,
      failure_reason: result.ok ? null : result.reason.slice(0, 2_000),
      cost_usd: result.costUsd,
      input_tokens: (result.usage?.inputTokens ?? 0) + (result.usage?.cacheReadInputTokens ?? 0),
      output_tokens: result.usage?.outputTokens ?? 0,
      run_id: options.runId ?? null,
    })
  }
  if (rows.length === 0) return 0
  const inserted = await db
    .insertInto('scores')
    .values(rows)
    .onConflict((oc) => {
      const target = oc.columns(['project_id', 'session_id', 'scorer', 'version'])
      if (!options.force) return target.doNothing()
      return target.doUpdateSet((eb) => ({
        model: eb.ref('excluded.model'),
        status: eb.ref('excluded.status'),
        score: eb.ref('excluded.score'),
        intent: eb.ref('excluded.intent'),
        success: eb.ref('excluded.success'),
        improvement: eb.ref('excluded.improvement'),
        department: eb.ref('excluded.department'),
        failure_reason: eb.ref('excluded.failure_reason'),
        cost_usd: eb.ref('excluded.cost_usd'),
        input_tokens: eb.ref('excluded.input_tokens'),
        output_tokens: eb.ref('excluded.output_tokens'),
        run_id: eb.ref('excluded.run_id'),
        scored_at: eb.ref('excluded.scored_at'),
        exported_at: null,
      }))
    })
    .returning('session_id')
    .execute()
  return inserted.length
}
